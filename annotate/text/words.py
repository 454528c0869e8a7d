"""Words of a text and how two stretches of words differ: the word level of diffs and
re-anchoring.

``tokens`` cuts a stretch of text into words, numbers and punctuation marks (code-point
offsets; whitespace is never a token). ``word_changes`` aligns two stretches word by word
and returns each run that differs as a ``Change``, classified for a fact-check desk:

- its *kinds*: which of ``number``, ``date``, ``name`` and ``negation`` it touches (a
  changed figure, year, month or weekday, proper name, or an added or dropped "not").
  A changed word next to a number ("about 3 million" for "3 million") counts as a
  number change: qualifiers change what a figure claims.
- whether it is *trivial*: nothing but case, punctuation or a one-letter typo fix in a
  word of four or more letters ("goverment" -> "government") that is not itself a word
  the text uses elsewhere. A trivial change never has a kind.

The word alignment is difflib's (Ratcliff/Obershelp) on the token strings, after the
common ends are trimmed; stretches longer than ``MAX_TOKENS`` words in their differing
middle are compared as one replaced run, so the cost per call is bounded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# A number (3, 3.1, 1,000, 10:30, 2/3), a word with inner apostrophes or hyphens
# (don't, Jae-in), or any single other non-space character (punctuation, symbols).
_TOKEN = re.compile(r"\d+(?:[.,:/]\d+)*|[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*|\w+|\S")
_LETTERS = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")

# Beyond this many differing tokens on either side, the middle is one replaced run.
MAX_TOKENS = 600


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


NUMBER = "number"
DATE = "date"
NAME = "name"
NEGATION = "negation"
KINDS = (NUMBER, DATE, NAME, NEGATION)

_NUMBER_WORDS = _word_set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy"
    " eighty ninety hundred hundreds thousand thousands million millions billion billions"
    " trillion trillions dozen dozens half quarter third percent per cent twice thrice once"
    " first second fifth tenth hundredth thousandth double triple"
)
_NUMBER_SYMBOLS = frozenset("%$€£¥‰")
_NEGATIONS = _word_set("not no never none nobody nothing nowhere neither nor without cannot")
_DATE_WORDS = _word_set(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday"
    " friday saturday sunday today yesterday tomorrow tonight"
)
# Capitalized words that start sentences without being names.
_COMMON = _word_set(
    "a an the this that these those it its he she his her they their them we our us i you"
    " your but and or so yet nor for in on at by to of from with as if when while after"
    " before since until there here what who whom whose which why how where one some many"
    " most all each every both few several any no not also still even just only then thus"
    " however meanwhile indeed although though because instead regardless considering"
    " according last next over under about despite during"
)
_YEAR = re.compile(r"1[89]\d\d|2[01]\d\d")


@dataclass(frozen=True, slots=True)
class Change:
    """One run of words that differs between an old and a new stretch of text.

    ``old_start``/``old_end`` are code-point offsets into the old text, ``new_start``/
    ``new_end`` into the new one (equal when the run is an insertion or a deletion on
    that side). ``old`` and ``new`` are the run's text; ``old_phrase``/``new_phrase`` the
    same run widened by a neighbouring word where a lone number or a short inserted word
    reads badly alone ("3 million" rather than "3").
    """

    old: str
    new: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    kinds: tuple[str, ...]
    trivial: bool
    old_phrase: str
    new_phrase: str


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` code-point spans of the tokens of ``text[start:end]``."""
    end = len(text) if end is None else end
    return [m.span() for m in _TOKEN.finditer(text, start, end)]


def inside_token(text: str, offset: int) -> bool:
    """Tell whether ``offset`` falls strictly inside a token of ``text`` ("2019.|5")."""
    start = max(0, offset - 64)
    if start:
        space = re.compile(r"\s").search(text, start, offset)
        start = space.end() if space else start
    for m in _TOKEN.finditer(text, start, min(len(text), offset + 64)):
        if m.start() >= offset:
            return False
        if m.end() > offset:
            return True
    return False


def is_number(token: str) -> bool:
    """Tell whether a token is a figure: it has a digit, or is a number word or symbol."""
    return (
        any(c.isdigit() for c in token)
        or token.lower() in _NUMBER_WORDS
        or token in _NUMBER_SYMBOLS
    )


def is_negation(token: str) -> bool:
    """Tell whether a token negates: "not", "never", ..., or a contraction in n't."""
    lower = token.lower()
    return lower in _NEGATIONS or lower.endswith(("n't", "n\u2019t"))


def is_date(token: str) -> bool:
    """Tell whether a token names a date: a month, weekday, relative day or a year."""
    return token.lower() in _DATE_WORDS or bool(_YEAR.fullmatch(token))


def is_name(token: str) -> bool:
    """Tell whether a token looks like a proper name (capitalized, not a common word)."""
    return token[:1].isupper() and token.lower() not in _COMMON and not is_date(token)


def content_words(words: Sequence[str]) -> list[str]:
    """Return the lower-cased words and numbers of ``words`` that carry content.

    Punctuation and common function words are left out; a stretch holding only those
    keeps its lower-cased words, so it is never empty unless it has no word at all.
    """
    lowered = [w.lower() for w in words if w[:1].isalnum()]
    content = [w for w in lowered if w not in _COMMON]
    return content or lowered


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Return the Dice overlap (0..1) of two bags of words (see ``content_words``)."""
    if not a or not b:
        return 0.0
    shared = sum((Counter(a) & Counter(b)).values())
    return 2.0 * shared / (len(a) + len(b))


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """Return difflib-style opcodes aligning token lists ``a`` and ``b``, in bounded time.

    The common start and end are matched directly; a differing middle longer than
    MAX_TOKENS on either side is one ``replace`` instead of a quadratic alignment.
    """
    n, m = len(a), len(b)
    head = 0
    while head < n and head < m and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and tail < m - head and a[n - 1 - tail] == b[m - 1 - tail]:
        tail += 1
    ops: list[tuple[str, int, int, int, int]] = []
    if head:
        ops.append(("equal", 0, head, 0, head))
    a_mid, b_mid = a[head : n - tail], b[head : m - tail]
    if a_mid or b_mid:
        if len(a_mid) > MAX_TOKENS or len(b_mid) > MAX_TOKENS or not a_mid or not b_mid:
            tag = "replace" if a_mid and b_mid else ("delete" if a_mid else "insert")
            ops.append((tag, head, n - tail, head, m - tail))
        else:
            matcher = SequenceMatcher(None, a_mid, b_mid, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                ops.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        ops.append(("equal", n - tail, n, m - tail, m))
    return ops


class WordDiff:
    """Two stretches of text aligned word by word: ``old_text[old_start:old_end]`` and
    ``new_text[new_start:new_end]``. Build once, then map offsets or list changes."""

    def __init__(
        self,
        old_text: str,
        old_range: tuple[int, int],
        new_text: str,
        new_range: tuple[int, int],
    ) -> None:
        self.old_text, self.new_text = old_text, new_text
        self.old_range, self.new_range = old_range, new_range
        self.old_tokens = tokens(old_text, *old_range)
        self.new_tokens = tokens(new_text, *new_range)
        self.old_words = [old_text[s:e] for s, e in self.old_tokens]
        self.new_words = [new_text[s:e] for s, e in self.new_tokens]
        self.ops = opcodes(self.old_words, self.new_words)
        # For each old token, the opcode holding it (insertions hold no old token).
        self._op_of_old = [0] * len(self.old_tokens)
        for index, (_tag, i1, i2, _j1, _j2) in enumerate(self.ops):
            for i in range(i1, i2):
                self._op_of_old[i] = index

    def map_start(self, offset: int) -> int:
        """Return where a span starting at old ``offset`` starts in the new text."""
        k = _first_ending_after(self.old_tokens, offset)
        if k == len(self.old_tokens):
            return self.new_range[1]
        tag, i1, i2, j1, j2 = self.ops[self._op_of_old[k]]
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            new_start = self.new_tokens[j1 + k - i1][0]
            inside = offset - self.old_tokens[k][0]
            return new_start + inside if tag == "equal" and inside > 0 else new_start
        if tag == "replace":
            return self.new_tokens[j1][0]
        return self.new_tokens[j1][0] if j1 < len(self.new_tokens) else self.new_range[1]

    def map_end(self, offset: int) -> int:
        """Return where a span ending at old ``offset`` (exclusive) ends in the new text."""
        k = _last_starting_before(self.old_tokens, offset)
        if k < 0:
            return self.new_range[0]
        tag, i1, i2, j1, j2 = self.ops[self._op_of_old[k]]
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            new_start, new_end = self.new_tokens[j1 + k - i1]
            inside = offset - self.old_tokens[k][0]
            if tag == "equal" and inside < new_end - new_start:
                return new_start + inside
            return new_end
        if tag == "replace":
            return self.new_tokens[j2 - 1][1]
        return self.new_tokens[j1 - 1][1] if j1 > 0 else self.new_range[0]

    def changes(self, known_word: Callable[[str], bool] | None = None) -> list[Change]:
        """Return every run that differs, classified (see the module docstring).

        ``known_word(word)`` tells whether a word occurs elsewhere in the texts; a
        one-letter change to a known word is a real change, not a typo fix.
        """
        found = []
        for index, (tag, i1, i2, j1, j2) in enumerate(self.ops):
            if tag == "equal":
                continue
            found.append(self._change(index, i1, i2, j1, j2, known_word))
        return found

    def _change(self, index, i1, i2, j1, j2, known_word) -> Change:
        old_run, new_run = self.old_words[i1:i2], self.new_words[j1:j2]
        near_number = _next_to_number(self.old_words, i1, i2) or _next_to_number(
            self.new_words, j1, j2
        )
        # Punctuation is trivia, except right beside a figure ("3" -> "-3", "3 -> 3.").
        punctuated = any(not _is_word(x) for x in old_run + new_run)
        trivial = _typo_level(old_run, new_run, known_word) and not (near_number and punctuated)
        kinds: set[str] = set()
        if not trivial:
            kinds.update(_kinds(old_run, new_run))
            if near_number:
                kinds.add(NUMBER)
            if _names_differ(old_run, new_run):
                kinds.add(NAME)
        left, right = self._widening(index, old_run, new_run)
        return Change(
            old=self._text(self.old_text, self.old_tokens, i1, i2),
            new=self._text(self.new_text, self.new_tokens, j1, j2),
            old_start=self._edge(self.old_tokens, i1, i2, self.old_range),
            old_end=self._edge(self.old_tokens, i1, i2, self.old_range, end=True),
            new_start=self._edge(self.new_tokens, j1, j2, self.new_range),
            new_end=self._edge(self.new_tokens, j1, j2, self.new_range, end=True),
            kinds=tuple(k for k in KINDS if k in kinds),
            trivial=trivial,
            old_phrase=self._text(self.old_text, self.old_tokens, i1 - left, i2 + right),
            new_phrase=self._text(self.new_text, self.new_tokens, j1 - left, j2 + right),
        )

    def _widening(self, index: int, old_run: list[str], new_run: list[str]) -> tuple[int, int]:
        """Return how many equal neighbouring tokens to add on the left and right so a
        change reads as a phrase: a lone figure takes its unit word, an insertion or a
        short word takes one word either side."""
        before = self.ops[index - 1] if index > 0 else None
        after = self.ops[index + 1] if index + 1 < len(self.ops) else None
        can_left = before is not None and before[0] == "equal"
        can_right = after is not None and after[0] == "equal"
        left = right = 0
        if any(is_number(w) for w in old_run + new_run):
            if can_right and is_number(self.old_words[after[1]]):
                right = 1
            if can_left and self.old_words[before[2] - 1] in _NUMBER_SYMBOLS:
                left = 1
        elif not old_run or not new_run or max(len(w) for w in old_run + new_run) <= 3:
            left, right = int(can_left), int(can_right)
        return left, right

    @staticmethod
    def _text(text: str, spans: list[tuple[int, int]], i: int, j: int) -> str:
        i, j = max(i, 0), min(j, len(spans))
        return text[spans[i][0] : spans[j - 1][1]] if i < j else ""

    @staticmethod
    def _edge(spans, i: int, j: int, bounds: tuple[int, int], end: bool = False) -> int:
        """Return the start (or end) offset of tokens ``i:j``; for an empty run, the
        point between token ``i - 1`` and token ``i``."""
        if i < j:
            return spans[j - 1][1] if end else spans[i][0]
        return spans[i][0] if i < len(spans) else (spans[i - 1][1] if i else bounds[0])


def word_changes(
    old_text: str,
    old_range: tuple[int, int],
    new_text: str,
    new_range: tuple[int, int],
    known_word: Callable[[str], bool] | None = None,
) -> list[Change]:
    """Return the classified word changes from ``old_text[old_range]`` to
    ``new_text[new_range]`` (see ``WordDiff.changes``)."""
    return WordDiff(old_text, old_range, new_text, new_range).changes(known_word)


def _first_ending_after(spans: list[tuple[int, int]], offset: int) -> int:
    """Return the index of the first token that ends after ``offset``."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][1] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _last_starting_before(spans: list[tuple[int, int]], offset: int) -> int:
    """Return the index of the last token that starts before ``offset`` (or -1)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][0] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _kinds(old_run: list[str], new_run: list[str]):
    """Yield the kinds whose tokens differ between the two runs."""
    for kind, test in ((NUMBER, is_number), (DATE, is_date), (NEGATION, is_negation)):
        if Counter(w.lower() for w in old_run if test(w)) != Counter(
            w.lower() for w in new_run if test(w)
        ):
            yield kind


def _names_differ(old_run: list[str], new_run: list[str]) -> bool:
    return Counter(w for w in old_run if is_name(w)) != Counter(w for w in new_run if is_name(w))


def _next_to_number(words: list[str], i: int, j: int) -> bool:
    """Tell whether the run ``words[i:j]`` touches a number just outside it."""
    return (i > 0 and is_number(words[i - 1])) or (j < len(words) and is_number(words[j]))


def _is_word(token: str) -> bool:
    """Tell whether a token is a word, a number or a figure's symbol (not punctuation)."""
    return token[:1].isalnum() or token in _NUMBER_SYMBOLS


def _is_kind_word(word: str) -> bool:
    return is_number(word) or is_negation(word) or is_date(word)


def _typo_level(
    old_run: list[str], new_run: list[str], known_word: Callable[[str], bool] | None
) -> bool:
    """Tell whether two runs differ only in case, punctuation or one-letter typo fixes.

    A typo fix turns a word that is not a number, date or negation word (nor, per
    ``known_word``, a word used elsewhere) into a word one edit away that is not a
    negation: "perrcent" -> "percent" is a fix; "million" -> "billion", "nor" -> "not"
    and "ever" -> "never" are not.
    """
    old_words = [x for x in old_run if _is_word(x)]
    new_words = [x for x in new_run if _is_word(x)]
    if len(old_words) != len(new_words):
        return False
    for old, new in zip(old_words, new_words, strict=True):
        if old.lower() == new.lower():
            continue
        if not (_LETTERS.fullmatch(old) and _LETTERS.fullmatch(new)):
            return False
        if _is_kind_word(old) or is_negation(new):
            return False
        if min(len(old), len(new)) < 4 or not _one_edit(old.lower(), new.lower()):
            return False
        if known_word is not None and known_word(old):
            return False
    return True


def _one_edit(a: str, b: str) -> bool:
    """Tell whether ``a`` and ``b`` differ by exactly one insertion, deletion,
    substitution or swap of two neighbouring letters."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    a_rest, b_rest = a[head:], b[head:]
    if len(a) == len(b):
        if a_rest[1:] == b_rest[1:]:
            return True
        return (
            len(a_rest) >= 2
            and a_rest[0] == b_rest[1]
            and a_rest[1] == b_rest[0]
            and (a_rest[2:] == b_rest[2:])
        )
    return a_rest[1:] == b_rest if len(a) > len(b) else a_rest == b_rest[1:]

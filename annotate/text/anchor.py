"""Anchor quotes to document text: offset conversion, quote selectors, re-anchoring.

Offsets in the project are code points into the stored text. Browsers (JavaScript
strings) and the W3C Web Annotation ``TextPositionSelector`` as most clients produce it
count UTF-16 code units instead; ``Utf16Index`` converts between the two in
O(log n) per offset after one O(n) scan.

A claim keeps a ``QuoteSelector`` (the quoted text with up to 32 characters of context
on each side, as the W3C ``TextQuoteSelector`` and Hypothesis do) beside its offsets.
``check_quote`` rejects offsets whose text is not the quote.

When a document gets a new version, ``reanchor_claims`` moves every claim of the old
version onto the new text and says what became of it (an ``Outcome``):

- **kept**: the quoted words are in the new version, maybe elsewhere; a quote whose only
  differences are trivial (case, punctuation, a one-letter typo fix) is kept too, with
  the corrections listed;
- **changed**: the claim's sentence is still there, edited in place, and its quoted words
  differ, or the quote is the same but a number, date, name or negation changed right
  around it; ``changes`` has the old and new words, ``message`` says it in a sentence
  ("The article now says "3.1 million"; the claim was checked against "3 million".");
- **orphaned**: its sentence was removed, or cannot be told apart from another.

How, per claim: (1) the old position carried through the sentence alignment of the two
versions (``diff.align``) plus a quote check: an unchanged or moved sentence keeps its
claims at once; (2) an exact search for the quote inside the new sentences its own
sentence became, disambiguated by the prefix/suffix context and by the position the word
alignment predicts; (3) a bounded approximate match: the quote's boundaries carried
through the word-level alignment of the old and new sentence; (4) else orphan.

A claim never attaches to a look-alike: it only follows its own sentence, and a removed
sentence is only followed to a sentence elsewhere when the two differ in nothing but
trivia. A removed sentence that reappears elsewhere with one number or name changed is a
look-alike: its claims are orphaned (the look-alike is offered as ``similar``, a hint).
Near-ties in the sentence pairing leave the sentences unpaired, so their claims are
orphaned too. Claims whose stored quote does not match the old text (``selector``) are
placed only by an exact quote with its whole context, unique in the new text.

``reanchor(text, selector, hint)`` is the plain locator without a previous version: the
quote at the hint, else exact search (context, then nearness), else the closest fuzzy
match (edit distance, Myers' bit-parallel algorithm) near the hint. It says where a
quote most likely is, not whether that is safe; ``reanchor_claims`` decides that.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise

from annotate.text import words
from annotate.text.diff import Alignment, Kind, align

# Characters outside the Basic Multilingual Plane take two UTF-16 code units.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

DEFAULT_CONTEXT = 32
# Ranges in messages are written with an EN DASH ("10\u201325"), as in typeset text.
DASH = "\u2013"
# The fuzzy pass looks this many code points either side of the old position.
FUZZY_RADIUS = 2000


class AnchorMismatch(ValueError):
    """Offsets that do not fit the document, or text there that is not the quote."""


class Utf16Index:
    """Convert offsets in one text between code points and UTF-16 code units."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Code-point positions of astral characters, and their UTF-16 positions.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_utf16 = [cp + k for k, cp in enumerate(self._astral)]
        self.utf16_length = self.length + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """Return the UTF-16 offset of code-point offset ``offset`` (0..len(text))."""
        if not 0 <= offset <= self.length:
            raise ValueError(
                f"Code point offset {offset} is outside the text (length {self.length})."
            )
        return offset + bisect_left(self._astral, offset)

    def to_codepoint(self, offset: int) -> int:
        """Return the code-point offset of UTF-16 offset ``offset`` (0..UTF-16 length)."""
        if not 0 <= offset <= self.utf16_length:
            raise ValueError(
                f"UTF-16 offset {offset} is outside the text (UTF-16 length {self.utf16_length})."
            )
        before = bisect_left(self._astral_utf16, offset)  # astral chars starting before
        if before and self._astral_utf16[before - 1] == offset - 1:
            raise ValueError(
                f"UTF-16 offset {offset} falls inside a surrogate pair "
                f"(the character at code point {self._astral[before - 1]})."
            )
        return offset - before


@lru_cache(maxsize=4)
def _index(text: str) -> Utf16Index:
    return Utf16Index(text)


def utf16_to_codepoint(text: str, utf16_offset: int) -> int:
    """Return the code-point offset in ``text`` of a UTF-16 offset (see Utf16Index)."""
    return _index(text).to_codepoint(utf16_offset)


def codepoint_to_utf16(text: str, cp_offset: int) -> int:
    """Return the UTF-16 offset in ``text`` of a code-point offset (see Utf16Index)."""
    return _index(text).to_utf16(cp_offset)


@dataclass(frozen=True)
class QuoteSelector:
    """A quote with the text right before and after it (W3C TextQuoteSelector)."""

    exact: str
    prefix: str
    suffix: str


def check_range(text: str, start: int, end: int) -> None:
    """Raise AnchorMismatch unless ``0 <= start < end <= len(text)``."""
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        raise AnchorMismatch(f"Offsets {start!r}{DASH}{end!r} are not whole numbers.")
    if start < 0 or end > len(text):
        raise AnchorMismatch(
            f"Offsets {start}{DASH}{end} are outside the document (length {len(text)})."
        )
    if start >= end:
        raise AnchorMismatch(
            f"Offsets {start}{DASH}{end} select nothing: the start must be before the end."
        )


def check_quote(text: str, start: int, end: int, exact: str) -> None:
    """Raise AnchorMismatch unless the offsets are valid and ``text[start:end] == exact``."""
    check_range(text, start, end)
    if text[start:end] != exact:
        raise AnchorMismatch(f"The quoted text does not match the document at {start}{DASH}{end}.")


def quote_selector(
    text: str, start: int, end: int, context: int = DEFAULT_CONTEXT
) -> QuoteSelector:
    """Return the quote ``text[start:end]`` with ``context`` characters either side."""
    check_range(text, start, end)
    return QuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def reanchor(text: str, selector: QuoteSelector, hint_start: int | None) -> tuple[int, int] | None:
    """Return ``(start, end)`` of the selector's quote in ``text``, or None if lost.

    Tries, in order: the quote at ``hint_start``; exact occurrences of the quote, best
    context match first, then nearest to the hint; the closest fuzzy match (at most a
    quarter of the quote's characters edited) within FUZZY_RADIUS of the hint, or in
    the whole text if it is shorter than twice that and there is no hint.
    """
    exact = selector.exact
    if not exact:
        return None
    if hint_start is not None and hint_start >= 0 and text.startswith(exact, hint_start):
        return hint_start, hint_start + len(exact)
    found = _exact_match(text, selector, hint_start)
    if found is not None:
        return found, found + len(exact)
    return _fuzzy_match(text, exact, hint_start)


def _exact_match(text: str, selector: QuoteSelector, hint: int | None) -> int | None:
    """Return the start of the best exact occurrence of the quote, or None."""
    best: tuple[int, int] | None = None
    best_start = None
    start = text.find(selector.exact)
    while start != -1:
        end = start + len(selector.exact)
        context = _common_suffix(
            selector.prefix, text[max(0, start - len(selector.prefix)) : start]
        )
        context += _common_prefix(selector.suffix, text[end : end + len(selector.suffix)])
        distance = abs(start - hint) if hint is not None else 0
        key = (-context, distance)
        if best is None or key < best:
            best, best_start = key, start
        start = text.find(selector.exact, start + 1)
    return best_start


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _fuzzy_match(text: str, exact: str, hint: int | None) -> tuple[int, int] | None:
    """Return the nearest closest approximate occurrence of ``exact``, or None."""
    if hint is None:
        if len(text) > 2 * FUZZY_RADIUS:
            return None
        window_start, window_end, hint = 0, len(text), 0
    else:
        window_start = max(0, hint - FUZZY_RADIUS)
        window_end = min(len(text), hint + len(exact) + FUZZY_RADIUS)
    window = text[window_start:window_end]
    max_errors = len(exact) // 4
    ends = _best_ends(window, exact, max_errors)
    if not ends:
        return None
    errors, candidates = ends
    end = min(candidates, key=lambda e: abs(window_start + e - len(exact) - hint))
    start = _best_start(window, exact, end, errors)
    return window_start + start, window_start + end


def _best_ends(text: str, pattern: str, max_errors: int) -> tuple[int, list[int]] | None:
    """Return the least edit distance <= max_errors of ``pattern`` to a substring of
    ``text``, and every end offset (exclusive) reaching it; None if none does.

    Myers (1999) bit-parallel approximate search; Python ints hold any pattern length.
    """
    scores = _end_scores(text, pattern)
    least = min(scores, default=max_errors + 1)
    if least > max_errors:
        return None
    return least, [j + 1 for j, score in enumerate(scores) if score == least]


def _end_scores(text: str, pattern: str, anchored: bool = False) -> list[int]:
    """Return, for each position j, the edit distance of ``pattern`` to the best
    substring of ``text`` ending at j (inclusive); with ``anchored``, to ``text[: j + 1]``.
    """
    m = len(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    scores = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        # Shifting in 0 makes every text position a free start (search); shifting in 1
        # charges for skipped text, so matches must start at text[0] (anchored).
        ph = ((ph << 1) | anchored) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores.append(score)
    return scores


def _best_start(text: str, pattern: str, end: int, errors: int) -> int:
    """Return the start of a substring ending at ``end`` within ``errors`` edits of
    ``pattern``, choosing the one whose length is closest to the pattern's."""
    begin = max(0, end - len(pattern) - errors)
    reversed_scores = _end_scores(text[begin:end][::-1], pattern[::-1], anchored=True)
    starts = [end - (j + 1) for j, score in enumerate(reversed_scores) if score <= errors]
    return min(starts, key=lambda s: abs((end - s) - len(pattern)))


# ---------------------------------------------------------------------------------------
# Re-anchoring the claims of one version onto the next.

# A rewritten quote of SHORT_QUOTE words or more is still "changed" (not orphaned) while
# this share of its words survives; below that it is a different statement. A shorter
# quote in its own sentence is followed however much it changed ("900" -> "950").
MIN_QUOTE_SIMILARITY = 0.2
SHORT_QUOTE = 4
# More occurrences than this of one quote inside its own sentences is not a place.
MAX_OCCURRENCES = 50


class Outcome(StrEnum):
    """What became of a claim in a new version."""

    KEPT = "kept"
    CHANGED = "changed"
    ORPHANED = "orphaned"


# How a claim was placed (or why it was not): ``Reanchored.method``.
BY_POSITION = "position"  # its sentence is unchanged, maybe shifted
BY_MOVE = "moved"  # its sentence moved elsewhere (identical or with typos fixed)
IN_PLACE = "in place"  # its sentence was edited in place
BY_SELECTOR = "selector"  # the stored quote did not fit the old text; found by quote+context
DELETED = "deleted"  # orphaned: the sentence was removed
QUOTE_REMOVED = "quote removed"  # orphaned: the quoted words were removed from the sentence
REWRITTEN = "rewritten"  # orphaned: the quoted words were rewritten past recognition
AMBIGUOUS = "ambiguous"  # orphaned: more than one equally good place
SCATTERED = "scattered"  # orphaned: the quoted sentences went to different places
NOT_FOUND = "not found"  # orphaned: a selector-only claim with no safe match
EMPTY = "empty"  # orphaned: the claim has no quote


@dataclass(frozen=True, slots=True)
class ClaimQuote:
    """A claim as the old version holds it; ``key`` is the caller's id, handed back."""

    key: object
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Reanchored:
    """Where a claim is in the new version, and what changed.

    ``start``/``end``/``quote``/``prefix``/``suffix`` are the claim's new anchor (None and
    empty when orphaned). ``changes`` are the word changes from the old quote to the new
    one (for a kept claim, only trivial corrections); ``context_changes`` the number,
    date, name or negation changes in its sentence outside the quote. ``similar`` is,
    for an orphan, the span of a look-alike sentence in the new text (a hint for the
    checker; the claim is not attached to it). ``kinds`` joins the kinds of all changes.
    """

    key: object
    outcome: Outcome
    method: str
    old_start: int
    old_end: int
    old_quote: str
    start: int | None = None
    end: int | None = None
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    changes: tuple[words.Change, ...] = ()
    context_changes: tuple[words.Change, ...] = ()
    similar: tuple[int, int] | None = None
    similar_changes: tuple[words.Change, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        present = {k for c in self.changes + self.context_changes for k in c.kinds}
        return tuple(k for k in words.KINDS if k in present)

    @property
    def message(self) -> str:
        """One sentence for the desk and the audit trail."""
        return _message(self)

    def as_dict(self) -> dict:
        """Return the result as plain JSON-ready data (for the anchoring history)."""

        def change(c: words.Change) -> dict:
            return {
                "old": c.old,
                "new": c.new,
                "old_phrase": c.old_phrase,
                "new_phrase": c.new_phrase,
                "old_start": c.old_start,
                "old_end": c.old_end,
                "new_start": c.new_start,
                "new_end": c.new_end,
                "kinds": list(c.kinds),
                "trivial": c.trivial,
            }

        return {
            "outcome": self.outcome.value,
            "method": self.method,
            "old_start": self.old_start,
            "old_end": self.old_end,
            "old_quote": self.old_quote,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "changes": [change(c) for c in self.changes],
            "context_changes": [change(c) for c in self.context_changes],
            "kinds": list(self.kinds),
            "similar": list(self.similar) if self.similar else None,
            "message": self.message,
        }


def reanchor_claims(
    old_text: str,
    new_text: str,
    claims: Iterable[ClaimQuote],
    *,
    old_spans: Iterable | None = None,
    new_spans: Iterable | None = None,
    alignment: Alignment | None = None,
) -> list[Reanchored]:
    """Re-anchor every claim of ``old_text`` onto ``new_text``, in the claims' order.

    Pass the versions' stored sentence spans (``Span`` objects or ``(start, end)``
    pairs), or an ``Alignment`` already made by ``diff.align`` for the diff view; without
    them the texts are segmented here. Cost: one alignment, then O(log n) per claim whose
    sentence is unchanged or moved and a word alignment of its sentence per edited one.
    """
    reanchorer = Reanchorer(
        old_text, new_text, old_spans=old_spans, new_spans=new_spans, alignment=alignment
    )
    return [reanchorer.reanchor(claim) for claim in claims]


class Reanchorer:
    """Re-anchors claims of one old version onto one new version (see reanchor_claims)."""

    def __init__(
        self,
        old_text: str,
        new_text: str,
        *,
        old_spans: Iterable | None = None,
        new_spans: Iterable | None = None,
        alignment: Alignment | None = None,
    ) -> None:
        if alignment is None:
            from annotate.text.segment import segment  # only when no spans are given

            alignment = align(
                old_text,
                segment(old_text) if old_spans is None else old_spans,
                new_text,
                segment(new_text) if new_spans is None else new_spans,
            )
        elif alignment.old_text != old_text or alignment.new_text != new_text:
            raise ValueError("The alignment was made for other texts than these two.")
        self.al = alignment
        self.old_text, self.new_text = old_text, new_text
        self._diffs: dict[tuple, words.WordDiff] = {}
        self._known: dict[str, bool] = {}
        self._changes: dict[tuple, list[words.Change]] = {}

    def reanchor(self, claim: ClaimQuote) -> Reanchored:
        """Return what became of one claim (see the module docstring)."""
        base = {
            "key": claim.key,
            "old_start": claim.start,
            "old_end": claim.end,
            "old_quote": claim.quote,
        }
        if not claim.quote:
            return Reanchored(outcome=Outcome.ORPHANED, method=EMPTY, **base)
        fits = (
            all(isinstance(x, int) and not isinstance(x, bool) for x in (claim.start, claim.end))
            and 0 <= claim.start < claim.end <= len(self.old_text)
            and self.old_text[claim.start : claim.end] == claim.quote
        )
        if not fits:
            return self._by_selector(claim, base)
        al = self.al
        first = al.old_index(claim.start)
        last = bisect_left(al.old_starts, claim.end) - 1
        if first > last:  # the claim holds no sentence (whitespace between two)
            return self._by_selector(claim, base)
        shifted = self._shift(first, last)
        if shifted is not None:
            start, end = claim.start + shifted[0], claim.end + shifted[0]
            if self.new_text[start:end] == claim.quote:
                return self._placed(base, Outcome.KEPT, shifted[1], start, end)
        return self._in_new_sentences(claim, base, first, last)

    def _shift(self, first: int, last: int) -> tuple[int, str] | None:
        """Return the offset shift and method if old sentences ``first..last`` are all
        unchanged (or moved unchanged) and shifted by one amount; else None."""
        al = self.al
        shift = None
        method = BY_POSITION
        for i in range(first, last + 1):
            kind, target = al.old_kind[i], al.old_new[i]
            if kind is Kind.EQUAL:
                delta = al.new_starts[target[0]] - al.old_starts[i]
            elif i in al.old_at:  # moved, or joined to a neighbour, verbatim
                delta = al.old_at[i] - al.old_starts[i]
            else:  # edited, or moved with typos fixed
                return None
            if shift is not None and delta != shift:
                return None
            shift = delta
            method = {Kind.MOVED: BY_MOVE, Kind.CHANGED: IN_PLACE}.get(kind, method)
        return shift, method

    def _in_new_sentences(self, claim: ClaimQuote, base: dict, first: int, last: int):
        """Find the claim inside the new sentences its old sentences became."""
        al = self.al
        targets = [al.old_new[i] for i in range(first, last + 1)]
        kept = [t for t in targets if t is not None]
        if not kept:
            return self._orphan(base, DELETED, first, last)
        if any(b[0] < a[0] for a, b in pairwise(kept)) or (
            kept[-1][1] - kept[0][0] > 2 * (last - first + 1) + 2
        ):
            return self._orphan(base, SCATTERED, first, last)
        kinds = {al.old_kind[i] for i in range(first, last + 1) if al.old_new[i] is not None}
        method = BY_MOVE if kinds == {Kind.MOVED} else IN_PLACE
        old_range = (min(al.old_starts[first], claim.start), max(al.old_ends[last], claim.end))
        new_range = (al.new_starts[kept[0][0]], al.new_ends[kept[-1][1] - 1])
        verbatim = self._verbatim(claim, first, last, new_range)
        if verbatim is not None:
            return self._placed(base, Outcome.KEPT, method, *verbatim)
        region = self._diff(old_range, new_range)
        mapped = (region.map_start(claim.start), region.map_end(claim.end))
        exact = self._exact_in(claim, new_range, mapped)
        if exact == AMBIGUOUS:
            return self._orphan(base, AMBIGUOUS, first, last)
        if exact is not None:
            start, end = exact
            changes: list[words.Change] = []
        else:
            start, end = mapped
            if start >= end or not words.tokens(self.new_text, start, end):
                return self._orphan(base, QUOTE_REMOVED, first, last)
            quote_diff = words.WordDiff(
                self.old_text, (claim.start, claim.end), self.new_text, (start, end)
            )
            changes = quote_diff.changes(self._known_word)
            old_words = [x.lower() for x in quote_diff.old_words if x[:1].isalnum()]
            new_words = [x.lower() for x in quote_diff.new_words if x[:1].isalnum()]
            if (
                len(old_words) >= SHORT_QUOTE
                and not all(c.trivial for c in changes)
                and words.similarity(old_words, new_words) < MIN_QUOTE_SIMILARITY
            ):
                return self._orphan(base, REWRITTEN, first, last)
        if self._neighbours_crossed(first, last, new_range, start, end):
            return self._orphan(base, AMBIGUOUS, first, last)
        context = [
            c
            for c in self._region_changes(old_range, new_range)
            if c.kinds
            and not _overlaps(c.old_start, c.old_end, claim.start, claim.end)
            and not _overlaps(c.new_start, c.new_end, start, end)
        ]
        trivial = all(c.trivial for c in changes)
        outcome = Outcome.KEPT if trivial and not context else Outcome.CHANGED
        return self._placed(base, outcome, method, start, end, changes, context)

    def _verbatim(self, claim: ClaimQuote, first: int, last: int, new_range: tuple[int, int]):
        """Return the claim's span if its old sentences are in ``new_range`` verbatim, once
        (only cut or joined differently by the splitter); else None."""
        al = self.al
        text = self.old_text[al.old_starts[first] : al.old_ends[last]]
        at = self.new_text.find(text, *new_range)
        if at == -1 or self.new_text.find(text, at + 1, new_range[1]) != -1:
            return None
        shift = at - al.old_starts[first]
        if not self._same_edges(claim, claim.start + shift, claim.end + shift):
            return None
        return claim.start + shift, claim.end + shift

    def _neighbours_crossed(self, first, last, new_range, start, end) -> bool:
        """Tell whether a removed old neighbour of the claim's sentences turns up verbatim
        in the same new sentence but on the other side of the quote: then the sentence
        was not edited in place; a look-alike was glued to that neighbour."""
        al = self.al
        for i, before in ((first - 1, True), (last + 1, False)):
            if not 0 <= i < len(al.old_kind) or al.old_kind[i] not in (Kind.DELETED, Kind.CHANGED):
                continue
            text = al.old_sentence(i)
            at = self.new_text.find(text, *new_range)
            if at != -1 and (at >= end if before else at + len(text) <= start):
                return True
        return False

    def _same_edges(self, claim: ClaimQuote, start: int, end: int) -> bool:
        """Tell whether a span of the new text starts and ends on word edges where the
        claim did: "in 2019." is not found in "in 2019.5"."""
        old, new = self.old_text, self.new_text
        return words.inside_token(old, claim.start) == words.inside_token(new, start) and (
            words.inside_token(old, claim.end) == words.inside_token(new, end)
        )

    def _exact_in(self, claim: ClaimQuote, new_range: tuple[int, int], mapped: tuple[int, int]):
        """Return the best exact occurrence of the quote in ``new_range`` that overlaps
        the mapped place: the one at it, else the best context, then the nearest;
        AMBIGUOUS on a tie; or None."""
        text, quote = self.new_text, claim.quote
        found = []
        at = text.find(quote, new_range[0], new_range[1])
        while at != -1 and len(found) <= MAX_OCCURRENCES:
            found.append(at)
            at = text.find(quote, at + 1, new_range[1])
        if not found:
            return None
        if len(found) > MAX_OCCURRENCES:
            return AMBIGUOUS
        # An occurrence away from where the word alignment puts the quote is another
        # mention in the same sentence ("from 5 to 4 ... to 5 to 4"), not this one.
        found = [
            at
            for at in found
            if self._same_edges(claim, at, at + len(quote))
            and at < mapped[1]
            and mapped[0] < at + len(quote)
        ]
        if not found:
            return None
        if mapped[0] in found:
            return mapped[0], mapped[0] + len(quote)
        scored = sorted(
            (-_context_score(text, at, at + len(quote), claim), abs(at - mapped[0]), at)
            for at in found
        )
        if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
            return AMBIGUOUS
        at = scored[0][2]
        return at, at + len(quote)

    def _by_selector(self, claim: ClaimQuote, base: dict) -> Reanchored:
        """Place a claim whose quote does not fit the old text: only an exact quote with
        its whole stored context, found once in the new text, is safe."""
        text, quote = self.new_text, claim.quote
        full = len(claim.prefix) + len(claim.suffix)
        matches = []
        at = text.find(quote)
        while at != -1 and len(matches) < 2:
            if _context_score(text, at, at + len(quote), claim) == full:
                matches.append(at)
            at = text.find(quote, at + 1)
        if len(matches) != 1:
            return Reanchored(outcome=Outcome.ORPHANED, method=NOT_FOUND, **base)
        return self._placed(base, Outcome.KEPT, BY_SELECTOR, matches[0], matches[0] + len(quote))

    def _placed(self, base, outcome, method, start, end, changes=(), context=()) -> Reanchored:
        selector = quote_selector(self.new_text, start, end)
        return Reanchored(
            outcome=outcome,
            method=method,
            start=start,
            end=end,
            quote=selector.exact,
            prefix=selector.prefix,
            suffix=selector.suffix,
            changes=tuple(changes),
            context_changes=tuple(context),
            **base,
        )

    def _orphan(self, base: dict, method: str, first: int, last: int) -> Reanchored:
        """Return an orphan, with the look-alike of one of its sentences as a hint."""
        al = self.al
        for i in range(first, last + 1):
            j = al.similar.get(i)
            if j is not None:
                old_range = (al.old_starts[i], al.old_ends[i])
                new_range = (al.new_starts[j], al.new_ends[j])
                changes = self._diff(old_range, new_range).changes()
                changes = tuple(c for c in changes if not c.trivial)
                return Reanchored(
                    outcome=Outcome.ORPHANED,
                    method=method,
                    similar=new_range,
                    similar_changes=changes,
                    **base,
                )
        return Reanchored(outcome=Outcome.ORPHANED, method=method, **base)

    def _diff(self, old_range: tuple[int, int], new_range: tuple[int, int]) -> words.WordDiff:
        key = (old_range, new_range)
        if key not in self._diffs:
            self._diffs[key] = words.WordDiff(self.old_text, old_range, self.new_text, new_range)
        return self._diffs[key]

    def _region_changes(self, old_range, new_range) -> list[words.Change]:
        key = (old_range, new_range)
        if key not in self._changes:
            self._changes[key] = self._diff(old_range, new_range).changes(self._known_word)
        return self._changes[key]

    def _known_word(self, word: str) -> bool:
        """Tell whether ``word`` is a word the texts use elsewhere (so not a typo):
        it occurs in the new text, or twice in the old one."""
        lower = word.lower()
        if lower not in self._known:
            pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)
            in_new = pattern.search(self.new_text) is not None
            self._known[lower] = in_new or len(pattern.findall(self.old_text, 0)) >= 2
        return self._known[lower]


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Tell whether two spans overlap; an empty span overlaps a span it lies inside."""
    if a_start == a_end:
        return b_start < a_start < b_end
    return a_start < b_end and b_start < a_end


def _context_score(text: str, start: int, end: int, claim: ClaimQuote) -> int:
    """Return how many characters of the claim's prefix and suffix match around a span."""
    before = text[max(0, start - len(claim.prefix)) : start]
    after = text[end : end + len(claim.suffix)]
    return _common_suffix(claim.prefix, before) + _common_prefix(claim.suffix, after)


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


def _describe(changes: Sequence[words.Change], limit: int = 3) -> str:
    parts = [
        f"{_quoted(c.new_phrase) if c.new_phrase else 'nothing'} where it said "
        f"{_quoted(c.old_phrase) if c.old_phrase else 'nothing'}"
        for c in changes[:limit]
    ]
    more = len(changes) - limit
    return "; ".join(parts) + (f"; and {more} more change{'s' * (more > 1)}" if more > 0 else "")


def _message(r: Reanchored) -> str:
    if r.outcome is Outcome.KEPT:
        if r.changes:
            fixes = ", ".join(f"{_quoted(c.old)} \u2192 {_quoted(c.new)}" for c in r.changes)
            return f"Kept, with corrections in the new version: {fixes}."
        if r.method == BY_MOVE:
            return "Kept: the sentence moved; the quoted text is unchanged."
        return "Kept: the quoted text is unchanged."
    if r.outcome is Outcome.CHANGED:
        real = [c for c in r.changes if not c.trivial]
        parts = []
        if real:
            parts.append(
                f"The article now says {_quoted(r.quote)}; the claim was checked against "
                f"{_quoted(r.old_quote)}"
                if len(r.quote) <= 120 and len(r.old_quote) <= 120
                else f"The quoted text changed: it now says {_describe(real)}"
            )
        if r.context_changes:
            parts.append(f"the sentence around the quote now says {_describe(r.context_changes)}")
        text = ". Also, ".join(parts) if real else parts[0][0].upper() + parts[0][1:]
        return text + "."
    reasons = {
        DELETED: "The sentence was removed in the new version.",
        QUOTE_REMOVED: "The quoted words were removed from the sentence.",
        REWRITTEN: "The quoted passage was rewritten too much to follow.",
        AMBIGUOUS: "The quote now appears in more than one place and none is clearly its own.",
        SCATTERED: "The quoted sentences went to different places.",
        NOT_FOUND: "The quote was not found in the new version.",
        EMPTY: "The claim has no quoted text.",
    }
    text = reasons.get(r.method, "The claim could not be placed.")
    if r.similar:
        kinds = sorted({k for c in r.similar_changes for k in c.kinds})
        how = f" (it differs in a {' and a '.join(kinds)})" if kinds else ""
        text += f" A similar sentence was added elsewhere{how}; it was not attached."
    return text

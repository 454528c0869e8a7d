"""Align two versions of a document sentence by sentence, with word-level changes.

``align(old_text, old_spans, new_text, new_spans)`` pairs the sentences of an old and a
new version (spans are the stored sentence spans, code-point offsets):

1. Identical sentences in order: a patience diff (sentences that occur once on each
   side anchor the alignment, their longest increasing run is kept), recursing into
   the gaps between anchors; a small gap without such anchors is aligned by difflib,
   a large one by a greedy walk that resynchronizes within ``RESYNC_WINDOW`` sentences.
   Cost: O(n log n) for ordinary revisions, O(n * RESYNC_WINDOW) at worst.
   Each later step only compares candidates found through an index (sentences sharing
   rare words, or a sentence's first three tokens), so it is linear in the number of
   removed and added sentences.
2. Moves: a removed sentence whose exact text was added elsewhere, once on each side.
3. Edits in place: within each gap, removed and added sentences are paired by word
   overlap (``words.similarity``) in order, allowing one sentence split into two or two
   merged into one; a pair needs ``PAIR_THRESHOLD`` overlap and must beat any other
   candidate of its gap by ``AMBIGUITY_MARGIN``, else both stay unpaired.
4. Moves with a typo fixed: a removed sentence whose only differences from an added
   sentence elsewhere are trivial (``words.Change.trivial``), the only such candidate.

A removed sentence that looks like an added one elsewhere but differs in a number, name,
date or negation is *not* paired: it is a look-alike. It is kept as ``similar`` so the
desk can show it as a hint, never as a match.

``document_diff`` turns an alignment into display rows (new-document order, removed
sentences where they were) with the word changes of each changed sentence, and
``hunks`` groups rows with a little unchanged context, for the version diff view.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum
from functools import cached_property
from itertools import pairwise

from annotate.text import words as w

# A gap this small (old sentences x new sentences) is aligned by difflib exactly.
DIFFLIB_CELLS = 250_000
# The greedy walk looks this many sentences ahead on each side to resynchronize.
RESYNC_WINDOW = 64
# Gaps up to this many cells are paired by dynamic programming, larger ones greedily.
PAIR_DP_CELLS = 3_600
PAIR_THRESHOLD = 0.35
AMBIGUITY_MARGIN = 0.1
# A removed sentence this similar to an added one elsewhere is shown as a look-alike.
SIMILAR_THRESHOLD = 0.5
# Candidates examined per removed sentence when looking for moves and look-alikes.
CANDIDATES = 8
# document_diff computes word changes for at most this many changed sentences.
MAX_WORD_DIFFS = 5_000


class Kind(StrEnum):
    """What happened to a sentence between two versions."""

    EQUAL = "equal"  # same text, in order
    MOVED = "moved"  # same text (or typos fixed), elsewhere
    CHANGED = "changed"  # edited in place
    DELETED = "deleted"  # only in the old version
    INSERTED = "inserted"  # only in the new version


def span_bounds(spans: Iterable) -> tuple[list[int], list[int]]:
    """Return the starts and ends of spans given as ``Span``-like objects or pairs."""
    starts, ends = [], []
    for span in spans:
        start, end = (span.start, span.end) if hasattr(span, "start") else span
        starts.append(start)
        ends.append(end)
    return starts, ends


def _check_spans(text: str, starts: list[int], ends: list[int], which: str) -> None:
    previous = 0
    for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if not (isinstance(start, int) and isinstance(end, int)) or not (
            previous <= start < end <= len(text)
        ):
            raise ValueError(
                f"Sentence {index} of the {which} version ({start!r}\u2013{end!r}) is not a "
                f"span of its text in order (text length {len(text)})."
            )
        previous = end


@dataclass(frozen=True)
class Alignment:
    """Sentences of two versions paired up.

    ``old_kind[i]`` says what became of old sentence ``i`` and ``old_new[i]`` the range
    ``(j1, j2)`` of new sentences it became (one, or two if it was split; None if it was
    deleted). ``new_kind``/``new_old`` are the same seen from the new version.
    ``old_at[i]`` is where the text of moved or changed sentence ``i`` starts in the new
    text when it is there verbatim (moved, or joined to a neighbour by the splitter).
    ``similar[i]`` is a new sentence that looks like deleted old sentence ``i`` without
    being it (a look-alike), for hints only.
    """

    old_text: str
    new_text: str
    old_starts: list[int]
    old_ends: list[int]
    new_starts: list[int]
    new_ends: list[int]
    old_kind: list[Kind]
    old_new: list[tuple[int, int] | None]
    new_kind: list[Kind]
    new_old: list[tuple[int, int] | None]
    similar: dict[int, int] = field(default_factory=dict)
    old_at: dict[int, int] = field(default_factory=dict)

    def old_sentence(self, i: int) -> str:
        return self.old_text[self.old_starts[i] : self.old_ends[i]]

    def new_sentence(self, j: int) -> str:
        return self.new_text[self.new_starts[j] : self.new_ends[j]]

    def old_index(self, offset: int) -> int:
        """Return the index of the old sentence holding ``offset``, or of the next one."""
        return bisect_right(self.old_ends, offset)

    def new_index(self, offset: int) -> int:
        """Return the index of the new sentence holding ``offset``, or of the next one."""
        return bisect_right(self.new_ends, offset)

    @cached_property
    def counts(self) -> dict[str, int]:
        """Return how many sentences were kept, moved, changed, deleted and inserted."""
        tally = Counter(k.value for k in self.old_kind)
        tally[Kind.INSERTED.value] = sum(k is Kind.INSERTED for k in self.new_kind)
        return {k.value: tally.get(k.value, 0) for k in Kind}


def align(old_text: str, old_spans: Iterable, new_text: str, new_spans: Iterable) -> Alignment:
    """Return the sentence alignment of two versions (see the module docstring).

    Raises ValueError if a span list is not in order or does not fit its text.
    """
    old_starts, old_ends = span_bounds(old_spans)
    new_starts, new_ends = span_bounds(new_spans)
    _check_spans(old_text, old_starts, old_ends, "old")
    _check_spans(new_text, new_starts, new_ends, "new")
    a = [old_text[s:e] for s, e in zip(old_starts, old_ends, strict=True)]
    b = [new_text[s:e] for s, e in zip(new_starts, new_ends, strict=True)]
    builder = _Builder(old_text, new_text, a, b, (old_starts, old_ends), (new_starts, new_ends))
    builder.run()
    return Alignment(
        old_text=old_text,
        new_text=new_text,
        old_starts=old_starts,
        old_ends=old_ends,
        new_starts=new_starts,
        new_ends=new_ends,
        old_kind=builder.old_kind,
        old_new=builder.old_new,
        new_kind=builder.new_kind,
        new_old=builder.new_old,
        similar=builder.similar,
        old_at=builder.old_at,
    )


class _Builder:
    """The steps of ``align``; fills the per-sentence tables."""

    def __init__(self, old_text, new_text, a, b, old_bounds, new_bounds) -> None:
        self.old_text, self.new_text = old_text, new_text
        self.a, self.b = a, b
        self.old_bounds, self.new_bounds = old_bounds, new_bounds
        self.old_kind = [Kind.DELETED] * len(a)
        self.old_new: list[tuple[int, int] | None] = [None] * len(a)
        self.new_kind = [Kind.INSERTED] * len(b)
        self.new_old: list[tuple[int, int] | None] = [None] * len(b)
        self.similar: dict[int, int] = {}
        self.old_at: dict[int, int] = {}
        self._words: dict[tuple[str, int], list[str]] = {}
        self._bags: dict[tuple[str, int], Counter[str]] = {}
        self._holds: dict[tuple, bool] = {}
        self._group_bags: dict[tuple, Counter[str]] = {}
        self._token_cache: dict[tuple[str, int], list[tuple[int, int]]] = {}
        self._trigram_index: dict[tuple[str, str, str], list[int]] | None = None
        self._by_old: dict[int, list[int]] = {}
        self._by_new: dict[int, list[int]] = {}

    def run(self) -> None:
        for i, j in equal_pairs(self.a, self.b):
            self._pair(Kind.EQUAL, i, i + 1, j, j + 1)
        gaps = self._gaps()
        self._exact_moves()
        self._verbatim_moves(gaps)
        for (i1, i2), (j1, j2) in gaps:
            old = [i for i in range(i1, i2) if self.old_kind[i] is Kind.DELETED]
            new = [j for j in range(j1, j2) if self.new_kind[j] is Kind.INSERTED]
            if old and new:
                for sub_old, sub_new in self._same_words(old, new):
                    self._pair_gap(sub_old, sub_new)
        self._verbatim_in_place(gaps)
        self._fuzzy_moves()

    def _pair(self, kind: Kind, i1: int, i2: int, j1: int, j2: int) -> None:
        for i in range(i1, i2):
            self.old_kind[i], self.old_new[i] = kind, (j1, j2)
        for j in range(j1, j2):
            held = self.new_old[j] if self.new_kind[j] is kind else None
            self.new_kind[j] = kind
            self.new_old[j] = (min(i1, held[0]), max(i2, held[1])) if held else (i1, i2)

    def _gaps(self) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Return the unaligned stretches between identical sentences, in order."""
        gaps = []
        i = j = 0
        n, m = len(self.a), len(self.b)
        while i < n or j < m:
            if i < n and j < m and self.old_kind[i] is self.new_kind[j] is Kind.EQUAL:
                i, j = i + 1, j + 1
                continue
            i0, j0 = i, j
            while i < n and self.old_kind[i] is not Kind.EQUAL:
                i += 1
            while j < m and self.new_kind[j] is not Kind.EQUAL:
                j += 1
            gaps.append(((i0, i), (j0, j)))
            if i == n or j == m:
                i, j = n, m
        return gaps

    def _exact_moves(self) -> None:
        """Pair removed and added sentences of identical text, once on each side."""
        removed: dict[str, list[int]] = defaultdict(list)
        for i, kind in enumerate(self.old_kind):
            if kind is Kind.DELETED:
                removed[self.a[i]].append(i)
        if not removed:
            return
        added: dict[str, list[int]] = defaultdict(list)
        for j, kind in enumerate(self.new_kind):
            if kind is Kind.INSERTED and self.b[j] in removed:
                added[self.b[j]].append(j)
        for text, js in added.items():
            if len(js) == 1 and len(removed[text]) == 1:
                i, j = removed[text][0], js[0]
                self._pair(Kind.MOVED, i, i + 1, j, j + 1)
                self.old_at[i] = self.new_bounds[0][j]

    def _verbatim_moves(self, gaps) -> None:
        """Pair removed sentences whose text is inside added sentences of another gap,
        verbatim and once (a moved sentence the splitter now cuts or joins differently)."""
        removed = Counter(self.a[i] for i, k in enumerate(self.old_kind) if k is Kind.DELETED)
        gap_of = self._gap_ranges(gaps)
        for i, kind in enumerate(self.old_kind):
            if kind is not Kind.DELETED or removed[self.a[i]] != 1:
                continue
            own = gap_of.get(i)

            def elsewhere(start: int, end: int, first: int, last: int, own=own) -> bool:
                in_own = own is not None and own[0] <= start < own[1]
                added = all(self.new_kind[j] is Kind.INSERTED for j in range(first, last))
                return added and not in_own

            found = self._find_verbatim(i, elsewhere)
            if found is not None:
                start, first, last = found
                self._pair(Kind.MOVED, i, i + 1, first, last)
                self.old_at[i] = start

    def _verbatim_in_place(self, gaps) -> None:
        """Pair a removed sentence left unpaired whose text is still in its own gap,
        verbatim and once (the splitter now joins it to an added or edited neighbour)."""
        gap_of = self._gap_ranges(gaps)
        for i, kind in enumerate(self.old_kind):
            own = gap_of.get(i)
            if kind is not Kind.DELETED or own is None:
                continue

            def inside(start: int, end: int, first: int, last: int, own=own, i=i) -> bool:
                in_own = own[0] <= start and end <= own[1]
                return in_own and all(self._joinable(i, j) for j in range(first, last))

            found = self._find_verbatim(i, inside)
            if found is not None:
                start, first, last = found
                self._pair(Kind.CHANGED, i, i + 1, first, last)
                self.old_at[i] = start

    def _joinable(self, i: int, j: int) -> bool:
        """Tell whether old sentence ``i`` may join new sentence ``j``: it is unpaired,
        or paired with an old neighbour of ``i``, so the group stays contiguous."""
        if self.new_kind[j] is Kind.INSERTED:
            return True
        held = self.new_old[j]
        return self.new_kind[j] is Kind.CHANGED and (held[1] == i or held[0] == i + 1)

    def _gap_ranges(self, gaps) -> dict[int, tuple[int, int]]:
        """Return, for each old sentence of a gap, the new text range of its gap."""
        new_starts, new_ends = self.new_bounds
        return {
            i: (new_starts[j1], new_ends[j2 - 1])
            for (i1, i2), (j1, j2) in gaps
            if j2 > j1
            for i in range(i1, i2)
        }

    def _find_verbatim(self, i: int, allowed) -> tuple[int, int, int] | None:
        """Return (start, first, last + 1) of the one place where old sentence ``i``
        stands verbatim, on word edges, in unmatched new sentences that ``allowed``
        accepts; None if there is no such place or more than one.

        Places are looked up by the sentence's first three tokens in an index of every
        token position of the new sentences that are not kept as they were, so the cost
        is one lookup per removed sentence, not a scan of the text."""
        text = self.a[i]
        spans = self._tokens("old", i)
        if len(spans) < 3:
            return None
        key = tuple(text[s:e] for s, e in spans[:3])
        new_starts, new_ends = self.new_bounds
        found = None
        for start in self._trigrams().get(key, ()):
            end = start + len(text)
            if not self.new_text.startswith(text, start) or not _at_word_edges(
                self.new_text, start, end
            ):
                continue
            first, last = bisect_right(new_ends, start), bisect_right(new_starts, end - 1)
            if not allowed(start, end, first, last):
                continue
            if found is not None:
                return None
            found = (start, first, last)
        return found

    def _trigrams(self) -> dict[tuple[str, str, str], list[int]]:
        """Index the token positions of the new sentences that are not kept as they were
        by their next three tokens (built once; keys seen too often are dropped)."""
        if self._trigram_index is None:
            index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
            new_starts = self.new_bounds[0]
            for j, kind in enumerate(self.new_kind):
                if kind is Kind.EQUAL:
                    continue
                sentence, base = self.b[j], new_starts[j]
                spans = self._tokens("new", j)
                texts = [sentence[s:e] for s, e in spans]
                for k in range(len(spans) - 2):
                    index[texts[k], texts[k + 1], texts[k + 2]].append(base + spans[k][0])
            self._trigram_index = {k: v for k, v in index.items() if len(v) <= CANDIDATES}
        return self._trigram_index

    def _tokens(self, side: str, index: int) -> list[tuple[int, int]]:
        """Return the token spans of one sentence, relative to it (cached)."""
        key = (side, index)
        if key not in self._token_cache:
            self._token_cache[key] = w.tokens(self.a[index] if side == "old" else self.b[index])
        return self._token_cache[key]

    def words(self, side: str, index: int) -> list[str]:
        """Return the content words of one sentence (cached)."""
        key = (side, index)
        if key not in self._words:
            sentence = self.a[index] if side == "old" else self.b[index]
            self._words[key] = w.content_words([sentence[s:e] for s, e in self._tokens(*key)])
        return self._words[key]

    def _bag(self, side: str, index: int, every_word: bool = False) -> Counter[str]:
        """Return the content words (or all words, lower-cased) of a sentence as a bag."""
        key = (side + (" all" if every_word else ""), index)
        if key not in self._bags:
            if every_word:
                sentence = self.a[index] if side == "old" else self.b[index]
                self._bags[key] = Counter(
                    sentence[s:e].lower()
                    for s, e in self._tokens(side, index)
                    if sentence[s].isalnum()
                )
            else:
                self._bags[key] = Counter(self.words(side, index))
        return self._bags[key]

    def _group_bag(self, side: str, indexes: Sequence[int], every_word: bool = False):
        if len(indexes) == 1:
            return self._bag(side, indexes[0], every_word)
        key = (side, tuple(indexes), every_word)
        if key not in self._group_bags:
            self._group_bags[key] = sum(
                (self._bag(side, i, every_word) for i in indexes), Counter()
            )
        return self._group_bags[key]

    def _similarity(self, old: Sequence[int], new: Sequence[int]) -> float:
        """Return the Dice overlap of the content words of two groups of sentences."""
        a, b = self._group_bag("old", old), self._group_bag("new", new)
        size = a.total() + b.total()
        return 2.0 * (a & b).total() / size if size else 0.0

    def _shared(self, old: Sequence[int], new: Sequence[int]) -> int:
        """Return how many words (all of them, lower-cased) two groups have in common."""
        return (self._group_bag("old", old, True) & self._group_bag("new", new, True)).total()

    def _same_words(self, old: list[int], new: list[int]):
        """Pair, in order, the sentences of a gap whose content words are the same and
        occur once on each side (an edit of case, punctuation or function words, as a
        house-style change makes everywhere); yield the stretches left between them."""
        keys_old = {i: self._key("old", i) for i in old}
        keys_new = {j: self._key("new", j) for j in new}
        count_old = Counter(keys_old.values())
        count_new = Counter(keys_new.values())
        where_new = {k: j for j, k in keys_new.items() if count_new[k] == 1}
        pairs = [
            (i, where_new[k])
            for i, k in keys_old.items()
            if k and count_old[k] == 1 and k in where_new
        ]
        anchors = [pairs[k] for k in _increasing([j for _i, j in pairs])]
        p = q = 0
        for i, j in anchors:
            self._pair(Kind.CHANGED, i, i + 1, j, j + 1)
            p_end, q_end = old.index(i, p), new.index(j, q)
            if p < p_end and q < q_end:
                yield old[p:p_end], new[q:q_end]
            p, q = p_end + 1, q_end + 1
        if p < len(old) and q < len(new):
            yield old[p:], new[q:]

    def _key(self, side: str, index: int) -> tuple:
        return tuple(sorted(self._bag(side, index).items()))

    def _pair_gap(self, old: list[int], new: list[int]) -> None:
        """Pair the removed and added sentences of one gap, in order.

        Only sentences that share a content word are compared (an inverted index of the
        gap's added sentences), so a gap costs about its size times the candidates.
        """
        candidates = self._candidates(old, new)
        if len(old) * len(new) <= PAIR_DP_CELLS:
            pairs = self._pairs_by_dp(old, new, candidates)
        else:
            pairs = self._pairs_greedy(old, new, candidates)
        paired_old = {i for olds, _news, _s in pairs for i in olds}
        paired_new = {j for _olds, news, _s in pairs for j in news}
        for olds, news, score in pairs:
            if len(olds) == len(news) == 1:
                rivals = self._rivals(olds[0], news[0], candidates, paired_old, paired_new)
                if any(sim > score - AMBIGUITY_MARGIN for sim in rivals):
                    continue  # a near tie: neither is clearly its own
            self._pair(Kind.CHANGED, olds[0], olds[-1] + 1, news[0], news[-1] + 1)

    def _rivals(self, i, j, candidates, paired_old, paired_new) -> list[float]:
        """The similarities of the other unpaired candidates of old ``i`` and new ``j``."""
        by_old = self._by_old.get(i, ())
        by_new = self._by_new.get(j, ())
        return [candidates[(i, q)] for q in by_old if q not in paired_new] + [
            candidates[(p, j)] for p in by_new if p not in paired_old
        ]

    def _candidates(self, old: list[int], new: list[int]) -> dict[tuple[int, int], float]:
        """Return the similarity of every (old, new) pair of the gap sharing a content
        word, each old sentence limited to its CANDIDATES best by shared rare words."""
        index = _WordIndex({j: self.words("new", j) for j in new})
        candidates: dict[tuple[int, int], float] = {}
        for i in old:
            for j in index.candidates(self.words("old", i)):
                candidates[(i, j)] = self._similarity([i], [j])
                self._by_old.setdefault(i, []).append(j)
                self._by_new.setdefault(j, []).append(i)
        return candidates

    def _pairs_by_dp(self, old: list[int], new: list[int], candidates):
        """Return the in-order pairing that matches the most words: 1:1, 1:2 and 2:1
        groups of neighbours, each at least PAIR_THRESHOLD similar in content words."""
        n, m = len(old), len(new)
        best = [[0] * (m + 1) for _ in range(n + 1)]
        step: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
        for p in range(n + 1):
            for q in range(m + 1):
                if p == 0 and q == 0:
                    continue
                value, move = -1, None
                if p and best[p - 1][q] > value:
                    value, move = best[p - 1][q], (1, 0, 0.0)
                if q and best[p][q - 1] > value:
                    value, move = best[p][q - 1], (0, 1, 0.0)
                if p and q:
                    score = candidates.get((old[p - 1], new[q - 1]))
                    if score is not None and score >= PAIR_THRESHOLD:
                        gain = best[p - 1][q - 1] + self._shared([old[p - 1]], [new[q - 1]])
                        if gain > value:
                            value, move = gain, (1, 1, score)
                for dp, dq in ((1, 2), (2, 1)):
                    group = self._group_option(old, new, p, q, dp, dq, candidates)
                    if group is None:
                        continue
                    gain = best[p - dp][q - dq] + group[1]
                    if gain > value and self._group_holds(*group[2]):
                        value, move = gain, (dp, dq, group[0])
                best[p][q], step[p][q] = value, move
        pairs = []
        p, q = n, m
        while p or q:
            dp, dq, score = step[p][q]
            if dp and dq:
                pairs.append((old[p - dp : p], new[q - dq : q], score))
            p, q = p - dp, q - dq
        pairs.reverse()
        return pairs

    def _group_option(self, old, new, p, q, dp, dq, candidates):
        """Return (similarity, shared words, groups) of a 1:2 or 2:1 group ending at
        (p, q) if it is worth weighing, else None."""
        if p < dp or q < dq:
            return None
        olds, news = old[p - dp : p], new[q - dq : q]
        if not (_consecutive(olds) and _consecutive(news)):
            return None
        singles = [candidates.get((i, j), 0.0) for i in olds for j in news]
        # Two sentences with the same content words are one for one, not a split or merge.
        if not any(singles) or max(singles) >= 1.0:
            return None
        score = self._similarity(olds, news)
        if score < PAIR_THRESHOLD:
            return None
        return score, self._shared(olds, news), (tuple(olds), tuple(news))

    def _group_holds(self, olds: tuple[int, ...], news: tuple[int, ...]) -> bool:
        """Tell whether a split or merge is real: word by word, at least half of every
        sentence on both sides is matched in order (a look-alike glued to a neighbour
        matches only its own half)."""
        if (olds, news) not in self._holds:
            self._holds[olds, news] = self._group_matches(olds, news)
        return self._holds[olds, news]

    def _group_matches(self, olds: tuple[int, ...], news: tuple[int, ...]) -> bool:
        (old_starts, old_ends), (new_starts, new_ends) = self.old_bounds, self.new_bounds
        diff = w.WordDiff(
            self.old_text,
            (old_starts[olds[0]], old_ends[olds[-1]]),
            self.new_text,
            (new_starts[news[0]], new_ends[news[-1]]),
        )
        old_equal = [False] * len(diff.old_tokens)
        new_equal = [False] * len(diff.new_tokens)
        for tag, i1, i2, j1, j2 in diff.ops:
            if tag == "equal":
                old_equal[i1:i2] = [True] * (i2 - i1)
                new_equal[j1:j2] = [True] * (j2 - j1)
        for indexes, tokens, equal, (starts, ends) in (
            (olds, diff.old_tokens, old_equal, self.old_bounds),
            (news, diff.new_tokens, new_equal, self.new_bounds),
        ):
            for index in indexes:
                inside = [
                    e
                    for (s, _e), e in zip(tokens, equal, strict=True)
                    if starts[index] <= s < ends[index]
                ]
                if not inside or sum(inside) < len(inside) / 2:
                    return False
        return True

    def _pairs_greedy(self, old: list[int], new: list[int], candidates):
        """Pair a large gap 1:1: mutual best candidates, kept in order."""
        best_new: dict[int, tuple[float, int]] = {}
        for (i, j), score in candidates.items():
            if score >= PAIR_THRESHOLD and score > best_new.get(i, (0.0, -1))[0]:
                best_new[i] = (score, j)
        best_old: dict[int, tuple[float, int]] = {}
        for i, (score, j) in best_new.items():
            if j not in best_old or score > best_old[j][0]:
                best_old[j] = (score, i)
        chosen = sorted((i, j, score) for j, (score, i) in best_old.items())
        keep = _increasing([j for _i, j, _s in chosen])
        return [([chosen[k][0]], [chosen[k][1]], chosen[k][2]) for k in keep]

    def _fuzzy_moves(self) -> None:
        """Pair removed sentences with added ones elsewhere that differ only trivially;
        remember the closest other look-alike of each removed sentence as ``similar``."""
        removed = [i for i, k in enumerate(self.old_kind) if k is Kind.DELETED]
        added = [j for j, k in enumerate(self.new_kind) if k is Kind.INSERTED]
        if not removed or not added:
            return
        index = _WordIndex({j: self.words("new", j) for j in added})
        trivial_of: dict[int, list[int]] = {}
        for i in removed:
            scored = sorted(
                ((self._similarity([i], [j]), j) for j in index.candidates(self.words("old", i))),
                reverse=True,
            )
            trivial_of[i] = [j for score, j in scored if score >= 0.5 and self._trivial(i, j)]
            if scored and scored[0][0] >= SIMILAR_THRESHOLD:
                self.similar[i] = scored[0][1]
        claimed = Counter(j for js in trivial_of.values() for j in js)
        for i, js in trivial_of.items():
            if len(js) == 1 and claimed[js[0]] == 1:
                self._pair(Kind.MOVED, i, i + 1, js[0], js[0] + 1)
                self.similar.pop(i, None)

    def _trivial(self, i: int, j: int) -> bool:
        (old_starts, old_ends), (new_starts, new_ends) = self.old_bounds, self.new_bounds
        changes = w.word_changes(
            self.old_text,
            (old_starts[i], old_ends[i]),
            self.new_text,
            (new_starts[j], new_ends[j]),
        )
        return all(c.trivial for c in changes)


class _WordIndex:
    """Which sentences hold which content words; candidates share a sentence's rarest."""

    def __init__(self, sentences: dict[int, list[str]]) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        for j, ws in sentences.items():
            for word in set(ws):
                self.postings[word].append(j)

    def candidates(self, ws: list[str], rare: int = 4, limit: int = CANDIDATES) -> list[int]:
        """Return up to ``limit`` sentences sharing the most of the ``rare`` rarest words."""
        present = sorted({x for x in ws if x in self.postings}, key=lambda x: len(self.postings[x]))
        shared: Counter[int] = Counter()
        for word in present[:rare]:
            shared.update(self.postings[word][: CANDIDATES * 32])
        return [j for j, _count in shared.most_common(limit)]


def _at_word_edges(text: str, start: int, end: int) -> bool:
    """Tell whether ``text[start:end]`` neither starts nor ends inside a word."""
    return (start == 0 or not text[start - 1].isalnum()) and (
        end == len(text) or not text[end].isalnum()
    )


def _consecutive(indexes: Sequence[int]) -> bool:
    return all(b == a + 1 for a, b in pairwise(indexes))


def _increasing(values: list[int]) -> list[int]:
    """Return the positions of a longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []  # tails[k]: position ending the best run of length k + 1
    previous = [-1] * len(values)
    for pos, value in enumerate(values):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if values[tails[mid]] < value:
                lo = mid + 1
            else:
                hi = mid
        if lo:
            previous[pos] = tails[lo - 1]
        if lo == len(tails):
            tails.append(pos)
        else:
            tails[lo] = pos
    run, pos = [], tails[-1] if tails else -1
    while pos != -1:
        run.append(pos)
        pos = previous[pos]
    return run[::-1]


def equal_pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Return ``(i, j)`` pairs with ``a[i] == b[j]``, increasing in both, as many as a
    patience diff finds (see the module docstring for the cost)."""
    pairs: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            pairs.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            pairs.append((ahi, bhi))
        if alo == ahi or blo == bhi:
            continue
        anchors = _unique_anchors(a, alo, ahi, b, blo, bhi)
        if anchors:
            previous = (alo, blo)
            for i, j in anchors:
                pairs.append((i, j))
                stack.append((previous[0], i, previous[1], j))
                previous = (i + 1, j + 1)
            stack.append((previous[0], ahi, previous[1], bhi))
        elif (ahi - alo) * (bhi - blo) <= DIFFLIB_CELLS:
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for i, j, size in matcher.get_matching_blocks():
                pairs.extend((alo + i + k, blo + j + k) for k in range(size))
        else:
            pairs.extend(_greedy_pairs(a, alo, ahi, b, blo, bhi))
    pairs.sort()
    return pairs


def _unique_anchors(a, alo, ahi, b, blo, bhi) -> list[tuple[int, int]]:
    """Return the longest in-order run of sentences that occur once in each range."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    candidates = [
        (i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and a[i] in where_b
    ]
    keep = _increasing([j for _i, j in candidates])
    return [candidates[k] for k in keep]


def _greedy_pairs(a, alo, ahi, b, blo, bhi) -> list[tuple[int, int]]:
    """Walk both ranges, matching equal sentences, resynchronizing on the nearest equal
    pair within RESYNC_WINDOW when they differ."""
    pairs = []
    i, j = alo, blo
    while i < ahi and j < bhi:
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
            continue
        ahead = {}
        for q in range(j, min(bhi, j + RESYNC_WINDOW)):
            ahead.setdefault(b[q], q)
        best = None
        for p in range(i, min(ahi, i + RESYNC_WINDOW)):
            q = ahead.get(a[p])
            if q is not None and (best is None or (p - i) + (q - j) < best[0]):
                best = ((p - i) + (q - j), p, q)
        if best is None:  # nothing in common within the window: skip half of it
            i, j = i + RESYNC_WINDOW // 2, j + RESYNC_WINDOW // 2
        else:
            i, j = best[1], best[2]
    return pairs


@dataclass(frozen=True)
class Row:
    """One line of the version diff: a sentence kept, changed, moved, deleted or added.

    ``old``/``new`` are sentence index ranges ``(first, last + 1)`` (None on the side
    the sentence is missing from); ``changes`` the word changes of a changed or moved
    sentence (None if not computed: past MAX_WORD_DIFFS). A moved sentence shows twice:
    ``moved_away`` at its old place, ``kind == MOVED`` at its new one.
    """

    kind: Kind
    old: tuple[int, int] | None
    new: tuple[int, int] | None
    changes: tuple[w.Change, ...] | None = ()
    moved_away: bool = False


@dataclass(frozen=True)
class Hunk:
    """Rows to show together; ``skipped_before`` unchanged sentences were left out."""

    rows: tuple[Row, ...]
    skipped_before: int


@dataclass(frozen=True)
class DocumentDiff:
    alignment: Alignment
    rows: tuple[Row, ...]

    def hunks(self, context: int = 1) -> list[Hunk]:
        """Group the rows that differ with up to ``context`` unchanged rows around them;
        a diff with no difference has no hunk."""
        keep = [False] * len(self.rows)
        for index, row in enumerate(self.rows):
            if row.kind is not Kind.EQUAL:
                for k in range(max(0, index - context), min(len(self.rows), index + context + 1)):
                    keep[k] = True
        hunks, current, skipped = [], [], 0
        for row, shown in zip(self.rows, keep, strict=True):
            if shown:
                current.append(row)
                continue
            if current:
                hunks.append(Hunk(tuple(current), skipped))
                current, skipped = [], 0
            skipped += 1
        if current:
            hunks.append(Hunk(tuple(current), skipped))
        return hunks


def document_diff(
    old_text: str,
    old_spans: Iterable,
    new_text: str,
    new_spans: Iterable,
    *,
    alignment: Alignment | None = None,
    max_word_diffs: int = MAX_WORD_DIFFS,
) -> DocumentDiff:
    """Return the version diff: rows in new-document order, deleted and moved-away
    sentences at their old places, word changes inside changed sentences."""
    al = alignment or align(old_text, old_spans, new_text, new_spans)
    rows: list[Row] = []
    budget = [max_word_diffs]
    i = 0
    n = len(al.old_kind)

    def flush_old(until: int) -> None:
        nonlocal i
        while i < until:
            kind = al.old_kind[i]
            if kind is Kind.DELETED:
                rows.append(Row(Kind.DELETED, (i, i + 1), None))
            elif kind is Kind.MOVED:
                rows.append(Row(Kind.MOVED, (i, i + 1), al.old_new[i], moved_away=True))
            i += 1

    # For each new sentence, where the next sentence tied to the old order (kept or
    # changed) starts in the old version: removals there print before additions.
    m = len(al.new_kind)
    next_old = [n] * (m + 1)
    for j in range(m - 1, -1, -1):
        tied = al.new_kind[j] in (Kind.EQUAL, Kind.CHANGED)
        next_old[j] = al.new_old[j][0] if tied else next_old[j + 1]
    j = 0
    while j < m:
        kind = al.new_kind[j]
        if kind is Kind.INSERTED:
            flush_old(next_old[j])
            rows.append(Row(Kind.INSERTED, None, (j, j + 1)))
            j += 1
            continue
        group_old = al.new_old[j]
        group_end = j + 1
        while group_end < m and al.new_old[group_end] == group_old:
            group_end += 1
        if kind is Kind.MOVED:
            flush_old(next_old[j])
        else:
            flush_old(group_old[0])
            i = max(i, group_old[1])
        changes: tuple[w.Change, ...] | None = ()
        if kind in (Kind.CHANGED, Kind.MOVED) and _group_text(al, group_old, (j, group_end)):
            changes = _row_changes(al, group_old, (j, group_end), budget)
        rows.append(Row(kind, group_old, (j, group_end), changes))
        j = group_end
    flush_old(n)
    return DocumentDiff(al, tuple(rows))


def _group_text(al: Alignment, old: tuple[int, int], new: tuple[int, int]) -> bool:
    """Tell whether the sentences of the two groups differ in text."""
    old_text = al.old_text[al.old_starts[old[0]] : al.old_ends[old[1] - 1]]
    new_text = al.new_text[al.new_starts[new[0]] : al.new_ends[new[1] - 1]]
    return old_text != new_text


def _row_changes(al, old, new, budget) -> tuple[w.Change, ...] | None:
    if budget[0] <= 0:
        return None
    budget[0] -= 1
    return tuple(
        w.word_changes(
            al.old_text,
            (al.old_starts[old[0]], al.old_ends[old[1] - 1]),
            al.new_text,
            (al.new_starts[new[0]], al.new_ends[new[1] - 1]),
        )
    )

"""Lay out a document for display: paragraphs of sentences of pieces marked with claims.

The one layout engine: the desk (annotate/views/desk_article.py, which adds UTF-16 offsets) and
every export that draws highlights (annotate/export/html.py and markdown.py, through
export/footnotes.py, which adds footnote numbers) render the same pieces, so the published page
highlights exactly what the checker saw.

``layout(text, sentences, claims)`` cuts the shown text at every claim start and end, so each
piece is covered by a fixed set of claims. A piece lists all the claims covering it, ordered by
start, then longer (outer) first, then id, so overlapping and nested claims all stay visible. A
claim spanning several sentences or paragraphs gives pieces in each of them.

What is shown: every sentence, and between two sentences of a paragraph the text as it is
(the ``gap`` after a sentence: a space, usually), highlighted where a claim runs across it.
Text outside every sentence at the edges of a paragraph (the segmenter tiles the text, but a
lossless file need not) is kept too: before the first sentence (``lead``) and after the last
(the last sentence's ``gap``), up to the line's end; a text with no sentences at all is one
paragraph of ``lead``. The paragraph break itself is not shown.

Claim edges that fall in whitespace outside the sentences are moved onto shown text: a start
forward, an end back. So a claim of " Trump." starts at "T", a claim ending in a paragraph
break ends at the paragraph's last character, and a claim of nothing but whitespace covers no
piece (renderers still list it).

Sentences are consecutive runs with the same ``paragraph`` number. The work is one sweep over
sorted boundaries: O((sentences + claims) log claims) plus the output size, never
sentences x claims.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import count, pairwise
from operator import attrgetter
from typing import Any

_SHOWN = re.compile(r"\S")


@dataclass(frozen=True, slots=True)
class Piece:
    """``text[start:end]``, covered by exactly the claims ``claim_ids`` (outermost first)."""

    start: int
    end: int
    text: str
    claim_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SentenceRun:
    """Sentence number ``index`` (``text[start:end]``) as consecutive pieces, then its gap: the
    text up to the next sentence of its paragraph (for the last one, shown text up to the
    line's end, if any), as pieces too."""

    index: int
    start: int
    end: int
    pieces: tuple[Piece, ...]
    gap: tuple[Piece, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Paragraph number ``index``: shown text before its first sentence, then its sentences."""

    index: int
    sentences: tuple[SentenceRun, ...]
    lead: tuple[Piece, ...] = ()

    @property
    def start(self) -> int:
        """Where the paragraph's shown text starts."""
        return (self.lead or self.sentences[0].pieces)[0].start

    @property
    def end(self) -> int:
        """Where the paragraph's shown text ends (its break follows)."""
        if not self.sentences:
            return self.lead[-1].end
        last = self.sentences[-1]
        return (last.gap or last.pieces)[-1].end

    def pieces(self) -> Iterator[Piece]:
        """Every piece of the paragraph in text order (lead, then each sentence and its gap)."""
        yield from self.lead
        for sentence in self.sentences:
            yield from sentence.pieces
            yield from sentence.gap


def runs(pieces: Sequence[Piece], breaks: frozenset[int] = frozenset()) -> list[Piece]:
    """Consecutive pieces under the same claims merged into one (at no position in `breaks`).

    For renderers that draw a stretch of text once however many sentences it spans.
    """
    merged: list[Piece] = []
    group: list[Piece] = []
    for piece in pieces:
        last = group[-1] if group else None
        if (
            last is not None
            and last.end == piece.start
            and last.claim_ids == piece.claim_ids
            and last.end not in breaks
        ):
            group.append(piece)
            continue
        if group:
            merged.append(_joined(group))
        group = [piece]
    if group:
        merged.append(_joined(group))
    return merged


def _joined(group: list[Piece]) -> Piece:
    if len(group) == 1:
        return group[0]
    text = "".join(piece.text for piece in group)
    return Piece(group[0].start, group[-1].end, text, group[0].claim_ids)


def shown_span(text: str, sentences: Sequence[Any], start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` with its edges moved off whitespace outside the sentences, as the
    layout highlights it (``start >= end`` when nothing of it is shown)."""
    ordered = sorted((_sentence(s, i) for i, s in enumerate(sentences)), key=lambda s: s.start)
    snapped = _snap(text, ordered, [s.start for s in ordered], _Claim(0, start, end))
    return snapped.start, snapped.end


def reading_order(claim: Any) -> tuple[int, int, int]:
    """How claims are listed: by start, longer (outer) first, then id."""
    return (claim.start, -claim.end, claim.id)


@dataclass(frozen=True, slots=True)
class _Sentence:
    index: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Claim:
    id: int
    start: int
    end: int
    # Where the claim sits in the list of claims covering a piece: by its own edges (not the
    # moved ones), outer claims first.
    order: tuple[int, int, int] = (0, 0, 0)


def layout(text: str, sentences: Sequence[Any], claims: Sequence[Any]) -> list[Paragraph]:
    """Return the paragraphs of ``text`` with their shown text cut into claim pieces.

    ``sentences``: tuples ``(index, start, end, paragraph)`` or ``(start, end,
    paragraph)`` (index = position in the sequence), or objects with ``start``, ``end``,
    ``paragraph`` and optionally ``index`` attributes (``segment.Span`` works). They must
    lie in the text and not overlap; their order does not matter. They may be some of the
    document's paragraphs (the desk redraws the ones a claim touches).
    ``claims``: tuples ``(claim_id, start, end)`` or objects with ``id``, ``start`` and
    ``end``. Claims that cover no shown text are ignored.
    Raises ValueError for a sentence outside the text or overlapping another.
    """
    ordered = sorted(map(_sentence, sentences, count()), key=attrgetter("start"))
    _check_sentences(text, ordered)
    starts = [s.start for s in ordered]
    snapped = (_snap(text, ordered, starts, claim) for claim in map(_claim, claims))
    sweep = _ClaimSweep([c for c in snapped if c.start < c.end])
    if not ordered:
        # No sentences at all (a text the segmenter never saw): its shown text is one paragraph.
        found = _SHOWN.search(text)
        if found is None:
            return []
        shown_end = len(text.rstrip())
        return [Paragraph(0, (), _cut(text, sweep, found.start(), shown_end))]
    paragraphs: list[Paragraph] = []
    group: list[SentenceRun] = []
    lead: tuple[Piece, ...] = ()
    cut = partial(_cut, text, sweep)
    previous = None
    for sentence, following in zip(ordered, [*ordered[1:], None], strict=True):
        start, end = sentence.start, sentence.end
        if not group:
            lead = cut(_line_start(text, start, previous), start)
        last_of_paragraph = following is None or following.paragraph != sentence.paragraph
        gap_end = _shown_line_end(text, end, following) if last_of_paragraph else following.start
        group.append(SentenceRun(sentence.index, start, end, cut(start, end), cut(end, gap_end)))
        if last_of_paragraph:
            paragraphs.append(Paragraph(sentence.paragraph, tuple(group), lead))
            group = []
        previous = sentence
    return paragraphs


def _sentence(item: Any, position: int) -> _Sentence:
    if isinstance(item, tuple | list):
        if len(item) == 3:
            return _Sentence(position, *item)
        return _Sentence(*item)
    if isinstance(item, _Sentence):
        return item
    return _Sentence(getattr(item, "index", position), item.start, item.end, item.paragraph)


def _claim(item: Any) -> _Claim:
    if isinstance(item, tuple | list):
        claim_id, start, end = item
    else:
        claim_id, start, end = item.id, item.start, item.end
    return _Claim(claim_id, start, end, (start, -end, claim_id))


def _check_sentences(text: str, ordered: list[_Sentence]) -> None:
    """Raise ValueError unless the sorted sentences lie in the text without overlapping."""
    previous_end = 0
    for sentence in ordered:
        if not 0 <= sentence.start <= sentence.end <= len(text):
            raise ValueError(
                f"Sentence {sentence.index} at {sentence.start}-{sentence.end} is outside "
                f"the text (length {len(text)})."
            )
        if sentence.start < previous_end:
            raise ValueError(f"Sentence {sentence.index} overlaps the sentence before it.")
        previous_end = sentence.end


def _line_start(text: str, start: int, previous: _Sentence | None) -> int:
    """Where shown text before a paragraph's first sentence begins: its line's first non-blank
    character (none when the sentence before shares the line: that text is its gap)."""
    floor = previous.end if previous is not None else 0
    newline = text.rfind("\n", floor, start)
    if newline < 0 and previous is not None:
        return start
    found = _SHOWN.search(text, newline + 1, start)
    return found.start() if found else start


def _shown_line_end(text: str, end: int, following: _Sentence | None) -> int:
    """Where shown text after a paragraph's last sentence ends (its line's last non-blank
    character, never past the next sentence)."""
    ceiling = following.start if following is not None else len(text)
    newline = text.find("\n", end, ceiling)
    stop = ceiling if newline < 0 else newline
    return end + len(text[end:stop].rstrip())


def _inside(ordered: list[_Sentence], starts: list[int], position: int) -> bool:
    at = bisect_right(starts, position) - 1
    return at >= 0 and position < ordered[at].end


def _snap(text: str, ordered: list[_Sentence], starts: list[int], claim: _Claim) -> _Claim:
    """The claim with its edges moved off whitespace that lies outside every sentence."""
    start, end = max(claim.start, 0), min(claim.end, len(text))
    while start < end and text[start].isspace() and not _inside(ordered, starts, start):
        start += 1
    while end > start and text[end - 1].isspace() and not _inside(ordered, starts, end - 1):
        end -= 1
    return _Claim(claim.id, start, end, claim.order)


class _ClaimSweep:
    """The set of claims covering a position, for positions visited in increasing order."""

    def __init__(self, claims: list[_Claim]) -> None:
        self._by_start = sorted(claims, key=lambda c: c.start)
        self._next = 0  # first claim in _by_start not yet added
        self._ending: list[tuple[int, int]] = []  # heap of (end, key) of active claims
        self._active: dict[int, _Claim] = {}
        self._ids: tuple[int, ...] | None = ()
        self.boundaries = sorted({p for c in claims for p in (c.start, c.end)})

    def covering(self, position: int) -> tuple[int, ...]:
        """Return the ids of claims with ``start <= position < end``, in claim order."""
        while self._next < len(self._by_start) and self._by_start[self._next].start <= position:
            claim = self._by_start[self._next]
            self._active[self._next] = claim
            heapq.heappush(self._ending, (claim.end, self._next))
            self._next += 1
            self._ids = None
        while self._ending and self._ending[0][0] <= position:
            del self._active[heapq.heappop(self._ending)[1]]
            self._ids = None
        if self._ids is None:
            active = sorted(self._active.values(), key=lambda c: c.order)
            self._ids = tuple(c.id for c in active)
        return self._ids


def _cut(text: str, sweep: _ClaimSweep, start: int, end: int) -> tuple[Piece, ...]:
    """``text[start:end]`` cut at the claim boundaries strictly inside it."""
    if start >= end:
        return ()
    boundaries = sweep.boundaries
    at = bisect_right(boundaries, start)
    if at == len(boundaries) or boundaries[at] >= end:  # most sentences: no claim edge inside
        return (Piece(start, end, text[start:end], sweep.covering(start)),)
    cuts = [start]
    while at < len(boundaries) and boundaries[at] < end:
        cuts.append(boundaries[at])
        at += 1
    cuts.append(end)
    return tuple(Piece(a, b, text[a:b], sweep.covering(a)) for a, b in pairwise(cuts) if a < b)

"""Lay out a document for display: paragraphs of sentences of pieces marked with claims.

``layout(text, sentences, claims)`` cuts every sentence at each claim start and end
inside it, so each piece is covered by a fixed set of claims. A piece lists all the
claims covering it, ordered by start, then longer (outer) first, then id, so
overlapping and nested claims all stay visible. A claim spanning several sentences or
paragraphs gives pieces in each of them.

Only the text inside sentences is laid out: the whitespace between sentences (a space,
or the paragraph break) is left to the renderer, which puts a space between sentences
and starts a new block for each paragraph. Claim boundaries that fall in that
whitespace therefore cut nothing.

Sentences are consecutive runs with the same ``paragraph`` number. The work is one
sweep over sorted boundaries: O((sentences + claims) log claims) plus the output size,
never sentences x claims.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any


@dataclass(frozen=True, slots=True)
class Piece:
    """``text[start:end]`` of one sentence, covered by exactly the claims ``claim_ids``."""

    start: int
    end: int
    text: str
    claim_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SentenceRun:
    """Sentence number ``index`` (``text[start:end]``) as consecutive pieces."""

    index: int
    start: int
    end: int
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Paragraph number ``index`` and its sentences, in text order."""

    index: int
    sentences: tuple[SentenceRun, ...]


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

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.start, -self.end, self.id)


def layout(text: str, sentences: Sequence[Any], claims: Sequence[Any]) -> list[Paragraph]:
    """Return the paragraphs of ``text`` with their sentences cut into claim pieces.

    ``sentences``: tuples ``(index, start, end, paragraph)`` or ``(start, end,
    paragraph)`` (index = position in the sequence), or objects with ``start``, ``end``,
    ``paragraph`` and optionally ``index`` attributes (``segment.Span`` works). They must
    lie in the text and not overlap; their order does not matter.
    ``claims``: tuples ``(claim_id, start, end)`` or objects with ``id``, ``start`` and
    ``end``. Claims that cover nothing (``start >= end``) are ignored.
    Raises ValueError for a sentence outside the text or overlapping another.
    """
    ordered = sorted(
        (_sentence(item, position) for position, item in enumerate(sentences)),
        key=lambda s: s.start,
    )
    _check_sentences(text, ordered)
    sweep = _ClaimSweep([c for c in map(_claim, claims) if c.start < c.end])
    paragraphs: list[Paragraph] = []
    group: list[SentenceRun] = []
    for position, sentence in enumerate(ordered):
        group.append(_sentence_run(text, sentence, sweep))
        following = ordered[position + 1] if position + 1 < len(ordered) else None
        if following is None or following.paragraph != sentence.paragraph:
            paragraphs.append(Paragraph(sentence.paragraph, tuple(group)))
            group = []
    return paragraphs


def _sentence(item: Any, position: int) -> _Sentence:
    if isinstance(item, tuple | list):
        if len(item) == 3:
            return _Sentence(position, *item)
        return _Sentence(*item)
    return _Sentence(getattr(item, "index", position), item.start, item.end, item.paragraph)


def _claim(item: Any) -> _Claim:
    if isinstance(item, tuple | list):
        return _Claim(*item)
    return _Claim(item.id, item.start, item.end)


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


def _sentence_run(text: str, sentence: _Sentence, sweep: _ClaimSweep) -> SentenceRun:
    """Cut one sentence at the claim boundaries strictly inside it."""
    cuts = [sentence.start]
    boundaries = sweep.boundaries
    at = bisect_right(boundaries, sentence.start)
    while at < len(boundaries) and boundaries[at] < sentence.end:
        cuts.append(boundaries[at])
        at += 1
    cuts.append(sentence.end)
    pieces = tuple(
        Piece(start, end, text[start:end], sweep.covering(start))
        for start, end in pairwise(cuts)
        if start < end
    )
    return SentenceRun(sentence.index, sentence.start, sentence.end, pieces)

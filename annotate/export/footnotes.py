"""Footnote numbers over the one layout engine, for the exports that draw highlights.

annotate.text.layout cuts the document into pieces exactly as the desk shows them; this module
only numbers the claims 1..n in reading order (start, longer first, id), merges consecutive
pieces under the same claims into runs, and says after which run each claim's marker goes:
after its last highlighted character, or, for a claim of nothing but whitespace, after the
shown text just before its end. The HTML and Markdown renderers draw the runs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from annotate.document_data import ClaimData, DocumentData
from annotate.text.layout import layout, reading_order, runs


@dataclass(frozen=True, slots=True)
class Run:
    """Text `[start, end)` under `claims` (footnote numbers, outermost first), then `markers`."""

    start: int
    end: int
    claims: tuple[int, ...]
    markers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """The numbered claims (`claims[n - 1]` has footnote number n) and the paragraphs of runs."""

    claims: tuple[ClaimData, ...]
    paragraphs: tuple[tuple[Run, ...], ...]


def numbered_claims(doc: DocumentData) -> tuple[ClaimData, ...]:
    """The claims in footnote order: by start, longer first, then id."""
    return tuple(sorted(doc.claims, key=reading_order))


def footnoted(doc: DocumentData) -> Layout:
    """The paragraphs of runs of `doc`, its claims numbered (see the module docstring)."""
    claims = numbered_claims(doc)
    # The layout keys claims by footnote number: numbers follow reading order, as the layout's
    # own order of the claims covering a piece does.
    numbered = [(number, claim.start, claim.end) for number, claim in enumerate(claims, start=1)]
    paragraphs = [list(p.pieces()) for p in layout(doc.text, doc.sentences, numbered)]
    ends = [piece.end for pieces in paragraphs for piece in pieces]
    last_end: dict[int, int] = {}
    for pieces in paragraphs:
        for piece in pieces:
            for number in piece.claim_ids:
                last_end[number] = piece.end
    markers: dict[int, list[int]] = defaultdict(list)
    for number, claim in enumerate(claims, start=1):
        if number in last_end:
            markers[last_end[number]].append(number)
        else:  # nothing of it is shown: after the shown text before its end (or at the start)
            at = bisect_right(ends, claim.end) - 1
            markers[ends[at] if at >= 0 else -1].append(number)
    breaks = frozenset(markers)
    planned = tuple(
        tuple(
            Run(run.start, run.end, run.claim_ids, tuple(markers.get(run.end, ())))
            for run in runs(pieces, breaks)
        )
        for pieces in paragraphs
    )
    if markers.get(-1):
        start = planned[0][0].start if planned else 0
        lead = Run(start, start, (), tuple(markers[-1]))
        planned = ((lead, *planned[0]), *planned[1:]) if planned else ((lead,),)
    return Layout(claims, planned)

"""Cut a document's text into paragraphs of runs at every claim boundary (HTML and Markdown).

A paragraph is a group of consecutive sentences with the same `paragraph` number. Its region runs
from its first sentence to the next paragraph's first sentence (the first region starts at 0, the
last ends at the end of the text), so no character is dropped; the whitespace around a region is
not shown (it is the paragraph break). Claim boundaries that fall in that hidden whitespace are
moved to the nearest shown character.

Inside a region the text is cut at every (moved) claim start and end; each run lists the claims
covering it, outermost first, and the footnote numbers of the claims ending right after it. So
overlapping and nested claims both stay visible, and a claim crossing a paragraph break is
highlighted on both sides with its marker after its last character.

Claims are numbered 1..n in reading order (start, longest first, id) for footnotes.
One pass over the sorted boundaries: O((claims + paragraphs) log n) plus the output.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from annotate.document_data import ClaimData, DocumentData


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
    return tuple(sorted(doc.claims, key=lambda claim: (claim.start, -claim.end, claim.id)))


def regions(doc: DocumentData) -> list[tuple[int, int]]:
    """The shown `[start, end)` of each paragraph (surrounding whitespace left out)."""
    text = doc.text
    starts = [0]
    previous = None
    for sentence in sorted(doc.sentences, key=lambda sentence: sentence.start):
        if previous is not None and sentence.paragraph != previous and sentence.start > starts[-1]:
            starts.append(sentence.start)
        previous = sentence.paragraph
    bounds = [*starts, len(text)]
    shown = []
    for index, start in enumerate(starts):
        end = bounds[index + 1]
        chunk = text[start:end]
        shown_start = start + len(chunk) - len(chunk.lstrip())
        shown_end = max(shown_start, start + len(chunk.rstrip()))
        shown.append((shown_start, shown_end))
    return shown


def layout(doc: DocumentData) -> Layout:
    """Paragraphs of runs for `doc` (see the module docstring)."""
    claims = numbered_claims(doc)
    shown = [region for region in regions(doc) if region[0] < region[1]]
    if not shown:
        shown = [(0, 0)] if claims else []
    region_starts = [start for start, _ in shown]

    starts_at: dict[int, list[int]] = defaultdict(list)
    ends_at: dict[int, list[int]] = defaultdict(list)
    markers_at: dict[tuple[int, int], list[int]] = defaultdict(list)
    order: dict[int, tuple[int, int, int]] = {}
    for number, claim in enumerate(claims, start=1):
        start, (region, end) = _move_start(claim.start, shown), _move_end(claim.end, shown)
        markers_at[(region, end)].append(number)
        if start < end:
            starts_at[start].append(number)
            ends_at[end].append(number)
            order[number] = (start, -end, number)
    points = sorted({*starts_at, *ends_at, *region_starts, *(end for _, end in shown)})

    paragraphs = []
    active: dict[int, None] = {}
    covering: tuple[int, ...] = ()
    applied = -1
    for region, (shown_start, shown_end) in enumerate(shown):
        cuts = points[bisect_left(points, shown_start) : bisect_right(points, shown_end)]
        runs = []
        if markers_at.get((region, shown_start)):
            runs.append(Run(shown_start, shown_start, (), tuple(markers_at[(region, shown_start)])))
        for index, point in enumerate(cuts):
            if point > applied:
                # Each boundary is applied once, even when it closes one region and opens the next.
                for number in ends_at.get(point, ()):
                    active.pop(number, None)
                for number in starts_at.get(point, ()):
                    active[number] = None
                covering = tuple(sorted(active, key=order.__getitem__))
                applied = point
            if index + 1 < len(cuts):
                end = cuts[index + 1]
                runs.append(Run(point, end, covering, tuple(markers_at.get((region, end), ()))))
        paragraphs.append(tuple(runs))
    return Layout(claims, tuple(paragraphs))


def _region_of(position: int, shown: list[tuple[int, int]]) -> int:
    """The index of the last region starting at or before `position` (0 when before all)."""
    low, high = 0, len(shown)
    while low < high:
        middle = (low + high) // 2
        if shown[middle][0] <= position:
            low = middle + 1
        else:
            high = middle
    return max(low - 1, 0)


def _move_start(start: int, shown: list[tuple[int, int]]) -> int:
    """A claim start moved onto shown text (forward, past hidden whitespace)."""
    region = _region_of(start, shown)
    shown_start, shown_end = shown[region]
    if start < shown_start:
        return shown_start
    if start >= shown_end:
        return shown[region + 1][0] if region + 1 < len(shown) else shown_end
    return start


def _move_end(end: int, shown: list[tuple[int, int]]) -> tuple[int, int]:
    """(region, position) of a claim end moved onto shown text (back, before hidden whitespace)."""
    region = _region_of(end - 1, shown)
    shown_start, shown_end = shown[region]
    return region, min(max(end, shown_start), shown_end)

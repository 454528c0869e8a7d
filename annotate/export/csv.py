"""CSV export: one row per claim, for spreadsheets.

UTF-8 with a byte-order mark (so Excel picks UTF-8), CRLF line ends, a header row. Columns:
document, sentence (1-based number), quote, restatement, claimant, verdict (label), status,
author, reviewer (who approved), sources (`title <url>` joined by ` | `).

Cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's list; a line feed too)
get a leading `'` so spreadsheets show them as text instead of running a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from annotate.document_data import ClaimData, DocumentData, ExportOptions, SourceData

HEADER = (
    "Document",
    "Sentence",
    "Quote",
    "Restatement",
    "Claimant",
    "Verdict",
    "Status",
    "Author",
    "Reviewer",
    "Sources",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"


def neutralize(cell: str) -> str:
    """`cell`, with a `'` in front when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


# The order of the rows: text order, a longer claim before a shorter one starting with it. A
# streaming selector reads claims in this order (STREAM_ORDER, as database fields).
STREAM_ORDER = ("start", "-end", "id")
Part = tuple[DocumentData, Iterable[ClaimData]]


def render(doc: DocumentData, options: ExportOptions) -> bytes:
    """The claims of `doc` as CSV bytes."""
    return render_many([doc], options)


def render_many(docs: Iterable[DocumentData], options: ExportOptions) -> bytes:
    """The claims of several documents in one CSV file (one header)."""
    out = io.BytesIO()
    write(((doc, _in_order(doc.claims)) for doc in docs), options, out)
    return out.getvalue()


def write(parts: Iterable[Part], options: ExportOptions, out: BinaryIO) -> None:
    """Write one CSV file to `out` as the claims come: `parts` are (document, its claims in
    STREAM_ORDER); the document's own `claims` are not read. Memory holds one row at a time."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    text.write(BOM)
    writer = csv.writer(text)
    writer.writerow(HEADER)
    for doc, claims in parts:
        writer.writerows(_rows(doc, claims))
    text.flush()
    text.detach()  # `out` stays open for the caller


def rows(doc: DocumentData) -> Iterable[list[str]]:
    """The neutralized cells of each claim of `doc`, in text order."""
    return _rows(doc, _in_order(doc.claims))


def _in_order(claims: Iterable[ClaimData]) -> list[ClaimData]:
    return sorted(claims, key=lambda claim: (claim.start, -claim.end, claim.id))


def _rows(doc: DocumentData, claims: Iterable[ClaimData]) -> Iterator[list[str]]:
    labels = {key: verdict.label for key, verdict in doc.verdicts().items()}
    title = neutralize(doc.title)
    for claim in claims:
        yield [title, str(claim.sentence_index + 1), *map(neutralize, _cells(claim, labels))]


def _cells(claim: ClaimData, labels: dict[str, str]) -> tuple[str, ...]:
    return (
        claim.quote,
        claim.restatement,
        claim.claimant,
        labels.get(claim.verdict or "", ""),
        claim.status,
        claim.author,
        claim.approved_by,
        " | ".join(_source(source) for source in claim.sources),
    )


def _source(source: SourceData) -> str:
    if source.title and source.url:
        return f"{source.title} <{source.url}>"
    return source.title or source.url

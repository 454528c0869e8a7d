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
from collections.abc import Iterable

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


def render(doc: DocumentData, options: ExportOptions) -> bytes:
    """The claims of `doc` as CSV bytes."""
    return render_many([doc], options)


def render_many(docs: Iterable[DocumentData], options: ExportOptions) -> bytes:
    """The claims of several documents in one CSV file (one header)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for doc in docs:
        writer.writerows(rows(doc))
    return out.getvalue().encode("utf-8")


def rows(doc: DocumentData) -> Iterable[list[str]]:
    """The neutralized cells of each claim of `doc`, in text order."""
    labels = {key: verdict.label for key, verdict in doc.verdicts().items()}
    title = neutralize(doc.title)
    for claim in sorted(doc.claims, key=lambda claim: (claim.start, -claim.end, claim.id)):
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

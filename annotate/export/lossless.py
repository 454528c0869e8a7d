"""Our lossless JSON format: all of a DocumentData, read back by annotate.ingest.lossless.

Layout (version 1)::

    {"format": "factcheck-document", "version": 1, "generated_at": "<ISO date-time>",
     "document": {id, title, byline, source_url, published_on, language, text, source_format,
                  content_hash, created_at, original_name, links: [{start, end, url, origin}]},
     "team": {name, slug, url}, "scale": [verdict...], "sentences": [sentence...],
     "claims": [claim... each with "sources", "reviews", "comments"]}

Every object has exactly the fields of its dataclass in annotate.document_data, under the same
names. Dates are ISO 8601 (`YYYY-MM-DD`), date-times ISO 8601 with their UTC offset, offsets are
code points into `document.text`. Ids are carried as data; an importer must not trust them.
`source_format` and `original_name` are those of the file first imported, so that a document read
back keeps them; `links` are the article's own links (files without them read as none).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any, BinaryIO

from annotate.document_data import (
    LOSSLESS_FORMAT,
    LOSSLESS_PARTS,
    LOSSLESS_VERSION,
    ClaimData,
    DocumentData,
    ExportOptions,
)

_FIELDS: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """`value` (data classes, tuples, dates, scalars) as JSON-ready dicts, lists and strings."""
    if isinstance(value, (str, int)) or value is None:
        return value
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    names = _FIELDS.get(type(value))
    if names is None:
        names = _FIELDS[type(value)] = tuple(field.name for field in fields(value))
    return {name: plain(getattr(value, name)) for name in names}


def payload(doc: DocumentData, options: ExportOptions) -> dict[str, Any]:
    """The JSON object of `doc` (see the module docstring)."""
    document = plain(doc)
    return {
        "format": LOSSLESS_FORMAT,
        "version": LOSSLESS_VERSION,
        "generated_at": options.generated_at.isoformat(),
        "document": {name: value for name, value in document.items() if name not in LOSSLESS_PARTS},
        **{name: document[name] for name in LOSSLESS_PARTS},
    }


def render(doc: DocumentData, options: ExportOptions) -> bytes:
    """`doc` in the lossless format, UTF-8 (non-ASCII kept as is)."""
    return json.dumps(payload(doc, options), ensure_ascii=False).encode("utf-8")


# The claims' order in the file (the export selector's, as database fields); `write` takes them so.
STREAM_ORDER = ("start", "end", "id")
_EMPTY_TAIL = "[]}"


def write(
    parts: Iterable[tuple[DocumentData, Iterable[ClaimData]]], options: ExportOptions, out: BinaryIO
) -> None:
    """Write the one document of `parts` (its claims in STREAM_ORDER) to `out` as the claims
    come: the same bytes as `render`, with one claim in memory at a time. "claims" is the
    object's last member, so everything before it is written first."""
    [(doc, claims)] = list(parts)
    head = json.dumps(payload(replace(doc, claims=()), options), ensure_ascii=False)
    if not head.endswith('"claims": ' + _EMPTY_TAIL):
        raise ValueError("The lossless object must end with its claims.")
    out.write(head[: -len(_EMPTY_TAIL)].encode("utf-8") + b"[")
    for position, claim in enumerate(claims):
        item = json.dumps(plain(claim), ensure_ascii=False)
        out.write(((", " if position else "") + item).encode("utf-8"))
    out.write(b"]}")

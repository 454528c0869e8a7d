"""W3C Web Annotation export: an AnnotationCollection with its one AnnotationPage embedded as
`first`, one Annotation (motivation `assessing`) per claim.

Ids are URLs of our site: each annotation is its claim's fact-check page (`claim_url`), the
collection is `<document page>annotations/` and its page `<document page>annotations/?page=1`.

Each target is the document page (`document_url`) narrowed by a TextQuoteSelector (quote with up
to 32 characters of prefix and suffix) and a TextPositionSelector. Positions are code points into
the document's stored plain text, the `document.text` of the lossless JSON export, which is also
what the quote, prefix and suffix are cut from; anchoring against the original web page should use
the quote (as Hypothesis does) since that page is not our normalized text.

Bodies: the verdict label (TextualBody, purpose `assessing`), the restatement (`describing`), the
notes as sanitized HTML (`commenting`, format text/html) and each source with an http(s) URL as
a SpecificResource (`linking`) whose source is that URL.
"""

from __future__ import annotations

import json
from typing import Any

from annotate.document_data import ClaimData, DocumentData, ExportOptions, VerdictData
from annotate.export.common import claim_url, document_url, http_url, utc_timestamp
from annotate.sanitize import sanitize_html

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_LENGTH = 32  # characters of prefix and suffix, as Hypothesis stores them


def render(doc: DocumentData, options: ExportOptions) -> bytes:
    """The annotation collection of `doc`, UTF-8 JSON-LD."""
    return json.dumps(collection(doc, options), ensure_ascii=False).encode("utf-8")


def collection(doc: DocumentData, options: ExportOptions) -> dict[str, Any]:
    """The AnnotationCollection (with its page embedded) as a JSON-ready dict."""
    page_of = document_url(doc, options)
    collection_id = f"{page_of}annotations/"
    verdicts = doc.verdicts()
    claims = sorted(doc.claims, key=lambda claim: (claim.start, -claim.end, claim.id))
    items = [annotation(doc, claim, verdicts.get(claim.verdict or ""), options) for claim in claims]
    result: dict[str, Any] = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Fact-check annotations: {doc.title}",
        "total": len(items),
        "created": utc_timestamp(options.generated_at),
        "creator": _organization(options),
    }
    if items:
        result["first"] = {
            "id": f"{collection_id}?page=1",
            "type": "AnnotationPage",
            # An object, not a bare URI: the W3C page schemas reject a string here.
            "partOf": {"id": collection_id, "total": len(items)},
            "startIndex": 0,
            "items": items,
        }
    return result


def annotation(
    doc: DocumentData, claim: ClaimData, verdict: VerdictData | None, options: ExportOptions
) -> dict[str, Any]:
    """One claim as an Annotation (without `@context`: it sits inside the collection)."""
    text = doc.text
    result: dict[str, Any] = {
        "id": claim_url(claim, options),
        "type": "Annotation",
        "motivation": "assessing",
        "created": utc_timestamp(claim.created_at),
        "modified": utc_timestamp(claim.updated_at),
    }
    if claim.author:
        result["creator"] = {"type": "Person", "name": claim.author}
    bodies = _bodies(claim, verdict)
    if bodies:
        result["body"] = bodies
    result["target"] = {
        "source": document_url(doc, options),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[claim.start : claim.end],
                "prefix": text[max(claim.start - CONTEXT_LENGTH, 0) : claim.start],
                "suffix": text[claim.end : claim.end + CONTEXT_LENGTH],
            },
            {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
        ],
    }
    return result


def _bodies(claim: ClaimData, verdict: VerdictData | None) -> list[dict[str, Any]]:
    bodies = []
    if verdict is not None:
        bodies.append(_textual(verdict.label, "assessing"))
    if claim.restatement:
        bodies.append(_textual(claim.restatement, "describing"))
    notes = sanitize_html(claim.notes_html)
    if notes:
        bodies.append(_textual(notes, "commenting", "text/html"))
    for source in claim.sources:
        url = http_url(source.url) if source.url else None
        if url:
            bodies.append({"type": "SpecificResource", "purpose": "linking", "source": url})
    return bodies


def _textual(value: str, purpose: str, media_type: str = "text/plain") -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": media_type}


def _organization(options: ExportOptions) -> dict[str, Any]:
    agent: dict[str, Any] = {"type": "Organization", "name": options.organization_name}
    homepage = http_url(options.organization_url) if options.organization_url else None
    if homepage:
        agent["homepage"] = homepage
    return agent

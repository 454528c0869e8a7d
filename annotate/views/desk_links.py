"""What the desk shows of an article's own links, its import warnings and its direction.

Kept apart from annotate/views/desk.py (which calls `page_context` and `claim_context`) so the
desk's links live in their own files: this module, the templates desk/_links.html,
desk/_claim_links.html and desk/_import_notes.html, and static desk-links.js / desk-links.css.
Offsets for the browser are UTF-16 (desk-links.js draws the links over the article's leaves
with the CSS Custom Highlight API, leaving the article's DOM as desk.js built it).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from annotate.models import Claim, Document, DocumentLink, LinkOrigin
from annotate.selectors.links import links_for_document, links_near_claim
from annotate.text.anchor import Utf16Index
from annotate.text.direction import direction

_ORIGIN_LABELS = dict(LinkOrigin.choices)


@dataclass(frozen=True)
class LinkRow:
    position: int
    text: str
    url: str
    host: str
    origin: str
    origin_label: str
    u16: int
    u16e: int
    inside: bool = False


def _row(document: Document, link: DocumentLink, index: Utf16Index | None, inside=False):
    try:
        host = urlsplit(link.url).hostname or link.url
    except ValueError:
        host = link.url
    return LinkRow(
        position=link.position,
        text=document.text[link.start : link.end],
        url=link.url,
        host=host.removeprefix("www."),
        origin=link.origin,
        origin_label=_ORIGIN_LABELS.get(link.origin, link.origin),
        u16=index.to_utf16(link.start) if index else 0,
        u16e=index.to_utf16(link.end) if index else 0,
        inside=inside,
    )


def page_context(document: Document, index: Utf16Index) -> dict:
    """The article's links (side list and highlights), its warnings and its direction."""
    return {
        "doc_links": [_row(document, link, index) for link in links_for_document(document)],
        "document_dir": direction(document.language),
    }


def claim_context(claim: Claim, source_urls: set[str]) -> dict:
    """The links the editor offers as one-click sources: inside the claim or in its sentences,
    without those the claim already cites."""
    document = claim.document
    rows = [
        _row(document, link, None, inside)
        for link, inside in links_near_claim(claim)
        if link.url not in source_urls
    ]
    # One offer per URL (an article may link the same report twice in a sentence).
    seen: set[str] = set()
    return {"claim_links": [r for r in rows if not (r.url in seen or seen.add(r.url))]}

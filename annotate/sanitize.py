"""The one sanitizer for user rich text (claim notes, comments): a bleach allow-list.

Everything a user writes as rich text passes `sanitize_html` before it is stored and again
before it is exported; templates show only its output as safe HTML. Imports no Django.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import bleach

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"
# Elements whose content is code, not text: dropped whole rather than unwrapped into the notes.
# This is cosmetic (bleach below is what makes the output safe), so a plain pattern is enough.
_CODE_ELEMENTS = re.compile(
    r"<(script|style|template|noscript|iframe|object|textarea|title)\b.*?(</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)


class _LinkRelFilter:
    """Sets rel on every surviving anchor: user links pass on no referrer and no rank."""

    def __init__(self, source: Iterable[dict]) -> None:
        self.source = source

    def __iter__(self) -> Iterator[dict]:
        for token in self.source:
            if token.get("type") == "StartTag" and token.get("name") == "a":
                data = dict(token.get("data") or {})
                data[(None, "rel")] = LINK_REL
                token = {**token, "data": data}
            yield token


@lru_cache(maxsize=1)
def _cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[_LinkRelFilter],
    )


def sanitize_html(html: str | None) -> str:
    """Return `html` reduced to the allow-list: safe to store, render and export."""
    if not html:
        return ""
    return _cleaner().clean(_CODE_ELEMENTS.sub("", html)).strip()


def plain_text(html: str | None) -> str:
    """The text of rich text with every tag removed and entities decoded (for CSV, Markdown)."""
    if not html:
        return ""
    text = bleach.clean(_CODE_ELEMENTS.sub("", html), tags=set(), strip=True)
    return html_lib.unescape(text).strip()

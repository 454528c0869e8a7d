"""The schema.org JSON-LD a news page carries: its article object and that object's fields.

Pages put JSON-LD in ``<script type="application/ld+json">`` as one object, a list, or
an ``@graph``; types may be one name or several, bare (``NewsArticle``) or prefixed
(``schema:NewsArticle``, ``https://schema.org/NewsArticle``). ``article`` returns the
page's main article object: the first of an article type that has a headline or a
body, preferring one with ``articleBody``. Broken JSON (comments, trailing commas,
HTML comment wrappers) is skipped, never an error; scripts over ``MAX_SCRIPT_CHARS``
are skipped unread.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

MAX_SCRIPT_CHARS = 2_000_000
ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
        "BackgroundNewsArticle", "OpinionArticle", "OpinionNewsArticle", "ReviewNewsArticle",
        "AskPublicNewsArticle", "SatiricalArticle", "BlogPosting", "LiveBlogPosting",
        "Report", "ScholarlyArticle", "TechArticle", "SocialMediaPosting",
    }
)  # fmt: skip
_WRAPPER = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")
# Objects nested deeper than this are not an article's fields.
_MAX_DEPTH = 6


def objects(scripts: Iterable[str]) -> list[dict]:
    """Return every JSON object in the scripts, ``@graph`` members and list items included."""
    found: list[dict] = []
    for script in scripts:
        if len(script) > MAX_SCRIPT_CHARS:
            continue
        data = _load(script)
        if data is not None:
            found.extend(_flatten(data, 0))
    return found


def article(found: list[dict]) -> dict | None:
    """Return the main article object among ``found``, or ``None``."""
    candidates = [
        o for o in found if types(o) & ARTICLE_TYPES and (o.get("headline") or o.get("articleBody"))
    ]
    with_body = [o for o in candidates if text(o.get("articleBody"))]
    return (with_body or candidates or [None])[0]


def types(obj: dict) -> set[str]:
    """Return the bare schema.org type names of ``obj``."""
    value = obj.get("@type")
    names = value if isinstance(value, list) else [value]
    return {re.split(r"[/:#]", name)[-1] for name in names if isinstance(name, str)}


def text(value: object) -> str:
    """Return a string field's value (the first, for a list), or ``""``."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str)), "")
    return value.strip() if isinstance(value, str) else ""


def names(value: object) -> list[str]:
    """Return the names in an ``author``/``publisher`` field: strings or objects with a name."""
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        if isinstance(item, str):
            found.append(item.strip())
        elif isinstance(item, dict):
            found.append(text(item.get("name")))
    return [name for name in found if name]


def _load(script: str) -> object:
    script = _WRAPPER.sub("", script.strip())
    try:
        return json.loads(script, strict=False)
    except (ValueError, RecursionError):
        pass
    try:  # Trailing commas are the usual hand-written mistake.
        return json.loads(re.sub(r",\s*([}\]])", r"\1", script), strict=False)
    except (ValueError, RecursionError):
        return None


def _flatten(data: object, depth: int) -> Iterator[dict]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if isinstance(graph, list | dict):
            yield from _flatten(graph, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict):
            yield from _flatten(main, depth + 1)

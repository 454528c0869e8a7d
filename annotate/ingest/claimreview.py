"""Read other outlets' fact-checks: schema.org ClaimReview in JSON-LD files, feeds and pages.

Publishers write ClaimReview in many shapes, and all of these are read:

- one object, a top-level array of them, or an ``@graph`` of them;
- ``"@type": "ClaimReview"``, ``["ClaimReview"]``, ``"schema:ClaimReview"`` or the full IRI;
- Google's feed: a ``DataFeed`` whose ``dataFeedElement`` holds ``DataFeedItem``\\ s with
  ``item: [ClaimReview]`` (or one item), and reviews nested anywhere else (an ``ItemList``,
  a ``WebPage``'s ``mainEntity``, an ``Article``'s ``review``);
- ``http://`` and ``https://schema.org`` contexts (with or without a trailing slash, as a
  string, a list or an object with ``@vocab``), and blocks with no context of their own;
- ``itemReviewed`` as a ``Claim`` (with ``author`` a Person or an Organization,
  ``datePublished``, ``appearance`` as an object or an array, ``firstAppearance``) or as the
  older ``CreativeWork`` whose ``url`` is where the claim appeared;
- ``reviewRating`` with a label only (``alternateName``, else ``name``) or with numbers
  (``ratingValue``, ``bestRating``, ``worstRating``, as numbers or strings);
- texts as strings, lists, ``{"@value": ...}`` or language-tagged values, in any language.

``read_html`` pulls the ``<script type="application/ld+json">`` blocks out of a saved
fact-check page (possibly several, possibly malformed: a bad block is reported and the others
are read), with the page's ``lang`` and canonical URL as fallbacks.

The result is plain frozen dataclasses (``ReferenceCheck``); nothing here touches the
database. URLs are kept only when they are http or https. A review that cannot be used (no
claim text, no rating, no http(s) URL) is skipped with a message saying why; input with no
usable review raises ``ImportRejected`` with a message for a newsroom.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from annotate.ingest.decode import decode_text
from annotate.ingest.errors import ImportRejected
from annotate.ingest.fields import clean_text, parse_date, parse_language
from annotate.ingest.html import declared_charset

MAX_BYTES = 50 * 1024 * 1024
MAX_REVIEWS = 50_000
MAX_DEPTH = 64
_HEAD = 4096

EMPTY = "The file is empty."
TOO_BIG = "The file is larger than 50 MB; split the feed into smaller files."
NOT_JSON_OBJECT = "The JSON holds no objects: a ClaimReview file is an object or a list of them."
TOO_DEEP = f"The JSON nests objects more than {MAX_DEPTH} levels deep; refusing it."
NO_CLAIMREVIEW = (
    'The file holds no ClaimReview: no object has "@type": "ClaimReview" (looked in objects, '
    "lists, @graph and data feeds)."
)
TOO_MANY = f"The file holds more than {MAX_REVIEWS:,} ClaimReviews; split it into smaller files."
HTML_NO_JSONLD = (
    'The page has no JSON-LD block (<script type="application/ld+json">), so no ClaimReview '
    "to read. Save the fact-check page with its scripts, or import its JSON-LD."
)
HTML_NO_CLAIMREVIEW = "The page's JSON-LD blocks hold no ClaimReview."
HTML_UNREADABLE = "The HTML page could not be read."
FOREIGN_CONTEXT = "its @context is not schema.org"

_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")
_SCHEMA_CONTEXT = re.compile(r"^https?://schema\.org/?$", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class Rating:
    """The verdict as the outlet gave it: always a label, numbers when it used a scale."""

    label: str
    value: float | None = None
    best: float | None = None
    worst: float | None = None
    explanation: str = ""


@dataclass(frozen=True)
class Appearance:
    """Where the claim was made or shared."""

    url: str
    headline: str = ""
    date: datetime.date | None = None
    author: str = ""


@dataclass(frozen=True)
class ReferenceCheck:
    """One ClaimReview by another outlet (or by ourselves, published elsewhere)."""

    claim_reviewed: str
    rating: Rating
    url: str
    outlet: str
    outlet_url: str = ""
    date: datetime.date | None = None
    claimant: str = ""
    claimant_type: str = ""  # "Person", "Organization" or "" when not said
    claim_date: datetime.date | None = None
    appearances: tuple[Appearance, ...] = ()
    language: str = "en"
    headline: str = ""


@dataclass(frozen=True)
class ParseResult:
    """The reviews read, in input order, and one message per review or block skipped."""

    checks: tuple[ReferenceCheck, ...]
    skipped: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- entry points
def read(data: bytes, filename: str = "", default_language: str = "en") -> ParseResult:
    """A JSON-LD file or feed, or a saved HTML page (by its name or its first bytes)."""
    if looks_like_html(data, filename):
        return read_html(data, default_language=default_language)
    return read_json(data, default_language=default_language)


def looks_like_html(data: bytes, filename: str = "") -> bool:
    name = filename.lower()
    if name.endswith((".html", ".htm", ".xhtml")):
        return True
    if name.endswith((".json", ".jsonld", ".json-ld")):
        return False
    head = data[:_HEAD].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html", b"<head", b"<!--", b"<meta", b"<script"))


def read_json(data: bytes | str, default_language: str = "en") -> ParseResult:
    """The ClaimReviews of a JSON-LD document, or ``ImportRejected``."""
    document = _load_json(data)
    checks, skipped = _reviews_in([document], default_language=default_language, page_url="")
    if not checks:
        raise ImportRejected(_nothing_usable(skipped, NO_CLAIMREVIEW))
    return ParseResult(tuple(checks), tuple(skipped))


def read_html(data: bytes | str, default_language: str = "en") -> ParseResult:
    """The ClaimReviews embedded in a saved page's JSON-LD blocks, or ``ImportRejected``."""
    page = data if isinstance(data, str) else _decode_page(data)
    if not page.strip():
        raise ImportRejected(EMPTY)
    try:
        root = lxml.html.fromstring(page)
    except (etree.ParserError, ValueError):
        raise ImportRejected(HTML_UNREADABLE) from None
    language = parse_language(root.get("lang") or _meta(root, "og:locale"), default_language)
    page_url = _page_url(root)
    blocks = [
        script.text or "" for script in root.iter("script") if _is_jsonld(script.get("type", ""))
    ]
    if not blocks:
        raise ImportRejected(HTML_NO_JSONLD)
    documents: list[Any] = []
    skipped: list[str] = []
    for number, block in enumerate(blocks, start=1):
        try:
            documents.append(_load_json(_unwrap_script(block)))
        except ImportRejected as error:
            skipped.append(f"JSON-LD block {number} of {len(blocks)} skipped: {error.message}")
    checks, review_skips = _reviews_in(documents, language, page_url)
    skipped += review_skips
    if not checks:
        raise ImportRejected(_nothing_usable(skipped, HTML_NO_CLAIMREVIEW))
    return ParseResult(tuple(checks), tuple(skipped))


# ----------------------------------------------------------------------------- JSON
def _load_json(data: bytes | str) -> Any:
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise ImportRejected(TOO_BIG)
        if not data.strip():
            raise ImportRejected(EMPTY)
        text = _decode_json(data)
    else:
        text = data
        if len(text) > MAX_BYTES:
            raise ImportRejected(TOO_BIG)
    if not text.strip():
        raise ImportRejected(EMPTY)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRejected(
            f"The file is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})."
        ) from None
    except RecursionError:
        raise ImportRejected(TOO_DEEP) from None
    if not isinstance(document, dict | list):
        raise ImportRejected(NOT_JSON_OBJECT)
    return document


def _decode_json(data: bytes) -> str:
    # JSON is UTF-8 (RFC 8259), but saved feeds come with byte-order marks and, now and then,
    # in UTF-16 or a legacy encoding: the shared decoder knows them all.
    return decode_text(data)


def _decode_page(data: bytes) -> str:
    if not data.strip():
        raise ImportRejected(EMPTY)
    if len(data) > MAX_BYTES:
        raise ImportRejected(TOO_BIG)
    return decode_text(data, declared_charset(data[:_HEAD]))


def _unwrap_script(block: str) -> str:
    """A script's JSON without the HTML comment or CDATA wrapper old CMSs put around it."""
    text = block.strip()
    text = re.sub(r"^(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>$", "", text).strip()
    text = re.sub(r"^<!--|-->$", "", text).strip()
    return text


def _is_jsonld(script_type: str) -> bool:
    return script_type.split(";")[0].strip().lower() == "application/ld+json"


def _nothing_usable(skipped: list[str], default: str) -> str:
    if not skipped:
        return default
    shown = " ".join(skipped[:3])
    more = f" (and {len(skipped) - 3} more)" if len(skipped) > 3 else ""
    return f"No ClaimReview could be imported. {shown}{more}"


# ----------------------------------------------------------------------------- walking
def _reviews_in(
    documents: list[Any], default_language: str, page_url: str
) -> tuple[list[ReferenceCheck], list[str]]:
    checks: list[ReferenceCheck] = []
    skipped: list[str] = []
    seen: set[str] = set()
    count = without_url = 0
    for document in documents:
        for review, schema in _find_reviews(document, inherited=None, depth=0):
            count += 1
            if count > MAX_REVIEWS:
                raise ImportRejected(TOO_MANY)
            label = f"ClaimReview {count}"
            if not schema:
                skipped.append(f"{label} skipped: {FOREIGN_CONTEXT}.")
                continue
            fallback = page_url
            if page_url and not (_url(_get(review, "url")) or _url(_get(review, "@id"))):
                # Reviews without their own URL on one page: the page's, then the page's
                # with a fragment per review, so each keeps a stable URL of its own.
                without_url += 1
                if without_url > 1:
                    fallback = f"{page_url}#claimreview-{without_url}"
            try:
                check = _review(review, default_language, fallback)
            except _Skip as skip:
                skipped.append(f"{label} skipped: {skip}.")
                continue
            if check.url in seen:
                skipped.append(f"{label} skipped: it repeats the URL {check.url}.")
                continue
            seen.add(check.url)
            checks.append(check)
    return checks, skipped


def _find_reviews(node: Any, inherited: bool | None, depth: int) -> Iterator[tuple[dict, bool]]:
    """Every ClaimReview object under ``node`` with whether schema.org is its vocabulary
    (its own ``@context``, else the nearest enclosing one; no context at all counts as
    schema.org, as search engines read it)."""
    if depth > MAX_DEPTH:
        raise ImportRejected(TOO_DEEP)
    if isinstance(node, list):
        for item in node:
            yield from _find_reviews(item, inherited, depth + 1)
        return
    if not isinstance(node, dict):
        return
    schema = inherited
    if "@context" in node:
        schema = _is_schema_context(node["@context"])
    if "ClaimReview" in _types(node):
        yield node, schema is not False
        return  # a review's own parts are not other reviews
    for key, value in node.items():
        if key != "@context" and isinstance(value, dict | list):
            yield from _find_reviews(value, schema, depth + 1)


def _is_schema_context(context: Any) -> bool:
    if isinstance(context, str):
        return bool(_SCHEMA_CONTEXT.match(context.strip()))
    if isinstance(context, list):
        return any(_is_schema_context(item) for item in context)
    if isinstance(context, dict):
        vocab = context.get("@vocab")
        if isinstance(vocab, str) and _SCHEMA_CONTEXT.match(vocab.strip()):
            return True
        return any(
            isinstance(value, str) and _SCHEMA_CONTEXT.match(value.strip())
            for key, value in context.items()
            if key == "schema"
        )
    return False


def _types(node: dict) -> set[str]:
    value = node.get("@type", node.get("type"))
    names = value if isinstance(value, list) else [value]
    return {_local_name(name) for name in names if isinstance(name, str)}


def _local_name(name: str) -> str:
    for prefix in _SCHEMA_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# ----------------------------------------------------------------------------- one review
class _Skip(Exception):
    """This review cannot be imported, for the reason given."""


def _review(review: dict, default_language: str, page_url: str) -> ReferenceCheck:
    item = _first_object(_get(review, "itemReviewed")) or {}
    claim = _text(_get(review, "claimReviewed")) or _text(_get(item, "name"))
    if not claim:
        raise _Skip("it has no claimReviewed text")
    url = _url(_get(review, "url")) or _url(_get(review, "@id")) or page_url
    if not url:
        raise _Skip(f"it has no http(s) URL (claim: {_short(claim)})")
    rating = _rating(_get(review, "reviewRating"))
    if rating is None:
        raise _Skip(f"it has no reviewRating with a label (claim: {_short(claim)})")
    outlet_node = _first_object(_get(review, "author")) or _first_object(_get(review, "publisher"))
    outlet = _name(outlet_node) or _text(_get(review, "author")) or urlsplit(url).hostname or ""
    claimant_node = _first_object(_get(item, "author"))
    appearances = tuple(_appearances(item))
    language = _language(review, item, default_language)
    return ReferenceCheck(
        claim_reviewed=claim,
        rating=rating,
        url=url,
        outlet=outlet,
        outlet_url=_url(_get(outlet_node or {}, "url")) or "",
        date=_date(_get(review, "datePublished")) or _date(_get(review, "dateCreated")),
        claimant=_name(claimant_node) or _text(_get(item, "author")),
        claimant_type=_claimant_type(claimant_node),
        claim_date=_date(_get(item, "datePublished")),
        appearances=appearances,
        language=language,
        headline=_text(_get(review, "headline")) or _text(_get(review, "name")),
    )


def _rating(value: Any) -> Rating | None:
    node = _first_object(value)
    if node is None:
        label = _text(value)
        return Rating(label) if label else None
    label = _text(_get(node, "alternateName")) or _text(_get(node, "name"))
    number = _number(_get(node, "ratingValue"))
    if not label:
        if number is None:
            return None
        label = _format_number(number)  # a numbers-only rating still says something
    return Rating(
        label=label,
        value=number,
        best=_number(_get(node, "bestRating")),
        worst=_number(_get(node, "worstRating")),
        explanation=_text(_get(node, "ratingExplanation")),
    )


def _appearances(item: dict) -> Iterator[Appearance]:
    seen: set[str] = set()
    nodes = _objects(_get(item, "appearance")) + _objects(_get(item, "firstAppearance"))
    for node in nodes:
        url = _url(_get(node, "url")) or _url(_get(node, "@id"))
        if not url or url in seen:
            continue
        seen.add(url)
        yield Appearance(
            url=url,
            headline=_text(_get(node, "headline")) or _text(_get(node, "name")),
            date=_date(_get(node, "datePublished")),
            author=_name(_first_object(_get(node, "author"))),
        )
    # The older shape: itemReviewed is the CreativeWork where the claim appeared.
    for raw in _values(_get(item, "url")) + _values(_get(item, "sameAs")):
        url = _url(raw)
        if url and url not in seen:
            seen.add(url)
            yield Appearance(url=url, date=_date(_get(item, "datePublished")))


def _language(review: dict, item: dict, default: str) -> str:
    for node in (review, item):
        value = _get(node, "inLanguage")
        found = _first_object(value)
        if found is not None:
            value = _get(found, "alternateName") or _get(found, "name")
        text = _text(value)
        if text:
            return parse_language(text, default)
    tagged = _get(review, "claimReviewed")
    for entry in tagged if isinstance(tagged, list) else [tagged]:
        if isinstance(entry, dict) and isinstance(entry.get("@language"), str):
            return parse_language(entry["@language"], default)
    return default


def _claimant_type(node: dict | None) -> str:
    if node is None:
        return ""
    types = _types(node)
    for kind in ("Person", "Organization"):
        if kind in types:
            return kind
    if types & {"GovernmentOrganization", "NGO", "NewsMediaOrganization", "Corporation"}:
        return "Organization"
    return ""


# ----------------------------------------------------------------------------- values
def _get(node: dict, key: str) -> Any:
    """``node[key]``, also under the prefixed names some publishers write."""
    if key in node:
        return node[key]
    for prefix in _SCHEMA_PREFIXES:
        if prefix + key in node:
            return node[prefix + key]
    return None


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _objects(value: Any) -> list[dict]:
    return [v for v in _values(value) if isinstance(v, dict)]


def _first_object(value: Any) -> dict | None:
    objects = _objects(value)
    return objects[0] if objects else None


def _text(value: Any) -> str:
    """Plain text from a string, a number, ``{"@value": ...}`` or a list of them (first
    non-empty), with HTML tags and entities removed and whitespace folded."""
    for entry in _values(value):
        if isinstance(entry, dict):
            entry = entry.get("@value")
        if isinstance(entry, bool) or entry is None:
            continue
        if isinstance(entry, int | float):
            return _format_number(float(entry))
        if isinstance(entry, str):
            text = clean_text(html.unescape(_TAG.sub(" ", entry)))
            if text:
                return text
    return ""


def _name(node: dict | None) -> str:
    if node is None:
        return ""
    return _text(_get(node, "name")) or _text(_get(node, "alternateName"))


def _number(value: Any) -> float | None:
    for entry in _values(value):
        if isinstance(entry, dict):
            entry = entry.get("@value")
        if isinstance(entry, bool):
            continue
        if isinstance(entry, int | float):
            return float(entry)
        if isinstance(entry, str) and _NUMBER.match(entry.strip()):
            return float(entry.strip().replace(",", "."))
    return None


def _format_number(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def _date(value: Any) -> datetime.date | None:
    for entry in _values(value):
        if isinstance(entry, dict):
            entry = entry.get("@value")
        found = parse_date(entry)
        if found is not None:
            return found
    return None


def _url(value: Any) -> str:
    """An http(s) URL with a host, stripped, or ``""``: ``javascript:``, ``data:``, relative
    and malformed links never get through."""
    for entry in _values(value):
        if isinstance(entry, dict):
            entry = entry.get("@id") or entry.get("url")
        if not isinstance(entry, str):
            continue
        candidate = entry.strip()
        try:
            parts = urlsplit(candidate)
            host = parts.hostname
        except ValueError:
            continue
        if parts.scheme.lower() in ("http", "https") and host and not re.search(r"\s", candidate):
            return candidate
    return ""


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _meta(root: etree._Element, prop: str) -> str | None:
    for meta in root.iter("meta"):
        if meta.get("property") == prop or meta.get("name") == prop:
            return meta.get("content")
    return None


def _page_url(root: etree._Element) -> str:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            found = _url(link.get("href"))
            if found:
                return found
    return _url(_meta(root, "og:url"))

"""A news page's own metadata: headline, dates, byline, language, site names.

Each field is read in order of trust, first answer wins:

* headline: the visible ``<h1>`` of the article (inside ``<article>``/``<main>``, else
  one outside the site header, navigation and footer, that is not the site's name),
  then JSON-LD ``headline``, ``og:title``, ``twitter:title``, ``<title>``; a title
  from metadata loses its site-name and date segments ("Headline - Site",
  "Headline | Outlet | 19.01.2020", "Site | Headline", "标题_网站");
* published date: JSON-LD ``datePublished``, the ``article:published_time`` family
  of meta tags, an ``itemprop="datePublished"`` element, then the first ``<time>``
  after the headline outside asides, teasers and comments; modified dates are read
  the same way and kept apart;
* byline: JSON-LD ``author`` names, ``<meta name="author">``, then a "By ..." line
  after the headline (in the page's language: "Par", "Von", "بقلم", "作者：" ...);
* language: ``<html lang>``, ``Content-Language``, ``og:locale``, JSON-LD
  ``inLanguage`` (the text decides when none is given, in ``language``).
"""

from __future__ import annotations

import datetime
import email.utils
import itertools
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from lxml import etree

from annotate.ingest import jsonld
from annotate.ingest.fields import clean_text, parse_date

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "parsely-pub-date", "sailthru.date", "publishdate", "publish-date",
    "publish_date", "pubdate", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created",
    "originalpublicationdate", "article.published", "date",
)  # fmt: skip
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
    "dcterms.modified", "dc.date.modified", "last-modified", "lastmod", "article.updated",
)  # fmt: skip
_LANGUAGE_META = ("content-language", "language", "dc.language", "og:locale")
_SITE_META = ("og:site_name", "application-name", "twitter:site", "publisher")
_TITLE_META = ("og:title", "twitter:title")
_OUTSIDE = {"nav", "aside", "footer"}
_NOT_THE_ARTICLE = re.compile(
    r"related|comment|teaser|recent|widget|sidebar|popular|most|more|other|read-?also"
    r"|recommend|trending|similar|rail|lire|aussi|lesen|weitere",
    re.IGNORECASE,
)
_UPDATED = re.compile(r"updated|modified|dateModified", re.IGNORECASE)
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»/]|::)\s+|\s*[_｜]\s*")
_DATE_LIKE = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{4}|\d{1,2}\.? \w+ \d{4}|\w+ \d{1,2},? \d{4}"
)
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SLASHED_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_NAME_END = r"(?:\s*[·|,•–—]\s*|\s+-\s+|\s+\d|$)"
_BYLINE = re.compile(
    r"^(?:by|par|von|por|di|door|av|af|przez|от|автор:?|بقلم|作者[:：]|文[:：]|記者)\s*"
    r"(.+?)" + _NAME_END,
    re.IGNORECASE,
)
_BYLINE_NAME = re.compile(r"^(.+?)" + _NAME_END)
_AUTHOR_MARK = re.compile(r"author|byline|\bfn\b", re.IGNORECASE)
_BYLINE_SIBLINGS = 5


_BYLINE_WORDS = 12


class Meta:
    """The ``<meta>`` tags of a page: ``name``, ``property`` or ``itemprop`` to contents."""

    def __init__(self, tree: etree._Element) -> None:
        self.values: dict[str, list[str]] = {}
        for meta in tree.iter("meta"):
            content = meta.get("content")
            if content is None:
                continue
            for attribute in ("property", "name", "itemprop", "http-equiv"):
                key = (meta.get(attribute) or "").strip().lower()
                if key:
                    self.values.setdefault(key, []).append(content.strip())

    def first(self, keys: Iterable[str]) -> str:
        for key in keys:
            for value in self.values.get(key, ()):
                if value:
                    return value
        return ""

    def all(self, keys: Iterable[str]) -> list[str]:
        return [value for key in keys for value in self.values.get(key, ()) if value]


def site_names(
    tree: etree._Element, meta: Meta, article: dict | None, found: list[dict], url: str
) -> list[str]:
    """Return every name the page gives its site, and its host name."""
    names = [value.lstrip("@") for value in meta.all(_SITE_META)]
    if article is not None:
        names += jsonld.names(article.get("publisher"))
    names += [
        jsonld.text(o.get("name"))
        for o in found
        if jsonld.types(o) & {"WebSite", "Organization", "NewsMediaOrganization"}
    ]
    host = (urlsplit(url).hostname or "") if url else ""
    if host:
        labels = host.removeprefix("www.").split(".")
        names += [host, ".".join(labels[:-1]), labels[0]]
    return [name for name in names if name]


def headline(tree: etree._Element, sites: list[str]) -> etree._Element | None:
    """Return the article's visible headline element, or ``None``."""
    site_keys = {_key(name) for name in sites}
    h1s = [h for h in tree.iter("h1") if clean_text(h.text_content())]
    h1s = [h for h in h1s if _key(h.text_content()) not in site_keys]
    in_article = [h for h in h1s if _inside(h, {"article", "main"}) and not _inside(h, _OUTSIDE)]
    if in_article:
        return in_article[0]
    standalone = [h for h in h1s if not _inside(h, _OUTSIDE | {"header"})]
    if standalone:
        return standalone[0]
    marked = tree.xpath("//*[@itemprop='headline'][normalize-space()]")
    return marked[0] if marked else None


def title(
    heading: etree._Element | None,
    meta: Meta,
    article: dict | None,
    tree: etree._Element,
    sites: list[str],
) -> str:
    """Return the article's title: its visible headline, else metadata without site names."""
    if heading is not None:
        return clean_text(heading.text_content())
    candidates = [jsonld.text(article.get("headline")) if article else ""]
    candidates += [meta.first([key]) for key in _TITLE_META]
    title_element = tree.find(".//title")
    candidates.append(title_element.text_content() if title_element is not None else "")
    for candidate in candidates:
        if clean_text(candidate):
            return without_site_name(clean_text(candidate), sites)
    return ""


def without_site_name(text: str, sites: list[str]) -> str:
    """Return ``text`` without leading or trailing segments that name the site or a date."""
    site_keys = {_key(name) for name in sites} - {""}
    spans = []
    start = 0
    for separator in _TITLE_SEPARATOR.finditer(text):
        spans.append((start, separator.start()))
        start = separator.end()
    spans.append((start, len(text)))

    def removable(span: tuple[int, int]) -> bool:
        segment = text[span[0] : span[1]].strip()
        return _key(segment) in site_keys or bool(_DATE_LIKE.fullmatch(segment))

    while len(spans) > 1 and removable(spans[-1]):
        spans.pop()
    while len(spans) > 1 and removable(spans[0]):
        spans.pop(0)
    return clean_text(text[spans[0][0] : spans[-1][1]])


def dates(
    tree: etree._Element, meta: Meta, article: dict | None, heading: etree._Element | None
) -> tuple[datetime.date | None, datetime.date | None]:
    """Return the article's published and modified dates (``None`` when the page has none)."""
    published = modified = None
    if article is not None:
        published = to_date(jsonld.text(article.get("datePublished")))
        modified = to_date(jsonld.text(article.get("dateModified")))
    published = published or _first_date(meta.all(_PUBLISHED_META))
    modified = modified or _first_date(meta.all(_MODIFIED_META))
    published = published or _first_date(_marked_dates(tree, "datePublished", heading))
    modified = modified or _first_date(_marked_dates(tree, "dateModified", heading))
    if published is None or modified is None:
        own, updated = _article_times(tree, heading)
        published = published or own
        modified = modified or updated
    return published, modified


def byline(meta: Meta, article: dict | None, heading: etree._Element | None) -> str:
    """Return the article's authors as one line, or ``""``."""
    if article is not None:
        names = jsonld.names(article.get("author"))
        if names:
            return clean_text(", ".join(dict.fromkeys(names)))
    author = meta.first(["author", "article:author", "byl", "dc.creator", "parsely-author"])
    if author and not author.startswith(("http://", "https://")):
        return clean_text(author)
    return _byline_after(heading) if heading is not None else ""


def declared_language(tree: etree._Element, meta: Meta, article: dict | None) -> str:
    """Return the language the page declares (a tag such as ``"fr-FR"``), or ``""``."""
    root_lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    candidates = [root_lang, meta.first(_LANGUAGE_META)]
    if article is not None:
        candidates.append(jsonld.text(article.get("inLanguage")))
    return next((c.strip() for c in candidates if c and c.strip()), "")


def to_date(value: str) -> datetime.date | None:
    """Return the date in an ISO, ``dd.mm.yyyy``, ``yyyy/mm/dd`` or e-mail style value."""
    value = value.strip()
    if not value:
        return None
    found = parse_date(value)
    if found is not None:
        return found
    for pattern, order in ((_DOTTED_DATE, (2, 1, 0)), (_SLASHED_DATE, (0, 1, 2))):
        match = pattern.match(value)
        if match:
            parts = [int(match.group(i + 1)) for i in order]
            try:
                return datetime.date(*parts)
            except ValueError:
                return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _first_date(values: Iterable[str]) -> datetime.date | None:
    return next((date for date in map(to_date, values) if date is not None), None)


def _marked_dates(tree: etree._Element, prop: str, heading: etree._Element | None) -> list[str]:
    """Dates marked ``itemprop=prop`` in the article: not in asides or teasers, and
    inside the headline's ``<article>`` or after the headline."""
    elements = [e for e in tree.xpath(f"//*[@itemprop='{prop}']") if not _in_other_content(e)]
    if heading is not None:
        around = heading.xpath("ancestor::article[1] | ancestor::main[1]")
        inside = set(around[-1].iter()) if around else set()
        position = {element: i for i, element in enumerate(tree.iter())}
        elements = [e for e in elements if e in inside or position[e] > position[heading]]
    return [e.get("datetime") or e.get("content") or e.text_content() for e in elements]


def _article_times(
    tree: etree._Element, heading: etree._Element | None
) -> tuple[datetime.date | None, datetime.date | None]:
    """The first dated ``<time>`` after the headline, and the first marked as an update."""
    times = list(tree.iter("time"))
    if heading is not None:
        position = {element: i for i, element in enumerate(tree.iter())}
        times = [t for t in times if position[t] > position[heading]]
    published = modified = None
    for element in times:
        if _in_other_content(element):
            continue
        date = to_date(element.get("datetime") or element.text_content())
        if date is None:
            continue
        if _UPDATED.search(f"{element.get('class', '')} {element.get('itemprop', '')}"):
            modified = modified or date
        else:
            published = published or date
        if published and modified:
            break
    return published, modified


def _in_other_content(element: etree._Element) -> bool:
    """Tell whether ``element`` sits in an aside, a teaser list, comments or navigation."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _OUTSIDE:
            return True
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if _NOT_THE_ARTICLE.search(marks):
            return True
    return False


def _byline_after(heading: etree._Element) -> str:
    """The byline among the few elements that follow the headline.

    An element marked as the author's (``class="byline"``, ``rel="author"``...) first,
    then a line that starts "By" in one of the languages ``_BYLINE`` knows.
    """
    following = list(itertools.islice(heading.itersiblings(), _BYLINE_SIBLINGS))
    candidates = [c for e in following for c in (e, *e.iterdescendants()) if isinstance(c.tag, str)]
    for candidate in candidates:
        marks = " ".join(candidate.get(a, "") for a in ("class", "id", "rel", "itemprop"))
        if _AUTHOR_MARK.search(marks):
            name = _name_in(clean_text(candidate.text_content()), prefix_required=False)
            if name:
                return name
    for candidate in candidates:
        name = _name_in(clean_text(candidate.text_content()), prefix_required=True)
        if name:
            return name
    return ""


def _name_in(line: str, prefix_required: bool) -> str:
    if not line or len(line.split()) > _BYLINE_WORDS:
        return ""  # A sentence that starts with "By", not a byline.
    match = _BYLINE.match(line)
    if match is None and not prefix_required:
        match = _BYLINE_NAME.match(line)
    return clean_text(match.group(1)) if match else ""


def _inside(element: etree._Element, tags: set[str]) -> bool:
    return any(ancestor.tag in tags for ancestor in element.iterancestors())


def _key(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())

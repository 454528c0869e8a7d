"""Import fidelity: how much of each fixture article the readers keep, beside plain libraries.

Run: python bench/ingest_fidelity.py [repeats]

On the fixture pages and files of ``tests/data/ingest`` (each reproduces a loss seen on
real inputs; see its README) plus the five generated layouts of ``bench/ingest_html.py``,
per format, for our reader (``app``) and the library alone on the same input (``base``):
raw trafilatura (``bare_extraction`` with its defaults, metadata and links) for HTML,
markdown-it-py's CommonMark for Markdown, python-docx's paragraphs for Word.

    kept     share of the article's words found in the text (multiset recall; each CJK
             character is a word)
    leaked   share of the page's boilerplate phrases found in the text (lower is better)
    links    share of the article's links found with their text and URL
    title, date, byline   share of inputs where the field is exactly right
    ms       best-of-``repeats`` milliseconds per input

The ``bench:`` lines give each figure for app and base. A last table times each reader
on its pathological input (refused before parsing, or read in linear time).
"""

from __future__ import annotations

import io
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx as python_docx  # noqa: E402
import trafilatura  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from annotate.ingest import detect  # noqa: E402
from annotate.ingest.article import stored_text  # noqa: E402
from annotate.ingest.errors import ImportRejected  # noqa: E402
from bench import ingest_html  # noqa: E402
from tests.annotate.ingest import fixtures  # noqa: E402

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+")


@dataclass
class Result:
    """What one reader gave for one input."""

    text: str = ""
    links: set[tuple[str, str]] = field(default_factory=set)
    title: str = ""
    date: object = None
    byline: str = ""
    seconds: float = 0.0


# --- The readers ------------------------------------------------------------------------------


def app(fixture: fixtures.Fixture) -> Result:
    try:
        article = detect.read_article(fixture.filename, fixture.data)
    except ImportRejected:
        return Result()
    text, links = stored_text(article)
    return Result(
        text=text,
        links={(text[k.start : k.end], k.url) for k in links},
        title=article.title,
        date=article.published,
        byline=article.byline,
    )


def raw_trafilatura(fixture: fixtures.Fixture) -> Result:
    document = trafilatura.bare_extraction(
        fixture.data.decode("utf-8", "replace"), with_metadata=True, include_links=True
    )
    if document is None or document.body is None:
        return Result()
    links = {
        (_fold("".join(ref.itertext())), ref.get("target", "")) for ref in document.body.iter("ref")
    }
    return Result(
        text=document.text or "",
        links=links,
        title=document.title or "",
        date=_iso_date(document.date),
        byline=document.author or "",
    )


def plain_markdown_it(fixture: fixtures.Fixture) -> Result:
    """markdown-it-py's CommonMark alone: inline text, links, the first h1 as title."""
    tokens = MarkdownIt("commonmark").parse(fixture.data.decode("utf-8"))
    texts, links, title, heading = [], set(), "", False
    for token in tokens:
        heading = token.tag == "h1" if token.type == "heading_open" else heading
        if token.type != "inline":
            continue
        parts, href, start = [], "", 0
        for child in token.children or []:
            if child.type == "link_open":
                href, start = child.attrs.get("href", ""), len("".join(parts))
            elif child.type == "link_close":
                links.add((_fold("".join(parts)[start:]), str(href)))
            elif child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        text = "".join(parts)
        if heading and not title:
            title = text
        else:
            texts.append(text)
    return Result(text="\n\n".join(texts), links=links, title=title)


def plain_python_docx(fixture: fixtures.Fixture) -> Result:
    """python-docx alone: ``Document.paragraphs`` text, hyperlinks, core properties."""
    try:
        document = python_docx.Document(io.BytesIO(fixture.data))
    except Exception:
        return Result()
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    links = {(_fold(link.text), link.address) for p in paragraphs for link in p.hyperlinks}
    properties = document.core_properties
    created = properties.created
    return Result(
        text="\n\n".join(p.text for p in paragraphs if p.style.name != "Title"),
        links=links,
        title=properties.title or next((p.text for p in paragraphs if p.style.name == "Title"), ""),
        date=created.date() if created else None,
        byline=properties.author or "",
    )


BASELINES = {"html": raw_trafilatura, "md": plain_markdown_it, "docx": plain_python_docx}
BASE_NAMES = {"html": "raw trafilatura", "md": "markdown-it CommonMark", "docx": "python-docx"}


# --- Scoring ----------------------------------------------------------------------------------


def score(fixture: fixtures.Fixture, result: Result) -> dict[str, float | None]:
    truth = Counter(_tokens(" ".join(fixture.paragraphs)))
    got = Counter(_tokens(result.text))
    text = _fold(result.text).casefold()
    expected_links = {(_fold(t), url) for t, url in fixture.links}
    return {
        "kept": sum((truth & got).values()) / max(1, sum(truth.values())),
        "leaked": (
            sum(_fold(p).casefold() in text for p in fixture.boilerplate) / len(fixture.boilerplate)
            if fixture.boilerplate
            else None
        ),
        "links": len(expected_links & result.links) / len(expected_links)
        if expected_links
        else None,
        "title": float(_fold(result.title) == _fold(fixture.title)),
        "date": float(result.date == fixture.published),
        "byline": float(_fold(result.byline).casefold() == _fold(fixture.byline).casefold()),
        "ms": result.seconds * 1000,
    }


def timed(reader, fixture: fixtures.Fixture, repeats: int) -> Result:
    best, result = float("inf"), Result()
    for _ in range(repeats):
        started = time.perf_counter()
        result = reader(fixture)
        best = min(best, time.perf_counter() - started)
    result.seconds = best
    return result


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _fold(text: str) -> str:
    return " ".join(text.split())


def _iso_date(value):
    from annotate.ingest.pagemeta import to_date

    return to_date(value or "")


def generated_pages() -> list[fixtures.Fixture]:
    """The five layouts of bench/ingest_html.py, as fixtures (no links or boilerplate keys)."""
    rng = random.Random(7)
    pages = []
    for build in ingest_html.BUILDERS:
        page = build(rng)
        pages.append(
            fixtures.Fixture(
                name=f"generated-{page.name}",
                format="html",
                data=ingest_html.encode(page),
                title=page.title,
                paragraphs=page.expected,
                links=[],
                published=page.published,
                byline=page.byline,
            )
        )
    return pages


# --- Output -----------------------------------------------------------------------------------

FIGURES = ("kept", "leaked", "links", "title", "date", "byline", "ms")


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def _cell(value: float | None, figure: str) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}" if figure == "ms" else f"{value:.3f}"


def measure(repeats: int) -> None:
    inputs = {
        "html": fixtures.html_fixtures() + generated_pages(),
        "md": fixtures.markdown_fixtures(),
        "docx": fixtures.word_fixtures(),
    }
    detect.read_article("warm-up.txt", b"Warm up the language model once, before timing.")
    print(f"{'format':6} {'input':28} {'reader':22} " + " ".join(f"{f:>7}" for f in FIGURES))
    summary: list[tuple[str, str, dict[str, float | None]]] = []
    for fmt, items in inputs.items():
        rows = {"app": [], "base": []}
        for fixture in items:
            for who, reader in (("app", app), ("base", BASELINES[fmt])):
                figures = score(fixture, timed(reader, fixture, repeats))
                rows[who].append(figures)
                label = "app" if who == "app" else BASE_NAMES[fmt]
                cells = " ".join(f"{_cell(figures[f], f):>7}" for f in FIGURES)
                print(f"{fmt:6} {fixture.name[:28]:28} {label:22} {cells}")
        for who in ("app", "base"):
            means = {f: _mean([row[f] for row in rows[who]]) for f in FIGURES}
            summary.append((fmt, who, means))
    print(f"\n{'format':6} {'reader':22} {'inputs':>6} " + " ".join(f"{f:>7}" for f in FIGURES))
    for fmt, who, means in summary:
        label = "app" if who == "app" else BASE_NAMES[fmt]
        cells = " ".join(f"{_cell(means[f], f):>7}" for f in FIGURES)
        print(f"{fmt:6} {label:22} {len(inputs[fmt]):>6} {cells}")
    for fmt, who, means in summary:
        for figure in FIGURES:
            if means[figure] is not None:
                unit = "ms/input" if figure == "ms" else "share"
                print(f"bench: fidelity_{fmt}_{figure}_{who} {means[figure]:.3f} {unit}")


# --- Pathological inputs (issue 19): refused fast, or read in linear time ----------------------


def pathological() -> list[tuple[str, str, bytes]]:
    from tests.annotate.ingest.fixtures import rewrite, save

    document = python_docx.Document()
    document.add_paragraph("Text.")
    data = save(document)
    with __import__("zipfile").ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml")
    deep = b"<w:sdt><w:sdtContent>" * 300 + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * 300
    deep_docx = rewrite(
        data, {"word/document.xml": xml.replace(b"<w:body>", b"<w:body>" + deep, 1)}
    )
    attributes = " ".join(f"a{i}=1" for i in range(100_000))
    return [
        ("md", "2 MB of nested [", b"[" * 2_000_000),
        ("md", "700k unclosed links", b"[a " * 700_000),
        ("html", "5,000-deep divs", b"<html><body>" + b"<div>" * 5000 + b"x" + b"</div>" * 5000),
        ("html", "100,000 attributes", f"<html><body><p {attributes}>x</p></body></html>".encode()),
        ("html", "120,000 elements", b"<html><body>" + b"<span>w</span>" * 120_000),
        ("docx", "XML 600 levels deep", deep_docx),
        ("txt", "1,000,000 one-letter lines", b"a\n" * 1_000_000),
    ]


def measure_pathological() -> None:
    print(f"\n{'format':6} {'pathological input':28} {'size':>9} {'ms':>8}  outcome")
    for fmt, name, data in pathological():
        started = time.perf_counter()
        try:
            detect.read_article(f"input.{fmt}", data)
            outcome = "read"
        except ImportRejected as rejected:
            outcome = f"refused: {rejected.message[:60]}"
        elapsed = (time.perf_counter() - started) * 1000
        print(f"{fmt:6} {name:28} {len(data):>9} {elapsed:>8.0f}  {outcome}")
        slug = re.sub(r"\W+", "_", name).strip("_").lower()
        print(f"bench: pathological_{fmt}_{slug} {elapsed:.0f} ms")


def main(argv: list[str]) -> None:
    repeats = int(argv[1]) if len(argv) > 1 else 3
    measure(repeats)
    measure_pathological()


if __name__ == "__main__":
    main(sys.argv)

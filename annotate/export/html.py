"""Annotated HTML: one self-contained page (inline CSS, no scripts, no outside assets).

The article keeps the document's paragraphs; each claim is highlighted in its verdict colour (a
tint behind the text and one underline stripe per claim, so overlapping claims stay visible) and
followed by a numbered marker linking to its footnote. The article's own links (the ones it cited
when it was imported) stay links over their text. Footnotes give the quote, verdict,
restatement, claimant, notes and sources. The page is `lang` and `dir` of the article's language
(right-to-left for Arabic, Hebrew, Persian...).

Safety: every piece of user text goes through `html.escape`; notes are sanitized again with the
project's allow-list; links are written only for http(s) URLs; colours only as `#rrggbb`.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, date, datetime
from html import escape

from annotate.document_data import (
    ClaimData,
    DocumentData,
    ExportOptions,
    LinkData,
    SourceData,
    VerdictData,
)
from annotate.export.common import (
    claims_scope,
    document_url,
    http_url,
    safe_colour,
    utc_timestamp,
)
from annotate.export.footnotes import Layout, Run, footnoted
from annotate.sanitize import sanitize_html
from annotate.text.direction import direction

STANCE_LABELS = {"supports": "supports", "refutes": "refutes", "context": "context"}

CSS = """
:root { color-scheme: light; }
body { font: 17px/1.6 Georgia, "Times New Roman", serif; color: #1b1b1b; background: #fff;
  max-width: 44rem; margin: 2rem auto; padding: 0 1rem; }
header { margin-bottom: 1.5rem; }
header h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .4rem; }
.meta { font: 14px/1.5 system-ui, sans-serif; color: #555; margin: 0 0 .2rem; }
article p { white-space: pre-wrap; margin: 0 0 1rem; }
article a.cited { color: #1a4f8b; text-decoration: underline dotted; text-underline-offset: 2px; }
.claim { padding: 0 0 2px; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
sup.ref { font: 11px/1 system-ui, sans-serif; margin: 0 1px; }
sup.ref a { text-decoration: none; color: #1a4f8b; }
.footnotes { border-top: 1px solid #ccc; margin-top: 2rem; font-size: 15px; }
.footnotes > ol > li { margin: 0 0 1.2rem; padding-left: .5rem;
  border-left: 4px solid var(--c, #9e9e9e); break-inside: avoid; }
.footnotes p { margin: .25rem 0; }
.quote { font-style: italic; margin: 0; }
.verdict { font: 600 13px/1.4 system-ui, sans-serif; border: 2px solid var(--c, #9e9e9e);
  border-radius: 3px; padding: 0 .35rem; margin-right: .3rem; }
.fields { margin: .3rem 0; }
.fields dt { display: inline; font-weight: 600; }
.fields dd { display: inline; margin: 0 .8rem 0 .2rem; }
.notes { margin: .3rem 0; }
.sources { margin: .3rem 0; padding-left: 1.2rem; }
.back { text-decoration: underline; color: #1a4f8b; }
footer { font: 12px/1.5 system-ui, sans-serif; color: #595959; margin-top: 2rem; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  .claim, .verdict, .footnotes > ol > li {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .back { display: none; }
  .sources a[href]::after { content: " <" attr(href) ">"; font-size: 9pt; word-break: break-all; }
  article p { orphans: 3; widows: 3; }
  @page { margin: 18mm; }
}
"""


def render(doc: DocumentData, options: ExportOptions) -> bytes:
    """The annotated page of `doc`, UTF-8."""
    plan = footnoted(doc)
    colours = {key: safe_colour(verdict.colour) for key, verdict in doc.verdicts().items()}
    claim_colours = [colours.get(claim.verdict or "", safe_colour("")) for claim in plan.claims]
    parts = [
        "<!DOCTYPE html>\n",
        f'<html lang="{escape(doc.language or "und")}" dir="{direction(doc.language)}">\n',
        '<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{escape(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        _header(doc),
        "<article>\n",
        *_article(doc.text, plan, claim_colours, _cited(doc.links)),
        "</article>\n",
        _footnotes(doc, plan, claim_colours),
        _footer(doc, options),
        "</body>\n</html>\n",
    ]
    return "".join(parts).encode("utf-8")


def _header(doc: DocumentData) -> str:
    lines = [f"<header>\n<h1>{escape(doc.title)}</h1>\n"]
    if doc.byline:
        lines.append(f'<p class="meta">{escape(doc.byline)}</p>\n')
    details = []
    if doc.published_on:
        published = doc.published_on.isoformat()
        shown = _readable_date(doc.published_on)
        details.append(f'Published <time datetime="{published}">{shown}</time>')
    link = _link(doc.source_url, doc.source_url)
    if link:
        details.append(f"Source: {link}")
    details.append(f"Fact-checked by {escape(doc.team.name)}")
    lines.append(f'<p class="meta">{" · ".join(details)}</p>\n</header>\n')
    return "".join(lines)


class _Cited:
    """The article's links that can be drawn: http(s), not overlapping, in text order."""

    def __init__(self, links: list[LinkData]) -> None:
        self.links = links
        self.starts = [link.start for link in links]

    def inside(self, start: int, end: int) -> list[LinkData]:
        """The links overlapping `[start, end)`, in order."""
        first = max(bisect_right(self.starts, start) - 1, 0)
        found = []
        for link in self.links[first:]:
            if link.start >= end:
                break
            if link.end > start:
                found.append(link)
        return found


def _cited(links: tuple[LinkData, ...]) -> _Cited:
    drawn: list[LinkData] = []
    for link in sorted(links, key=lambda link: (link.start, -link.end)):
        if http_url(link.url) and (not drawn or link.start >= drawn[-1].end):
            drawn.append(link)
    return _Cited(drawn)


def _article(text: str, plan: Layout, colours: list[str], cited: _Cited) -> list[str]:
    """One `<p>` per paragraph; highlighted runs, the article's links and markers inside."""
    styles: dict[tuple[int, ...], str] = {}
    parts = []
    for runs in plan.paragraphs:
        parts.append("<p>")
        for run in runs:
            parts.append(_run(text, run, colours, styles, cited))
        parts.append("</p>\n")
    return parts


def _linked(text: str, start: int, end: int, cited: _Cited) -> str:
    """`text[start:end]` escaped, the parts under the article's links as links (a link that
    crosses a claim's edge is drawn as one link on each side of it)."""
    parts = []
    at = start
    for link in cited.inside(start, end):
        left, right = max(link.start, start), min(link.end, end)
        parts.append(escape(text[at:left], quote=False))
        href = escape(http_url(link.url) or "", quote=True)
        inner = escape(text[left:right], quote=False)
        parts.append(f'<a class="cited" href="{href}" rel="nofollow noopener">{inner}</a>')
        at = right
    parts.append(escape(text[at:end], quote=False))
    return "".join(parts)


def _run(
    text: str,
    run: Run,
    colours: list[str],
    styles: dict[tuple[int, ...], str],
    cited: _Cited,
) -> str:
    chunk = _linked(text, run.start, run.end, cited)
    if run.claims:
        style = styles.get(run.claims)
        if style is None:
            style = styles[run.claims] = _style(run.claims, colours)
        numbers = " ".join(f"c{number}" for number in run.claims)
        chunk = f'<span class="claim {numbers}" style="{style}">{chunk}</span>'
    if run.markers:
        chunk += "".join(
            f'<sup class="ref"><a id="ref-{number}" href="#fn-{number}">[{number}]</a></sup>'
            for number in run.markers
        )
    return chunk


def _style(claims: tuple[int, ...], colours: list[str]) -> str:
    """A tint of the innermost claim's colour and one 3px underline stripe per covering claim."""
    innermost = colours[claims[-1] - 1]
    stripes = ", ".join(
        f"inset 0 -{3 * depth}px 0 {colours[number - 1]}"
        for depth, number in enumerate(reversed(claims), start=1)
    )
    return f"background-color: {innermost}2e; box-shadow: {stripes}"


def _footnotes(doc: DocumentData, plan: Layout, colours: list[str]) -> str:
    if not plan.claims:
        return ""
    verdicts = doc.verdicts()
    items = [
        _footnote(number, claim, verdicts.get(claim.verdict or ""), colours[number - 1])
        for number, claim in enumerate(plan.claims, start=1)
    ]
    return (
        f'<section class="footnotes">\n<h2>Claims</h2>\n<ol>\n{"".join(items)}</ol>\n</section>\n'
    )


def _footnote(number: int, claim: ClaimData, verdict: VerdictData | None, colour: str) -> str:
    label = verdict.label if verdict else "No verdict yet"
    parts = [
        f'<li id="fn-{number}" style="--c: {colour}">\n',
        f'<p class="quote">“{escape(claim.quote)}” ',
        f'<a class="back" href="#ref-{number}" aria-label="Back to the text">↩</a></p>\n',
        f'<p><span class="verdict">{escape(label)}</span>',
        f"{escape(claim.restatement)}</p>\n" if claim.restatement else "</p>\n",
    ]
    fields = [("Claimant", claim.claimant), ("Status", claim.status.replace("_", " "))]
    if claim.approved_by and claim.status == "approved":
        fields.append(("Approved by", claim.approved_by))
    parts.append('<dl class="fields">')
    parts.extend(f"<dt>{name}:</dt><dd>{escape(value)}</dd>" for name, value in fields if value)
    parts.append("</dl>\n")
    if claim.notes_html.strip():
        parts.append(f'<div class="notes">{sanitize_html(claim.notes_html)}</div>\n')
    if claim.sources:
        parts.append('<ul class="sources">\n')
        parts.extend(f"<li>{_source(source)}</li>\n" for source in claim.sources)
        parts.append("</ul>\n")
    parts.append("</li>\n")
    return "".join(parts)


def _source(source: SourceData) -> str:
    title = source.title or source.url
    text = _link(source.url, title) or escape(title)
    details = [escape(detail) for detail in (source.publisher,) if detail]
    if source.date_published:
        details.append(source.date_published.isoformat())
    archive = _link(source.archive_url, "archived copy")
    if archive:
        details.append(archive)
    text += f" — {', '.join(details)}" if details else ""
    return f"{text} ({escape(STANCE_LABELS.get(source.stance, source.stance))})"


def _link(url: str, text: str) -> str:
    """An outside link, or "" when the URL is not http(s)."""
    href = http_url(url) if url else None
    if href is None:
        return ""
    return f'<a href="{escape(href)}" rel="noopener noreferrer">{escape(text)}</a>'


def _footer(doc: DocumentData, options: ExportOptions) -> str:
    generated = utc_timestamp(options.generated_at)
    shown = _readable_time(options.generated_at)
    page = _link(document_url(doc, options), "document page")
    scope = "true" if options.approved_only else "false"
    return (
        f"<footer>Exported by {escape(options.organization_name)} on "
        f'<time datetime="{generated}">{shown}</time>'
        f"{' · ' + page if page else ''}"
        f'<p class="export-scope" data-approved-only="{scope}">'
        f"{escape(claims_scope(doc, options))}</p></footer>\n"
    )


def _readable_date(day: date) -> str:
    """`2 December 2026`: what a reader reads (the machine-readable form is in `datetime`)."""
    return f"{day.day} {day:%B %Y}"


def _readable_time(moment: datetime) -> str:
    """`2 December 2026, 06:39 UTC`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return f"{_readable_date(moment)}, {moment:%H:%M} UTC"

"""Markdown export: the article with each claim in bold followed by a footnote reference (`[^1]`),
and one footnote per claim with verdict, restatement, quote, claimant, notes and sources.

Footnotes are the GitHub / markdown-it / Pandoc syntax. Overlapping claims share one bold stretch
with a reference after each claim's last character.

Safety: user text is backslash-escaped so it cannot open links, images, code, HTML, tables or
emphasis (`\\ ` * _ [ ] < > | ~ & ( )` everywhere; `# + - = >` and `1.` at the start of a line;
a `!` that would touch one of our `[^n]`). Notes are sanitized again, then turned into plain
Markdown text (paragraphs, line breaks, list items, and links for http(s) URLs only).
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

from annotate.document_data import ClaimData, DocumentData, ExportOptions, SourceData, VerdictData
from annotate.export.common import claims_scope, http_url
from annotate.export.footnotes import Run, footnoted
from annotate.sanitize import sanitize_html

_ALWAYS = re.compile(r"([\\`*_\[\]<>|~&()])")
_BLOCK_START = re.compile(r"[#>+=-]")
_ORDERED_ITEM = re.compile(r"(\d+)([.)])")
# CommonMark line endings; runs of them become one hard break.
_NEWLINES = re.compile(r"[\r\n]+")
_BLOCK_TAGS = frozenset(
    {"p", "div", "blockquote", "ul", "ol", "li", "pre", "table", "tr", "section", "article"}
    | {"hr", "h1", "h2", "h3", "h4", "h5", "h6"}
)
HARD_BREAK = "\\\n"
INDENT = "    "


def escape(text: str, line_start: bool = False) -> str:
    """`text` as literal Markdown inline text; `line_start` when it opens a line of the output.

    Line breaks become hard breaks; the start of every following line is treated as a line start
    (leading blanks dropped, as Markdown drops them in a paragraph anyway).
    """
    lines = _NEWLINES.split(text)
    escaped = []
    for index, line in enumerate(lines):
        starts_line = line_start or index > 0
        if starts_line:
            line = line.lstrip(" \t")
        line = _ALWAYS.sub(r"\\\1", line)
        if starts_line:
            line = _escape_block_start(line)
        escaped.append(line)
    result = HARD_BREAK.join(escaped)
    # `![^1]` would be an image and `[^1]: ` a definition, and only our own references can
    # put a `[...]` next to user text: escape a `!` at the end and a `:` at the start.
    if result.endswith("!"):
        result = result[:-1] + "\\!"
    return "\\" + result if result.startswith(":") else result


def _escape_block_start(line: str) -> str:
    """Escape what would make a heading, quote, list item, rule or setext underline."""
    if _BLOCK_START.match(line):
        return "\\" + line
    ordered = _ORDERED_ITEM.match(line)
    if ordered:
        return f"{ordered[1]}\\{ordered[2]}{line[ordered.end() :]}"
    return line


def render(doc: DocumentData, options: ExportOptions) -> bytes:
    """The Markdown document of `doc`, UTF-8."""
    plan = footnoted(doc)
    parts = [_header(doc), f"{escape(claims_scope(doc, options), line_start=True)}\n\n"]
    parts.extend(_paragraph(doc.text, runs) + "\n\n" for runs in plan.paragraphs)
    verdicts = doc.verdicts()
    if plan.claims:
        parts.append("---\n\n")
        for number, claim in enumerate(plan.claims, start=1):
            parts.append(_footnote(number, claim, verdicts.get(claim.verdict or "")))
    return "".join(parts).encode("utf-8")


def _header(doc: DocumentData) -> str:
    title = " ".join(doc.title.split()) or "Untitled"
    lines = [f"# {escape(title, line_start=True)}\n\n"]
    if doc.byline.strip():
        lines.append(f"{escape(' '.join(doc.byline.split()), line_start=True)}\n\n")
    details = []
    if doc.published_on:
        details.append(f"Published {doc.published_on.isoformat()}")
    source = http_url(doc.source_url) if doc.source_url else None
    if source:
        details.append(f"Source: <{source}>")
    details.append(f"Fact-checked by {escape(' '.join(doc.team.name.split()))}")
    lines.append(" · ".join(details) + "\n\n")
    return "".join(lines)


def _markers(numbers: tuple[int, ...]) -> str:
    return "".join(f"[^{number}]" for number in numbers)


def _paragraph(text: str, runs: tuple[Run, ...]) -> str:
    """A paragraph: plain runs as text, each stretch of claimed runs in one bold span."""
    out: list[str] = []
    index = 0
    while index < len(runs):
        stop = index + 1
        if runs[index].claims:
            while stop < len(runs) and runs[stop].claims:
                stop += 1
            _bold(text, runs[index:stop], out)
        else:
            _plain(text, runs[index:stop], out)
        index = stop
    return "".join(out)


def _plain(text: str, runs: tuple[Run, ...], out: list[str]) -> None:
    for run in runs:
        out.append(_piece(text, run.start, run.end, out))
        out.append(_markers(run.markers))


def _piece(text: str, start: int, end: int, out: list[str]) -> str:
    """`text[start:end]` escaped, knowing whether it opens an output line."""
    line_start = not any(out) or start == 0 or text[start - 1] in "\r\n"
    return escape(text[start:end], line_start)


def _bold(text: str, runs: tuple[Run, ...], out: list[str]) -> None:
    """Claimed runs as `**...**` with inner references, the reference of the last claim right
    after the closing stars. Blanks at the edges stay outside the stars, and where CommonMark
    would not open emphasis (punctuation first, right after a letter) the runs stay plain:
    their references still mark the claims."""
    start, end = runs[0].start, runs[-1].end
    stretch = text[start:end]
    inner_start = start + len(stretch) - len(stretch.lstrip())
    inner_end = start + len(stretch.rstrip())
    if inner_start >= inner_end:
        _plain(text, runs, out)
        return
    lead = _piece(text, start, inner_start, out)
    inner: list[str] = []
    for run in runs:
        piece_start, piece_end = max(run.start, inner_start), min(run.end, inner_end)
        if piece_start < piece_end:
            inner.append(_piece(text, piece_start, piece_end, [*out, lead, *inner]))
        if run is not runs[-1]:
            inner.append(_markers(run.markers))
    body = "".join(inner)
    if not _can_open(_last_character([*out, lead]), body[:1]):
        _plain(text, runs, out)
        return
    out.extend((lead, "**", body, "**", _markers(runs[-1].markers)))
    out.append(_piece(text, inner_end, end, out))


def _last_character(parts: list[str]) -> str:
    for part in reversed(parts):
        if part:
            return part[-1]
    return ""


def _is_punctuation(character: str) -> bool:
    return unicodedata.category(character)[0] in "PS"


def _can_open(before: str, after: str) -> bool:
    """Whether `**` between `before` and `after` opens emphasis (CommonMark left-flanking)."""
    if not after or after.isspace():
        return False
    if not _is_punctuation(after):
        return True
    return not before or before.isspace() or _is_punctuation(before)


def _footnote(number: int, claim: ClaimData, verdict: VerdictData | None) -> str:
    label = verdict.label if verdict else "No verdict yet"
    # "Verdict:" first, so the line can never read as a link reference definition.
    first = f"Verdict: **{escape(' '.join(label.split()))}**"
    if claim.restatement.strip():
        first += " — " + escape(claim.restatement)
    details = [f"Quote: “{escape(claim.quote)}”"]
    if claim.claimant.strip():
        details.append(f"Claimant: {escape(claim.claimant)}")
    details.append(f"Status: {escape(claim.status.replace('_', ' '))}")
    blocks = [first + HARD_BREAK + " · ".join(details)]
    notes = notes_markdown(claim.notes_html)
    if notes:
        blocks.append(notes)
    if claim.sources:
        blocks.append("Sources:")
        blocks.append("\n".join(f"- {_source(source)}" for source in claim.sources))
    body = "\n\n".join(blocks)
    # Continuation lines of a footnote are indented; blank lines stay blank.
    indented = "\n".join(INDENT + line if line else line for line in body.split("\n"))
    return f"[^{number}]: {indented[len(INDENT) :]}\n\n"


def _source(source: SourceData) -> str:
    title = " ".join((source.title or source.url).split())
    url = http_url(source.url) if source.url else None
    text = f"[{escape(title)}](<{url}>)" if url else escape(title, line_start=True)
    details = [escape(" ".join(source.publisher.split()))] if source.publisher.strip() else []
    if source.date_published:
        details.append(source.date_published.isoformat())
    archive = http_url(source.archive_url) if source.archive_url else None
    if archive:
        details.append(f"[archived copy](<{archive}>)")
    if details:
        text += " — " + ", ".join(details)
    return f"{text} ({escape(source.stance)})"


def notes_markdown(notes_html: str) -> str:
    """Sanitized notes as Markdown text: blocks become paragraphs, `<br>` hard breaks, `<li>` items,
    http(s) links links; all text escaped."""
    if not notes_html.strip():
        return ""
    converter = _NotesToMarkdown()
    converter.feed(sanitize_html(notes_html))
    converter.close()
    return converter.markdown()


class _NotesToMarkdown(HTMLParser):
    """Collects escaped text from (already sanitized) HTML, block by block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.line_start = True
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._new_block()
            if tag == "li":
                self.blocks[-1].append("- ")
        elif tag == "br":
            self.blocks[-1].append(HARD_BREAK)
            self.line_start = True
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            url = http_url(href) if href else None
            self.links.append(url)
            if url:
                self.blocks[-1].append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._new_block()
        elif tag == "a" and self.links:
            url = self.links.pop()
            if url:
                self.blocks[-1].append(f"](<{url}>)")

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if data[:1].isspace() and not self.line_start:
            text = " " + text
        if data[-1:].isspace() and text.strip():
            text += " "
        if not text.strip():
            return
        self.blocks[-1].append(escape(text, line_start=self.line_start))
        self.line_start = False

    def _new_block(self) -> None:
        if self.blocks[-1]:
            self.blocks.append([])
        self.line_start = True

    def markdown(self) -> str:
        blocks = ("".join(block).strip() for block in self.blocks)
        return "\n\n".join(block for block in blocks if block and block != "-")

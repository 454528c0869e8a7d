"""Build the desk's article HTML from the one layout engine (annotate.text.layout): paragraphs of
sentences of claim pieces, with UTF-16 offsets for the JS.

Built as one string rather than through template loops because a 5,000-sentence document makes
tens of thousands of elements, and a template engine takes several times longer for them.

The DOM text between the first and the last sentence is exactly the document text: the gaps
between sentences and paragraphs are rendered as they are (highlighted where a claim runs across
them, the paragraph break inside a hidden span), so that the browser's Range.toString() over a
selection is the quote the server checks. The exports draw the same pieces.
Every leaf element (a sentence without claims, or one piece of a sentence) carries
``data-u16``/``data-u16e``: its UTF-16 start and end, from which desk.js computes the UTF-16
offsets of a selection; the server converts them back to code points.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from annotate.palette import NO_VERDICT_COLOUR
from annotate.text.anchor import Utf16Index
from annotate.text.layout import Paragraph, Piece, SentenceRun

__all__ = ["NO_VERDICT_COLOUR", "article_html", "claim_look", "highlight_classes"]
OUTER_BANDS = 3  # outer claims drawn as bands under a highlight (desk.css, palette.verdict_css)
_WHITESPACE = re.compile(r"\s*")


def article_html(
    text: str,
    paragraphs: Sequence[Paragraph],
    colours: Mapping[int, str],
    index: Utf16Index,
    *,
    oob: bool = False,
) -> SafeString:
    """Return the HTML of ``paragraphs`` (from annotate.text.layout) for the desk.

    ``colours`` maps claim ids to their look, ``claim_look(verdict_id, status)``: the verdict's
    colour class and the status's edge style (no inline styles: the CSP forbids them).
    With ``oob`` each paragraph replaces its namesake on the page (an htmx out-of-band swap).
    """
    extra = ' hx-swap-oob="true"' if oob else ""
    html = "".join(_paragraph(text, p, colours, index, extra) for p in paragraphs)
    # Every piece of text above went through html.escape; attributes are numbers and classes.
    return mark_safe(html)  # noqa: S308


def _paragraph(
    text: str, paragraph: Paragraph, colours: Mapping[int, str], index: Utf16Index, extra: str
) -> str:
    parts = [f'<p class="para" id="p{paragraph.index}" dir="auto"{extra}>']
    parts.extend(_between(piece, colours) for piece in paragraph.lead)
    for sentence in paragraph.sentences:
        parts.append(_sentence(sentence, colours, index))
        parts.extend(_between(piece, colours) for piece in sentence.gap)
    if paragraph.sentences:
        # The paragraph break as it is in the text, so that selections across paragraphs quote it.
        gap = _WHITESPACE.match(text, paragraph.end).group()
        if gap:
            parts.append(f'<span class="pgap">{escape(gap, quote=False)}</span>')
    parts.append("</p>")
    return "".join(parts)


def _between(piece: Piece, colours: Mapping[int, str]) -> str:
    """Text between sentences (or outside them) as it is; highlighted where a claim runs across.

    Not a leaf: a selection boundary in it snaps to the next or previous sentence (desk.js).
    """
    body = escape(piece.text, quote=False)
    if not piece.claim_ids:
        return body
    ids = " ".join(map(str, piece.claim_ids))
    look = highlight_classes(piece.claim_ids, colours)
    return f'<span class="piece hl gap {look}" data-claims="{ids}">{body}</span>'


def _sentence(sentence: SentenceRun, colours: Mapping[int, str], index: Utf16Index) -> str:
    u16, u16e = index.to_utf16(sentence.start), index.to_utf16(sentence.end)
    attributes = (
        f'class="sentence" id="s{sentence.index}" data-u16="{u16}" data-u16e="{u16e}"'
        f' data-claims="{_ids(sentence.pieces)}"'
    )
    offsets = (
        f'data-index="{sentence.index}" data-start="{sentence.start}" data-end="{sentence.end}"'
    )
    pieces = sentence.pieces
    if len(pieces) == 1 and not pieces[0].claim_ids:
        return (
            f"<span {attributes} data-leaf {offsets}>{escape(pieces[0].text, quote=False)}</span>"
        )
    inner = "".join(_piece(piece, colours, index) for piece in pieces)
    return f"<span {attributes} {offsets}>{inner}</span>"


def _ids(pieces: Sequence[Piece]) -> str:
    seen: dict[int, None] = {}
    for piece in pieces:
        seen.update(dict.fromkeys(piece.claim_ids))
    return " ".join(map(str, seen))


def _piece(piece: Piece, colours: Mapping[int, str], index: Utf16Index) -> str:
    head = (
        f'data-leaf data-u16="{index.to_utf16(piece.start)}" '
        f'data-u16e="{index.to_utf16(piece.end)}" data-start="{piece.start}"'
    )
    body = escape(piece.text, quote=False)
    if not piece.claim_ids:
        return f'<span class="piece" {head}>{body}</span>'
    ids = " ".join(map(str, piece.claim_ids))
    look = highlight_classes(piece.claim_ids, colours)
    return f'<span class="piece hl {look}" {head} data-claims="{ids}">{body}</span>'


def claim_look(verdict_id: int | None, status: str) -> str:
    """A claim's look as classes: its verdict's colours (/verdicts.css) and its status."""
    return f"v-{verdict_id if verdict_id is not None else 'none'} st-{status}"


def highlight_classes(claim_ids: Sequence[int], looks: Mapping[int, str]) -> str:
    """The classes of a piece that ``claim_ids`` cover (outermost first).

    The innermost claim gives the fill, the edge colour and the edge style (its status); each
    outer claim adds a band under it in its colour (``o1-v<id>`` nearest), up to OUTER_BANDS.
    """
    inner = looks.get(claim_ids[-1], claim_look(None, "draft"))
    classes = [inner]
    outer = list(reversed(claim_ids[:-1]))[:OUTER_BANDS]
    for depth, claim_id in enumerate(outer, start=1):
        verdict = looks.get(claim_id, "v-none").split(" ", 1)[0]
        classes.append(f"o{depth}-{verdict.replace('v-', 'v', 1)}")
    if outer:
        classes.append("multi")
    return " ".join(classes)

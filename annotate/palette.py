"""Verdict colours: the default palette, WCAG contrast arithmetic, highlight fills, and the CSS
that gives each verdict of a team its colours as classes (no inline styles: the CSP forbids them).

A verdict's stored colour is the *edge* of its highlights, chips and badges: it must reach 3:1
against the page (WCAG 1.4.11, non-text contrast). The highlight *fill* is the edge colour mixed
into the page at FILL_STRENGTH, light enough for body text over it to keep 4.5:1 (WCAG 1.4.3).
The default scale reads true→false as green → olive → amber → orange → red, with grey and
purple for the two unrated verdicts.

Pure: no Django, so the unit test computes the ratios without a database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PAGE = "#ffffff"  # the article's and the lists' background (app.css --paper)
TEXT = "#1d2330"  # body text (app.css --ink)
FILL_STRENGTH = 0.22  # share of the verdict colour in a highlight's fill
OPEN_STRENGTH = 0.40  # the fill of the claim open in the editor: stronger, text still 4.5:1
EDGE_MIN = 3.0  # highlight edge against the page
TEXT_MIN = 4.5  # text over a highlight fill

# key → colour, in scale order (true → false, then the unrated ones).
DEFAULT_COLOURS = {
    "true": "#1a7f37",
    "mostly-true": "#4d7c0f",
    "half-true": "#9a6700",
    "mostly-false": "#c2410c",
    "false": "#b42318",
    "unverifiable": "#6b7280",
    "opinion": "#6e56cf",
}
# The defaults before 0003: four of them under 3:1 on white ("half-true" 1.29:1). Teams still on
# them are moved to DEFAULT_COLOURS by migration 0006_i12l_verdict_palette.
OLD_DEFAULT_COLOURS = {
    "true": "#1a9850",
    "mostly-true": "#91cf60",
    "half-true": "#fee08b",
    "mostly-false": "#fc8d59",
    "false": "#d73027",
    "unverifiable": "#9e9e9e",
    "opinion": "#7b68ee",
}
# Claims without a verdict yet.
NO_VERDICT_COLOUR = "#687385"

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def _channels(colour: str) -> tuple[int, int, int]:
    if not _HEX.fullmatch(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of `#rrggbb`."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(colour: str, into: str, share: float) -> str:
    """`share` of `colour` mixed into `into` (sRGB channels, as CSS color-mix does)."""
    top, base = _channels(colour), _channels(into)
    channels = (round(t * share + b * (1 - share)) for t, b in zip(top, base, strict=True))
    return "#" + "".join(f"{c:02x}" for c in channels)


def fill(colour: str) -> str:
    """The highlight fill of a verdict colour: a light tint of it on the page."""
    return mix(colour, PAGE, FILL_STRENGTH)


def open_fill(colour: str) -> str:
    """The fill of the open claim's highlight: a stronger tint than `fill`."""
    return mix(colour, PAGE, OPEN_STRENGTH)


def check(colour: str) -> list[str]:
    """What a verdict colour misses of the contrast figures (empty when it meets them)."""
    problems = []
    edge = contrast(colour, PAGE)
    if edge < EDGE_MIN:
        problems.append(f"edge {edge:.2f}:1 against the page, needs {EDGE_MIN}:1")
    for name, background in (("fill", fill(colour)), ("open fill", open_fill(colour))):
        text = contrast(TEXT, background)
        if text < TEXT_MIN:
            problems.append(f"text {text:.2f}:1 over the {name}, needs {TEXT_MIN}:1")
    return problems


def verdict_css(verdicts: Iterable[tuple[int, str]], *, layers: int = 3) -> str:
    """CSS classes for a team's verdicts, given as (id, colour) pairs.

    `.v-<id>` sets --vc (edge), --vf (fill) and --vo (the open claim's fill) for a highlight,
    chip or badge of that verdict;
    `.o<n>-v<id>` sets --o<n>, the colour of the n-th outer band under a highlight that several
    claims cover (desk.css draws up to `layers` of them). Colours that are not `#rrggbb` are
    skipped (the database already refuses them).
    """
    rules = [_rule("v-none", NO_VERDICT_COLOUR, layers)]
    rules.extend(
        _rule(f"v-{pk}", colour, layers) for pk, colour in verdicts if _HEX.fullmatch(colour)
    )
    return "\n".join(rules) + "\n"


def _rule(name: str, colour: str, layers: int) -> str:
    colour = colour.lower()
    lines = [f".{name} {{ --vc: {colour}; --vf: {fill(colour)}; --vo: {open_fill(colour)}; }}"]
    suffix = name[2:]
    lines.extend(f".o{n}-v{suffix} {{ --o{n}: {colour}; }}" for n in range(1, layers + 1))
    return "\n".join(lines)

"""The verdict palette: WCAG arithmetic, the default scale's contrast, and the per-team CSS."""

from __future__ import annotations

import itertools

import pytest

from annotate import palette


def test_contrast_matches_the_wcag_reference_values():
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert palette.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WebAIM's checker: #767676 on white is 4.54:1, #949494 is 3.03:1.
    assert palette.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert palette.contrast("#949494", "#ffffff") == pytest.approx(3.03, abs=0.01)


def test_the_old_defaults_fail_and_half_true_was_1_29():
    failing = [key for key, colour in palette.OLD_DEFAULT_COLOURS.items() if palette.check(colour)]
    assert failing == ["mostly-true", "half-true", "mostly-false", "unverifiable"]
    half = palette.contrast(palette.OLD_DEFAULT_COLOURS["half-true"], palette.PAGE)
    assert half == pytest.approx(1.29, abs=0.01)


@pytest.mark.parametrize("key", list(palette.DEFAULT_COLOURS))
def test_every_default_colour_meets_the_figures(key):
    colour = palette.DEFAULT_COLOURS[key]
    assert palette.contrast(colour, palette.PAGE) >= 3.0
    assert palette.contrast(palette.TEXT, palette.fill(colour)) >= 4.5
    assert palette.contrast(palette.TEXT, palette.open_fill(colour)) >= 4.5
    assert palette.check(colour) == []


def test_no_verdict_colour_meets_the_figures():
    assert palette.check(palette.NO_VERDICT_COLOUR) == []


def _hue(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    top, low = max(r, g, b), min(r, g, b)
    if top == low:
        return 0.0
    if top == r:
        return (60 * (g - b) / (top - low)) % 360
    if top == g:
        return 60 * (b - r) / (top - low) + 120
    return 60 * (r - g) / (top - low) + 240


def test_the_rated_defaults_read_from_green_to_red():
    rated = ["true", "mostly-true", "half-true", "mostly-false", "false"]
    hues = [_hue(palette.DEFAULT_COLOURS[key]) for key in rated]
    assert hues == sorted(hues, reverse=True), hues
    assert hues[0] > 100 and hues[-1] < 15  # green at the top, red at the bottom
    # Neighbours stay apart: at least 12 degrees of hue between two steps.
    assert all(a - b >= 12 for a, b in itertools.pairwise(hues))


def test_the_defaults_are_the_team_scale_keys():
    from annotate.services.teams import DEFAULT_SCALE

    assert {spec.key: spec.colour for spec in DEFAULT_SCALE} == palette.DEFAULT_COLOURS


def test_check_names_what_a_colour_misses():
    assert palette.check("#fee08b") == ["edge 1.29:1 against the page, needs 3.0:1"]
    assert palette.check("#000000") == []


def test_mix_and_fill():
    assert palette.mix("#000000", "#ffffff", 0.5) == "#808080"
    assert palette.fill("#ffffff") == "#ffffff"
    with pytest.raises(ValueError, match="not a #rrggbb colour"):
        palette.fill("red")


def test_verdict_css_gives_each_verdict_its_classes():
    css = palette.verdict_css([(12, "#1A7F37"), (13, "javascript:x"), (14, "#b42318")])
    fills = f"--vf: {palette.fill('#1a7f37')}; --vo: {palette.open_fill('#1a7f37')};"
    assert ".v-12 { --vc: #1a7f37; " + fills + " }" in css
    assert ".o1-v12 { --o1: #1a7f37; }" in css and ".o3-v12 { --o3: #1a7f37; }" in css
    assert ".v-14 {" in css and ".v-none {" in css and ".o2-vnone {" in css
    assert "v-13" not in css and "javascript" not in css

"""Assertions about what a person sees, not only what is in the DOM.

- `in_viewport`: the element's box lies inside the visible part of the window.
- `uncovered`: the element is what the browser hit-tests at its centre (and inner corners), so
  no sticky bar, overlay or sibling sits on top of it (`document.elementFromPoint`).
- `text_contrast`: WCAG contrast of the element's rendered text colour against the colour
  actually painted behind it (backgrounds composed up the ancestors, alpha included).
- `horizontal_overflow`: how many CSS pixels the page scrolls sideways (0 when it does not).
- `axe_violations`: axe-core (bundled in axe-playwright-python, no download) for WCAG 2.1 A
  and AA, as readable lines.
- `shoot`: a screenshot into test-output/browser/ (gitignored) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

OUTPUT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "browser"
WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"1440": WIDE, "390": PHONE}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_BOX = """(el) => { const r = el.getBoundingClientRect();
  return {top: r.top, left: r.left, bottom: r.bottom, right: r.right,
          width: r.width, height: r.height,
          vw: document.documentElement.clientWidth, vh: window.innerHeight}; }"""

# True when the element (or something inside it) is the topmost thing at each probe point.
_UNCOVERED = """(el) => {
  const r = el.getBoundingClientRect();
  const inset = (n) => Math.min(n, 2);
  const points = [
    [r.left + r.width / 2, r.top + r.height / 2],
    [r.left + inset(r.width / 2), r.top + inset(r.height / 2)],
    [r.right - inset(r.width / 2), r.bottom - inset(r.height / 2)],
  ];
  const blockers = [];
  for (const [x, y] of points) {
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(hit === el || el.contains(hit))) {
      blockers.push(hit ? hit.tagName.toLowerCase() + (hit.id ? "#" + hit.id : "")
                          + (hit.className && typeof hit.className === "string"
                             ? "." + hit.className.trim().split(/\\s+/).join(".") : "")
                        : "nothing");
    }
  }
  return blockers;
}"""

# The rendered text colour and the colour painted behind the text, as [r, g, b] in 0-255.
_COLOURS = """(el) => {
  const parse = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] >= 1) break;
  }
  let base = [255, 255, 255];  // the canvas
  for (const [r, g, b, a] of layers.reverse()) {
    base = [r * a + base[0] * (1 - a), g * a + base[1] * (1 - a), b * a + base[2] * (1 - a)];
  }
  const fg = parse(getComputedStyle(el).color);
  const text = [0, 1, 2].map((i) => fg[i] * fg[3] + base[i] * (1 - fg[3]));
  return {text, background: base};
}"""


def box(locator) -> dict:
    return locator.evaluate(_BOX)


def in_viewport(locator) -> bool:
    """The whole box of the element is inside the window (and it has a size)."""
    b = box(locator)
    return (
        b["width"] > 0
        and b["height"] > 0
        and b["top"] >= 0
        and b["left"] >= 0
        and b["bottom"] <= b["vh"] + 0.5
        and b["right"] <= b["vw"] + 0.5
    )


def uncovered(locator) -> list[str]:
    """What covers the element at its probe points (empty when nothing does)."""
    return locator.evaluate(_UNCOVERED)


def _luminance(rgb) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_contrast(locator) -> float:
    """WCAG contrast of the element's text against what is painted behind it."""
    colours = locator.evaluate(_COLOURS)
    return contrast(colours["text"], colours["background"])


def computed(locator, prop: str) -> str:
    return locator.evaluate("(el, prop) => getComputedStyle(el)[prop]", prop)


def rgb(css: str) -> tuple[float, float, float]:
    """`rgb(r, g, b)` / `rgba(...)` as a triple."""
    inner = css[css.index("(") + 1 : css.index(")")].replace("/", " ").replace(",", " ")
    r, g, b = (float(x) for x in inner.split()[:3])
    return r, g, b


def horizontal_overflow(page) -> float:
    """CSS pixels the page can scroll sideways: 0 when nothing is wider than the window."""
    return page.evaluate(
        """() => Math.max(document.documentElement.scrollWidth,
                          document.body ? document.body.scrollWidth : 0)
                 - document.documentElement.clientWidth"""
    )


def widest_elements(page, limit: int = 5) -> list[str]:
    """The elements sticking out past the right edge: what to fix when the page scrolls."""
    return page.evaluate(
        """(limit) => {
          const vw = document.documentElement.clientWidth, out = [];
          for (const el of document.querySelectorAll("body *")) {
            const r = el.getBoundingClientRect();
            if (r.right > vw + 1 && r.width > 0) out.push([r.right - vw, el.tagName.toLowerCase()
              + (el.id ? "#" + el.id : "") + (typeof el.className === "string" && el.className
              ? "." + el.className.trim().split(/\\s+/).join(".") : "")]);
          }
          out.sort((a, b) => b[0] - a[0]);
          return out.slice(0, limit).map(([d, n]) => `${n} +${Math.round(d)}px`);
        }""",
        limit,
    )


def axe_violations(page, context=None) -> list[str]:
    """WCAG 2.1 A/AA violations on the page as it is now, one line per failing element."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"{violation['id']} ({violation['impact']}): {target}: {summary}")
    return lines


def shoot(page, name: str, *, full_page: bool = True) -> Path:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUTPUT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def shoot_element(locator, name: str) -> Path:
    """A close-up of one element (a paragraph's highlights, a card)."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUTPUT_DIR / f"{name}.png"
    locator.screenshot(path=str(path))
    return path

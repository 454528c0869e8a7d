"""What a person sees: is an element on screen, not clipped by a scrolling panel, not covered.

A small helper for the desk tests until a shared one exists (tests/browser/look.py): it asks
the rendered page, not the DOM, whether the element's box lies inside the window and inside
every ancestor that clips (overflow other than visible), and whether the element itself is
what the browser finds at the middle of its box.
"""

from __future__ import annotations

SEEN = """(el) => {
  const r = el.getBoundingClientRect();
  const out = {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
               width: r.width, height: r.height, vw: innerWidth, vh: innerHeight,
               inWindow: false, clipped: null, covered: null};
  if (!r.width || !r.height) return out;
  out.inWindow = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 &&
                 r.right <= innerWidth + 0.5;
  // Ancestors above a fixed-position box (a full-screen panel) do not clip it.
  let fixed = getComputedStyle(el).position === "fixed";
  for (let a = el.parentElement; a && !fixed; a = a.parentElement) {
    const style = getComputedStyle(a);
    fixed = style.position === "fixed";
    if (style.overflowY === "visible" && style.overflowX === "visible") continue;
    const b = a.getBoundingClientRect();
    if (r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5 || r.left < b.left - 0.5 ||
        r.right > b.right + 0.5) { out.clipped = a.id || a.className; break; }
  }
  // Hit-test the middle of the first line box (an inline element may wrap over lines), with
  // pointer events on (a card that lets the mouse through is still seen).
  const first = el.getClientRects()[0] || r;
  const x = Math.min(Math.max(first.left + first.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(first.top + first.height / 2, 0), innerHeight - 1);
  const pointer = el.style.pointerEvents;
  el.style.pointerEvents = "auto";
  const hit = document.elementFromPoint(x, y);
  el.style.pointerEvents = pointer;
  if (hit && hit !== el && !el.contains(hit) && !hit.contains(el)) {
    out.covered = hit.tagName + "." + hit.className;
  }
  return out;
}"""


def seen(locator) -> dict:
    """The element's box and whether a person sees it (see `assert_seen`)."""
    return locator.evaluate(SEEN)


def assert_seen(locator, what: str = "") -> dict:
    """Assert the element is inside the window, not clipped by a scroller, not covered."""
    box = seen(locator)
    label = what or str(locator)
    assert box["inWindow"], f"{label} is outside the window: {box}"
    assert box["clipped"] is None, f"{label} is clipped by {box['clipped']}: {box}"
    assert box["covered"] is None, f"{label} is covered by {box['covered']}: {box}"
    return box


def page_width(page) -> tuple[int, int]:
    """(scrollWidth, innerWidth) of the page: equal when nothing scrolls sideways."""
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")

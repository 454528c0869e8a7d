"""The desk in Chromium: mark a claim with the mouse and with the keyboard only, read-only viewers.

The article is a seed article with a paragraph of emoji, CJK and right-to-left text added, so
that the browser's UTF-16 offsets differ from the stored code points.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotate.models import Claim
from tests.factories import make_document

SEED = (
    Path(__file__).resolve().parents[2] / "seeds" / "mott-normalize-relations-with-north-korea.txt"
)
EXTRA = "Fans cheered 🎉 in 東京 and «مرحبا» too, said the cafe\u0301 owner."
TARGET = "cheered 🎉 in 東京"

# Viewport coordinates of the characters [first, last) of the leaf holding them.
CHAR_RECTS = """([sentenceId, first, last]) => {
  const sentence = document.getElementById(sentenceId);
  sentence.scrollIntoView({block: "center"});
  const walker = document.createTreeWalker(sentence, NodeFilter.SHOW_TEXT);
  let node, seen = 0, startNode, startOffset, endNode, endOffset;
  while ((node = walker.nextNode())) {
    const len = node.data.length;
    if (startNode === undefined && first < seen + len) {
      startNode = node; startOffset = first - seen;
    }
    if (endNode === undefined && last <= seen + len) { endNode = node; endOffset = last - seen; }
    seen += len;
  }
  const rect = (n, a, b) => { const r = document.createRange(); r.setStart(n, a); r.setEnd(n, b);
                             return r.getBoundingClientRect(); };
  const a = rect(startNode, startOffset, startOffset + 1);
  const b = rect(endNode, endOffset - 1, endOffset);
  return {x0: a.left + 1, y0: a.top + a.height / 2, x1: b.right - 1, y1: b.top + b.height / 2};
}"""


@pytest.fixture
def seed_document(checker):
    text = SEED.read_text(encoding="utf-8").strip() + "\n\n" + EXTRA
    return make_document(checker.team, text, title="Seed article")


def open_desk(page, live_server, document):
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    page.wait_for_selector("#article .sentence")


def sentence_with(document, quote: str):
    return next(s for s in document.sentences.order_by("index") if quote in s.text)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def drag_select(page, document, quote: str) -> None:
    """Select `quote` with the mouse: press before its first character, release after its last."""
    sentence = sentence_with(document, quote)
    within = sentence.text.index(quote)
    first = utf16(sentence.text[:within])
    last = first + utf16(quote)
    box = page.evaluate(CHAR_RECTS, [f"s{sentence.index}", first, last])
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, box["y1"], steps=5)
    page.mouse.move(box["x1"], box["y1"], steps=5)
    page.mouse.up()


def highlight_text(page, claim_id: int) -> tuple[int, str]:
    """The code-point start of a claim's first highlighted piece and its pieces' text."""
    return page.evaluate(
        """(id) => {
          const pieces = [...document.querySelectorAll(`#article .piece[data-claims~="${id}"]`)];
          return [Number(pieces[0].dataset.start), pieces.map((p) => p.textContent).join("")];
        }""",
        claim_id,
    )


@pytest.mark.django_db(transaction=True)
def test_mark_a_span_with_the_mouse(page, login, live_server, checker, seed_document, output_dir):
    login(page, checker)
    open_desk(page, live_server, seed_document)
    drag_select(page, seed_document, TARGET)
    assert page.evaluate("window.getSelection().toString()") == TARGET
    page.click("#mark-button")
    page.wait_for_selector("#editor[data-claim]")
    claim = Claim.objects.get()
    start = seed_document.text.index(TARGET)
    assert (claim.start, claim.end, claim.quote) == (start, start + len(TARGET), TARGET)
    assert page.locator("#editor .saved").inner_text() == "✓ Claim marked."

    page.select_option("#f-verdict", label="Mostly false")
    page.fill("#f-restatement", "Fans celebrated in Tokyo.")
    page.click("#claim-form button[type=submit]")
    page.wait_for_selector("#editor .saved:has-text('Saved.')")
    assert (
        page.locator('#verdict-chart [data-verdict="mostly-false"]').get_attribute("data-count")
        == "1"
    )

    page.click(".add-source summary")
    form = page.locator(".add-source form")
    form.locator("input[name=url]").fill("not a link")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#sources .error[data-field=url]")
    assert "Enter a full link" in page.locator("#sources .error[data-field=url]").inner_text()
    form = page.locator(".add-source form")
    form.locator("input[name=url]").fill("https://www.reuters.com/tokyo-fans")
    form.locator("input[name=title]").fill("Fans in Tokyo")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#sources .saved:has-text('Source added.')")
    # The claim form got the new version out of band: saving again is not a conflict.
    page.fill("#f-claimant", "The cafe owner")
    with page.expect_response(lambda r: r.url.endswith("/edit/")) as saved:
        page.click("#claim-form button[type=submit]")
    assert saved.value.status == 200
    page.wait_for_selector("#editor .saved:has-text('Saved.')")

    claim.refresh_from_db()
    assert claim.verdict.key == "mostly-false"
    assert claim.claimant == "The cafe owner"
    assert [s.title for s in claim.sources.all()] == ["Fans in Tokyo"]

    page.reload()
    page.wait_for_selector("#article .sentence")
    assert highlight_text(page, claim.pk) == [start, TARGET]
    piece = page.locator(f'#article .piece[data-claims~="{claim.pk}"]').first
    assert f"v-{claim.verdict_id}" in piece.get_attribute("class").split()
    # The verdict's colour (mostly false: #c2410c) is the edge, from /verdicts.css.
    assert piece.evaluate("el => getComputedStyle(el).borderBottomColor") == "rgb(194, 65, 12)"
    page.click(f"#cl-{claim.pk} a")
    page.wait_for_selector(f'#editor[data-claim="{claim.pk}"]')
    page.locator(f'#article .piece[data-claims~="{claim.pk}"]').first.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "desk.png"), full_page=False)


def press_tab_until(page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.django_db(transaction=True)
def test_mark_a_sentence_with_the_keyboard_only(
    page, login, live_server, checker, seed_document, output_dir
):
    login(page, checker)
    open_desk(page, live_server, seed_document)
    for _ in range(3):
        page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.locator("#article .sentence.sel").get_attribute("id") == "s1"
    page.keyboard.press("c")
    page.wait_for_selector("#editor[data-claim]")
    claim = Claim.objects.get()
    sentence = seed_document.sentences.get(index=1)
    assert (claim.start, claim.end) == (sentence.start, sentence.end)
    expect(page.locator("#editor [name=restatement]")).to_be_focused()

    # Keys do nothing while typing: "j" and "c" land in the field.
    page.keyboard.type("jc ")
    page.keyboard.press("Tab")  # claimant
    page.keyboard.press("Tab")  # verdict
    page.keyboard.press("ArrowDown")  # the first verdict of the scale: True
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#editor .saved:has-text('Saved.')")
    claim.refresh_from_db()
    assert (claim.restatement, claim.verdict.key) == ("jc", "true")
    assert Claim.objects.count() == 1

    press_tab_until(page, ".add-source summary")
    page.keyboard.press("Enter")
    press_tab_until(page, ".add-source input[name=url]")
    page.keyboard.type("https://example.org/report")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#sources .saved:has-text('Source added.')")
    assert claim.sources.get().url == "https://example.org/report"

    page.keyboard.press("Escape")  # leaves the field
    page.keyboard.press("Escape")  # closes the editor
    page.wait_for_selector("#editor.editor-empty")
    page.keyboard.press("?")
    assert page.locator("#keys-overlay").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#keys-overlay").is_visible()
    page.keyboard.press("Enter")  # the selected sentence (s1) holds the claim
    page.wait_for_selector(f'#editor[data-claim="{claim.pk}"]')

    page.reload()
    page.wait_for_selector("#article .sentence")
    text = seed_document.text[sentence.start : sentence.end]
    assert highlight_text(page, claim.pk) == [sentence.start, text]
    page.screenshot(path=str(output_dir / "desk-keyboard.png"))


@pytest.mark.django_db(transaction=True)
def test_a_viewer_cannot_edit(page, login, live_server, checker, viewer, seed_document):
    from annotate.services.claims import claim_create

    sentence = seed_document.sentences.get(index=0)
    claim = claim_create(
        membership=checker,
        document=seed_document,
        start=sentence.start,
        end=sentence.end,
        quote=seed_document.text[sentence.start : sentence.end],
    )
    login(page, viewer)
    open_desk(page, live_server, seed_document)
    assert page.locator("#mark-button").count() == 0
    page.keyboard.press("j")
    page.keyboard.press("c")  # does nothing for a viewer
    page.keyboard.press("Enter")
    page.wait_for_selector(f'#editor[data-claim="{claim.pk}"]')
    assert page.locator("#claim-form").count() == 0
    assert page.locator("#editor .claim-read").is_visible()
    assert page.locator(".add-source").count() == 0
    assert Claim.objects.count() == 1

"""The one rich editor (static/annotate/rich-editor.js) in Chromium: bold, italic, links and
lists on the Selection/Range APIs, typed addresses become links, no document.execCommand; the
same editor for the desk's notes, the review page's "Edit this claim" and comment boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotate.models import Comment, Source
from annotate.services import claims as claim_services
from tests.browser.desk_kit import claim_on, open_desk, ready_claim, seed_article

pytestmark = pytest.mark.django_db(transaction=True)
STATIC = Path(__file__).resolve().parents[2] / "annotate" / "static" / "annotate"


def test_no_script_uses_exec_command():
    for script in STATIC.glob("*.js"):
        assert "execCommand(" not in script.read_text(encoding="utf-8"), script.name


def select_text(page, area, text: str) -> None:
    """Select `text` inside the editable `area` with a DOM range (as a drag would)."""
    area.evaluate(
        """(el, text) => {
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const at = walker.currentNode.data.indexOf(text);
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(walker.currentNode, at);
              range.setEnd(walker.currentNode, at + text.length);
              getSelection().removeAllRanges();
              getSelection().addRange(range);
              return;
            }
          }
          throw new Error("no " + text);
        }""",
        text,
    )


def test_notes_on_the_desk_bold_italic_link_list_and_typed_links(page, login, live_server, checker):
    document = seed_article(checker)
    claim = claim_on(document, checker, 1)
    login(page, checker)
    open_desk(page, live_server, document, claim)
    area = page.locator("#f-notes-rich")
    area.click()
    page.keyboard.type("Minister said so at https://gov.example.org/speech then left")
    select_text(page, area, "Minister")
    page.keyboard.press("Control+b")
    select_text(page, area, "said")
    page.locator("#editor .claim-form .rich-bar button[data-command=italic]").click()
    select_text(page, area, "left")
    page.once("dialog", lambda dialog: dialog.accept("https://news.example.org/"))
    page.locator("#editor .claim-form .rich-bar button[data-command=link]").click()
    page.locator("#editor .claim-form .rich-bar button[data-command=ul]").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#editor .saved:has-text('Saved.')")
    claim.refresh_from_db()
    assert claim.notes == (
        "<ul><li><strong>Minister</strong> <em>said</em> so at "
        '<a href="https://gov.example.org/speech" rel="nofollow noopener noreferrer">'
        "https://gov.example.org/speech</a> then "
        '<a href="https://news.example.org/" rel="nofollow noopener noreferrer">left</a>'
        "</li></ul>"
    )
    # Shown again as formatting, never as markup.
    page.reload()
    area = page.locator("#f-notes-rich")
    expect(area.locator("ul li strong")).to_have_text("Minister")
    assert "<" not in area.inner_text()


def test_a_pasted_script_is_dropped(page, login, live_server, checker):
    document = seed_article(checker)
    claim = claim_on(document, checker, 1)
    login(page, checker)
    open_desk(page, live_server, document, claim)
    area = page.locator("#f-notes-rich")
    area.click()
    area.evaluate(
        """(el) => {
          const data = new DataTransfer();
          data.setData("text/html", '<p onclick="x()">Hi <img src=x onerror=alert(1)>'
            + '<a href="javascript:alert(1)">there</a><script>alert(2)</script></p>');
          el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                       cancelable: true}));
        }"""
    )
    html = page.locator("#f-notes").input_value()
    assert html == "<p>Hi there</p>"


def test_the_review_page_edits_with_the_desks_editor(page, login, live_server, checker):
    document = seed_article(checker)
    claim = ready_claim(document, checker, 2)
    claim = claim_services.claim_update(
        membership=checker,
        claim=claim,
        version=claim.version,
        notes='<p><b>Bold</b> and <a href="https://x.example.org/">a link</a></p>',
    )
    login(page, checker)
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/")
    editor = page.locator(".quick-edit")
    area = editor.locator(".rich-area")
    expect(area.locator("strong")).to_have_text("Bold")
    assert "<" not in area.inner_text()
    expect(editor.locator("textarea[name=notes]")).to_be_hidden()
    area.click()
    page.keyboard.press("End")
    page.keyboard.type(" More.")
    editor.locator("button[name=save]").click()
    expect(page.locator(".messages")).to_contain_text("Claim saved.")
    claim.refresh_from_db()
    assert claim.notes.endswith(" More.</p>")
    assert "<strong>Bold</strong>" in claim.notes

    # An existing source is editable here too.
    source = claim.sources.get()
    page.locator(".quick-edit .source summary").click()
    form = page.locator(".quick-edit .source form.source-form")
    form.locator("input[name=title]").fill("The ministry's table")
    form.locator("button[name=save-source]").click()
    expect(page.locator(".messages")).to_contain_text("Source saved.")
    assert Source.objects.get(pk=source.pk).title == "The ministry's table"


def test_comment_boxes_use_the_rich_editor(page, login, live_server, checker):
    document = seed_article(checker)
    claim = ready_claim(document, checker, 2)
    login(page, checker)
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/")
    box = page.locator(".comment-form .rich-area")
    box.click()
    page.keyboard.type("See https://data.example.org/x and ")
    page.keyboard.press("Control+i")
    page.keyboard.type("ask")
    page.locator(".comment-form button[name=comment]").click()
    expect(page.locator("[data-thread] .event-body a")).to_have_text("https://data.example.org/x")
    body = Comment.objects.get().body
    assert '<a href="https://data.example.org/x"' in body
    assert "ask" in body

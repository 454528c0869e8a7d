"""The one sanitizer keeps an allow-list of harmless markup and removes everything else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.sanitize import LINK_REL, plain_text, sanitize_html


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("<p>ok</p><script>alert(1)</script>", "<p>ok</p>"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>after", "after"),
        ("<script>never closed", ""),
        ('<p onclick="alert(1)" onmouseover=x>hi</p>', "<p>hi</p>"),
        ('<img src=x onerror="alert(1)">', ""),
        ('<a href="javascript:alert(1)">x</a>', f'<a rel="{LINK_REL}">x</a>'),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', f'<a rel="{LINK_REL}">x</a>'),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', f'<a rel="{LINK_REL}">x</a>'),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', f'<a rel="{LINK_REL}">x</a>'),
        ('<a href="vbscript:msgbox(1)">x</a>', f'<a rel="{LINK_REL}">x</a>'),
        ('<p style="background:url(javascript:alert(1))">s</p>', "<p>s</p>"),
        ("<style>body{display:none}</style>text", "text"),
        ("<iframe src=//evil.example></iframe>x", "x"),
        ("<b><i>unclosed", "<b><i>unclosed</i></b>"),
        ("<b>bold <i>both</b> italic</i>", "<b>bold <i>both</i></b><i> italic</i>"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<svg><script>alert(1)</script></svg>", ""),
        ("<!-- <script>x</script> -->kept", "kept"),
        ("<form action=//x><input name=a></form>", ""),
        ("<math><mi xlink:href=javascript:alert(1)>x</mi></math>", "x"),
    ],
)
def test_hostile_markup_is_removed(hostile, expected):
    assert sanitize_html(hostile) == expected


def test_allowed_markup_is_kept():
    html = (
        "<p><strong>Bold</strong>, <em>italic</em>, <b>b</b>, <i>i</i>, <code>x = 1</code></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>quoted</blockquote>"
    )
    assert sanitize_html(html) == html


@pytest.mark.parametrize("href", ["https://example.org/a?b=1&c=2", "http://x.org", "mailto:a@b.c"])
def test_safe_links_keep_their_href_and_get_rel(href):
    out = sanitize_html(f'<a href="{href}" target="_blank" rel="opener">x</a>')
    assert f'rel="{LINK_REL}"' in out
    assert "target" not in out
    assert 'rel="opener"' not in out
    assert out.startswith('<a href="')


def test_empty_input_gives_empty_output():
    assert sanitize_html(None) == ""
    assert sanitize_html("") == ""


def test_plain_text_drops_tags_and_decodes_entities():
    assert plain_text("<p>A &amp; B</p><script>x()</script>") == "A & B"


@given(st.text())
def test_sanitizing_is_idempotent(text):
    once = sanitize_html(text)
    assert sanitize_html(once) == once


@given(st.text(alphabet=st.sampled_from(list("<>\"'=/ abcdefghijklmnopqrstuvwxyz:&#;"))))
def test_no_script_or_event_handler_survives(text):
    out = sanitize_html(text).lower()
    assert "<script" not in out
    assert " on" not in out.split(">")[0] or "<" not in out

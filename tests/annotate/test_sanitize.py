"""The one sanitizer keeps an allow-list of harmless markup and removes everything else."""

from __future__ import annotations

import re
from html.parser import HTMLParser

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


# The allow-list, written out here so that widening it in the module is a visible test change.
EXPECTED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
}  # fmt: skip
EXPECTED_ATTRIBUTES = {"a": {"href", "title", "rel"}}
SAFE_SCHEMES = {"http", "https", "mailto"}


class _TagAudit(HTMLParser):
    """Collects every start tag of sanitized output with its (unescaped) attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))


def _scheme(href: str) -> str | None:
    """The scheme a browser would see in `href` (None for a relative link).

    Browsers drop tabs and newlines anywhere in a URL and leading controls and spaces, so
    "jav&#x09;ascript:" is javascript:. Stricter than the URL spec on purpose: any text before a
    colon that comes before "/", "?" or "#" counts as a scheme.
    """
    cleaned = re.sub(r"[\t\n\r]", "", href).lstrip("".join(map(chr, range(33))))
    match = re.match(r"([^/?#]*):", cleaned)
    return match.group(1).lower() if match else None


def _assert_only_allowed_markup(out: str) -> None:
    audit = _TagAudit()
    audit.feed(out)
    audit.close()
    for tag, attrs in audit.tags:
        assert tag in EXPECTED_TAGS, (tag, out)
        for name, value in attrs:
            assert not name.startswith("on"), (name, out)
            assert name in EXPECTED_ATTRIBUTES.get(tag, set()), (tag, name, out)
            if name == "href":
                scheme = _scheme(value or "")
                assert scheme is None or scheme in SAFE_SCHEMES, (value, out)


# Links are where schemes matter: drawn more often than the rest.
HOSTILE_TAGS = ["a"] * 5 + [
    "p",
    "b",
    "script",
    "img",
    "svg",
    "iframe",
    "style",
    "math",
    "form",
    "A",
]
HOSTILE_ATTRS = ["href"] * 4 + ["title", "rel", "onclick", "ONERROR", "style", "src", "target"]
HOSTILE_VALUES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav\tascript:alert(1)",
    " javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "http://example.org/?a=1&b=2",
    "https://example.org",
    "mailto:a@b.c",
    "/relative",
    'x" onmouseover="alert(1)',
]


@st.composite
def hostile_html(draw) -> str:
    """Fragments of markup built from hostile tags, attributes and link values, with noise."""
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        tag = draw(st.sampled_from(HOSTILE_TAGS))
        attrs = draw(
            st.lists(
                st.tuples(st.sampled_from(HOSTILE_ATTRS), st.sampled_from(HOSTILE_VALUES)),
                max_size=3,
            )
        )
        quote = draw(st.sampled_from(['"', "'", ""]))
        rendered = "".join(f" {name}={quote}{value}{quote}" for name, value in attrs)
        parts.append(f"<{tag}{rendered}>{draw(st.text(max_size=8))}")
        if draw(st.booleans()):
            parts.append(f"</{tag}>")
    return "".join(parts)


CHAR_SOUP = st.text(alphabet=st.sampled_from(list("<>\"'=/ abcdefghijklmnopqrstuvwxyz:&#;\t")))


@given(st.one_of(CHAR_SOUP, hostile_html()))
def test_only_allowed_tags_attributes_and_link_schemes_survive(text):
    """Parsed back, sanitized output holds only allowed tags, each with only its allowed
    attributes (href, title and rel on links), no event handler, and http/https/mailto links."""
    _assert_only_allowed_markup(sanitize_html(text))


@pytest.mark.parametrize(
    "bad",
    [
        '<img src="x">',
        '<p onclick="x">',
        '<b title="x">',
        '<a href="javascript:alert(1)">',
        '<a href="jav&#x09;ascript:alert(1)">',
        '<a href=" data:text/html,x">',
    ],
)
def test_the_markup_audit_itself_catches_what_it_must(bad):
    """The check above is only worth something if it fails on each kind of leak."""
    with pytest.raises(AssertionError):
        _assert_only_allowed_markup(bad)

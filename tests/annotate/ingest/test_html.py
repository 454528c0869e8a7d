"""Tests for annotate.ingest.html: saved news pages to the article's text."""

from __future__ import annotations

import codecs
import datetime
import html as html_escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.ingest import errors
from annotate.ingest import html as reader
from annotate.ingest.errors import ImportRejected

TITLE = "City council approves a new budget after weeks of debate"
PARAGRAPHS = [
    "The city council voted seven to two on Tuesday to approve a budget of 1.2 billion "
    "dollars for the coming fiscal year, ending weeks of debate.",
    "The budget raises spending on public transport by 12 percent and freezes property "
    "taxes for a second year, according to the finance office.",
    "Council member Ana Ruiz, who voted against it, said the plan “leaves the libraries "
    "behind” and called for a review in six months.",
    "Mayor Tom Lee said the vote showed the council could work together, and promised "
    "quarterly reports on spending to the public.",
    "The new fiscal year begins on the first of July; the finance office will publish the "
    "detailed tables next week.",
]

BOILERPLATE = [
    "We use cookies to improve your experience",
    "Accept all cookies",
    "Home",
    "Sports",
    "Buy cheap watches now",
    "Subscribe to our newsletter",
    "Most read",
    "Celebrity chef opens a new restaurant",
    "Great news, finally some sense at city hall",
    "This is a waste of money",
    "All rights reserved",
    "Privacy policy",
    "Share on Facebook",
]


def news_page(paragraphs: list[str] = PARAGRAPHS, charset: str = "utf-8") -> str:
    """Return a saved news page: article among nav, banners, ads, sidebar and comments."""
    body = []
    for i, text in enumerate(paragraphs):
        body.append(f"<p>{html_escape.escape(text, quote=False)}</p>")
        if i == 1:
            body.append('<div class="ad inline-ad">Advertisement</div>')
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="{charset}">
<title>{TITLE} | The Daily Bugle</title>
<link rel="canonical" href="https://bugle.example/2024/03/05/budget">
<meta property="og:title" content="{TITLE}">
<meta name="author" content="Jane Reporter">
<script>window.dataLayer = []; document.write("TRACKING SCRIPT TEXT");</script>
<style>.cookie {{ position: fixed }}</style>
</head><body>
<div id="cookie-banner" class="cookie-consent cookie">We use cookies to improve your experience.
<button>Accept all cookies</button></div>
<header class="site-header"><nav class="menu"><ul>
<li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sports">Sports</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<div class="ad ad-banner advertisement">Buy cheap watches now! Limited offer.</div>
<main><article class="story">
<h1>{TITLE}</h1>
<div class="byline">By <a rel="author" href="/authors/jane">Jane Reporter</a>,
<time datetime="2024-03-05T10:00:00Z">March 5, 2024</time></div>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
{"".join(body)}
</article>
<aside class="newsletter"><h3>Subscribe to our newsletter</h3><form><input type="email">
</form></aside>
</main>
<aside class="sidebar most-read"><h2>Most read</h2><ol>
<li><a href="/a">Celebrity chef opens a new restaurant in the old town hall building</a></li>
<li><a href="/b">Local team wins the regional championship after a dramatic final</a></li>
</ol></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Great news, finally some sense at city hall! I have waited years.</p></div>
<div class="comment"><p>This is a waste of money and everybody knows it, what a joke.</p></div>
</section>
<footer class="site-footer"><p>&copy; 2024 The Daily Bugle. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def test_article_text_is_kept_in_order() -> None:
    """The article's paragraphs come out in page order, and nothing else."""
    article = reader.read(news_page().encode("utf-8"), "budget.html")
    assert article.paragraphs == PARAGRAPHS


def test_boilerplate_is_dropped() -> None:
    """Navigation, cookie banner, ads, sidebar, share links, comments and footer are gone."""
    text = " ".join(reader.read(news_page().encode("utf-8")).paragraphs)
    for piece in [*BOILERPLATE, "TRACKING SCRIPT TEXT", "position: fixed", "Politics"]:
        assert piece not in text


def test_metadata() -> None:
    """Title, byline, date, language and canonical URL come from the page."""
    article = reader.read(news_page().encode("utf-8"), "budget.html")
    assert article.title == TITLE
    assert article.byline == "Jane Reporter"
    assert article.published == datetime.date(2024, 3, 5)
    assert article.language == "en"
    assert article.source_url == "https://bugle.example/2024/03/05/budget"


def test_saved_from_comment_gives_the_url() -> None:
    """Without a canonical link, the browser's "saved from url" comment gives the URL."""
    page = news_page().replace(
        '<link rel="canonical" href="https://bugle.example/2024/03/05/budget">', ""
    )
    page = "<!-- saved from url=(0031)https://bugle.example/budget -->\n" + page
    assert reader.read(page.encode("utf-8")).source_url == "https://bugle.example/budget"


def test_hostile_markup_never_reaches_the_text() -> None:
    """Scripts, event handlers, iframes and javascript: links inside the article vanish."""
    hostile = [
        '<p onclick="alert(\'click\')" onmouseover="steal()">' + PARAGRAPHS[0] + "</p>",
        "<script>alert('inline')</script><noscript><img src=x onerror=alert(2)></noscript>",
        '<p>Read <a href="javascript:alert(3)">the report</a> on the budget, which the '
        "finance office published on its website on Monday morning.</p>",
        '<iframe src="https://evil.example" onload="alert(4)">frame text</iframe>',
        '<img src="x.png" onerror="alert(5)" alt="chart">',
        '<svg onload="alert(6)"><script>alert(7)</script></svg>',
        '<style>p { background: url("javascript:alert(8)") }</style>',
    ] + [f"<p>{p}</p>" for p in PARAGRAPHS[1:]]
    page = news_page().replace(
        "".join(f"<p>{html_escape.escape(p, quote=False)}</p>" for p in PARAGRAPHS[2:]), ""
    )
    page = page.replace("</h1>", "</h1>" + "".join(hostile), 1)
    text = " ".join(reader.read(page.encode("utf-8")).paragraphs)
    assert PARAGRAPHS[0] in text and "the report" in text
    for piece in (
        "alert",
        "onclick",
        "onerror",
        "onload",
        "steal",
        "javascript",
        "<",
        "frame text",
    ):
        assert piece not in text


def test_lists_quotes_and_tables_become_paragraphs() -> None:
    """List items, quotes and table cells in the article are paragraphs."""
    extra = (
        "<ul><li>Transport spending rises by 12 percent next year</li>"
        "<li>Property taxes stay frozen for a second year</li></ul>"
        "<blockquote><p>It leaves the libraries behind, and we will fight it.</p></blockquote>"
        "<table><tr><th>Item</th><th>Change</th></tr><tr><td>Transport</td><td>+12%</td></tr>"
        "</table><p>Line one<br>line two of a paragraph with a break inside it.</p>"
    )
    page = news_page().replace("</article>", extra + "</article>")
    paragraphs = reader.read(page.encode("utf-8")).paragraphs
    assert paragraphs[: len(PARAGRAPHS)] == PARAGRAPHS
    assert paragraphs[len(PARAGRAPHS) :] == [
        "Transport spending rises by 12 percent next year",
        "Property taxes stay frozen for a second year",
        "It leaves the libraries behind, and we will fight it.",
        "Item",
        "Change",
        "Transport",
        "+12%",
        "Line one line two of a paragraph with a break inside it.",
    ]


def test_broken_html_with_text_is_read() -> None:
    """Unclosed and stray tags do not stop the text from being read."""
    page = (
        "<html><body><div><p>The mayor resigned on Friday after a long investigation into "
        "spending at city hall<p>A second paragraph follows without closing tags</div>"
        "</span></b></i><p>And a third one</td>"
    )
    article = reader.read(page.encode("utf-8"), "mayor-resigns.htm")
    assert article.paragraphs == [
        "The mayor resigned on Friday after a long investigation into spending at city hall",
        "A second paragraph follows without closing tags",
        "And a third one",
    ]
    assert article.title == "Mayor resigns"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/b'>Blog</a></nav><footer>(c) 2024 Company. All rights reserved.</footer>"
        "</body></html>",
        "<html><body></body></html>",
        "<html><body><script>document.write('Lots of text written by a script.')</script>",
        "<<<>>><!--",
        "<html><body><img src='a.png'><img src='b.png'></body></html>",
    ],
)
def test_page_without_article_text(page: str) -> None:
    """A page with no article text is refused."""
    with pytest.raises(ImportRejected) as caught:
        reader.read(page.encode("utf-8"), "a.html")
    assert caught.value.message == "The HTML page has no article text we could find."


@pytest.mark.parametrize("data", [b"", b" \n\t "])
def test_empty_file(data: bytes) -> None:
    """An empty file is refused."""
    with pytest.raises(ImportRejected) as caught:
        reader.read(data, "a.html")
    assert caught.value.message == "The file is empty."


def test_binary_file() -> None:
    """Binary bytes are refused."""
    with pytest.raises(ImportRejected) as caught:
        reader.read(b"\x00\x01\x02\x03\x00\x00\x00\x05\x06<html>", "a.html")
    assert caught.value.message == errors.BINARY


@pytest.mark.parametrize(
    ("codec", "label"),
    [("cp1252", "windows-1252"), ("cp1252", "ISO-8859-1"), ("shift_jis", "Shift_JIS")],
)
def test_declared_charset(codec: str, label: str) -> None:
    """The charset in <meta charset> decodes the page."""
    paragraphs = [*PARAGRAPHS[:4], "市長は予算が承認されたと述べました。"]
    if codec == "cp1252":
        paragraphs[-1] = "Le maire a déclaré que l’été serait chaud — et cher."
    page = news_page(paragraphs, charset=label)
    assert reader.read(page.encode(codec)).paragraphs == paragraphs


def test_http_equiv_charset() -> None:
    """The older http-equiv Content-Type declaration works too."""
    page = news_page().replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    )
    assert reader.read(page.encode("cp1252")).paragraphs == PARAGRAPHS


def test_utf16_page_with_bom() -> None:
    """A UTF-16 page with a byte-order mark reads (its meta charset is irrelevant)."""
    data = codecs.BOM_UTF16_LE + news_page().encode("utf-16-le")
    assert reader.read(data).paragraphs == PARAGRAPHS


def test_undeclared_utf8_page() -> None:
    """A page without a declaration is detected (here UTF-8)."""
    page = news_page().replace('<meta charset="utf-8">', "")
    assert reader.read(page.encode("utf-8")).paragraphs == PARAGRAPHS


def test_xhtml_with_xml_declaration() -> None:
    """An XHTML page with an XML declaration naming its encoding reads."""
    page = '<?xml version="1.0" encoding="windows-1252"?>\n' + news_page().replace(
        '<meta charset="utf-8">', ""
    )
    assert reader.read(page.encode("cp1252")).paragraphs == PARAGRAPHS


def test_declared_charset_labels() -> None:
    """declared_charset finds meta charset, http-equiv and XML declarations."""
    assert reader.declared_charset(b'<meta charset="UTF-8">') == "UTF-8"
    assert reader.declared_charset(b"<meta charset=koi8-r>") == "koi8-r"
    assert reader.declared_charset(b"<html><body>") is None


_TAGS = st.sampled_from(
    ["<p>", "</p>", "<div>", "</div>", "<article>", "<script>", "</script>", "<h1>", "<br>",
     "<!--", "-->", "<table><tr><td>", "<li>", "&amp;", "&#0;", "<?xml?>", "<![CDATA[", "]]>"]
)  # fmt: skip
_WORDS = st.sampled_from(["The mayor", " said ", "budget", ". ", "council voted on Tuesday"])


@settings(max_examples=50)
@given(st.lists(st.one_of(_TAGS, _WORDS, st.text(max_size=20)), max_size=60))
def test_any_markup_gives_an_article_or_a_refusal(pieces: list[str]) -> None:
    """Arbitrary markup gives clean paragraphs or ImportRejected, never another error."""
    try:
        article = reader.read("".join(pieces).encode("utf-8"), "a.html")
    except ImportRejected as rejected:
        assert rejected.message
        return
    for paragraph in article.paragraphs:
        assert paragraph == " ".join(paragraph.split()) != ""


def test_table_layout_page_keeps_only_the_story() -> None:
    """An old page laid out in a table gives its story, not its menu and ad cells."""
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"<title>{TITLE}</title></head><body><table><tr>"
        '<td class="leftnav"><a href="/">Front page</a><br><a href="/local">Local</a></td>'
        f'<td class="content"><h1>{TITLE}</h1><div class="storytext">{story}</div></td>'
        '<td class="ads"><div class="ad">Classifieds: sell your car today</div></td>'
        "</tr></table></body></html>"
    )
    article = reader.read(page.encode("cp1252"), "old.html")
    assert article.paragraphs == PARAGRAPHS
    assert article.title == TITLE


def test_a_page_with_only_navigation_has_no_article_text():
    """Menus are not a story, even when nothing else is on the page."""
    page = b"<html><head><title>T</title></head><body><nav><a href=/>Home</a></nav>"
    page += b"<script>track()</script><footer>About us</footer></body></html>"
    with pytest.raises(ImportRejected) as caught:
        reader.read(page, "menu.html")
    assert caught.value.message == errors.HTML_NO_TEXT


# --- Fidelity beyond trafilatura (fixtures in tests/data/ingest/html) -------------------------

CAPTION_ONLY = """<html lang="en"><head><title>Council closes two libraries - Town Crier</title>
<meta property="og:site_name" content="Town Crier"></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<article><h1>Council closes two libraries</h1><figure><img src="l.jpg"><figcaption><p>The
Eastgate library, one of the two to close, on Tuesday. Photograph: Town Crier</p></figcaption>
</figure><div id="story" data-load="/api/story/881"></div></article>
<section class="promo"><h2>Our newsletters</h2><p>Sign up for the morning briefing, the sports
round-up, the weekend long reads and the evening edition, delivered free to your inbox every
day of the week from our newsroom in the town centre.</p><p>Choose from more than a dozen
newsletters about local politics, schools, business, food and drink, culture and the
outdoors, each written by a reporter who lives in the town.</p></section>
<footer><p>Town Crier Media, 4 High Street. Registered in England. All rights reserved.
Reproduction without permission is prohibited. Contact the newsroom with tips and
corrections; we read every message and reply within two working days.</p></footer>
</body></html>"""


def test_a_caption_instead_of_an_article_warns() -> None:
    """A page whose text never reached the HTML imports its caption, with a warning."""
    article = reader.parse(CAPTION_ONLY)
    assert article.title == "Council closes two libraries"
    assert article.paragraphs == [
        "The Eastgate library, one of the two to close, on Tuesday. Photograph: Town Crier"
    ]
    assert article.warnings == [
        "Only 14 words were found; the page may need a different extraction."
    ]


def test_structured_body_wins_only_when_it_holds_more() -> None:
    """A JSON-LD teaser shorter than the extracted text does not replace it."""
    teaser = '{"@type": ["NewsArticle"], "headline": "x", "articleBody": "Short teaser."}'
    page = news_page().replace(
        "</head>", f'<script type="application/ld+json">{teaser}</script></head>'
    )
    assert reader.parse(page).paragraphs == PARAGRAPHS


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ferry fares rise - The Harbour Herald", "Ferry fares rise"),
        ("Stadtrat beschließt | Weser-Bote | 19.01.2020", "Stadtrat beschließt"),
        ("Open Ledger | The water contract", "The water contract"),
        ("地铁三号线开通_滨江新闻网", "地铁三号线开通"),
        ("Harbour Herald: the ferry fares", "Harbour Herald: the ferry fares"),
        ("Left - right: a debate - The Harbour Herald", "Left - right: a debate"),
        ("The Harbour Herald", "The Harbour Herald"),
    ],
)
def test_site_names_and_dates_leave_metadata_titles(title: str, expected: str) -> None:
    from annotate.ingest.pagemeta import without_site_name

    sites = ["The Harbour Herald", "Weser-Bote", "Open Ledger", "滨江新闻网"]
    assert without_site_name(title, sites) == expected


def test_published_date_is_preferred_to_modified_and_sidebar_dates() -> None:
    page = news_page().replace(
        "</head>",
        '<meta property="article:modified_time" content="2024-06-01T10:00:00Z"></head>',
    )
    page = page.replace("<body>", '<body><aside><time datetime="2024-05-30">May 30</time></aside>')
    article = reader.parse(page)
    assert (article.published, article.modified) == (
        datetime.date(2024, 3, 5),
        datetime.date(2024, 6, 1),
    )


def test_links_are_absolute_web_links_only() -> None:
    body = (
        '<p>The <a href="/reports/budget.pdf">budget report</a>, the <a href="mailto:a@b.c">'
        'finance office</a>, a <a href="javascript:alert(1)">script</a>, the <a href="#top">'
        'top</a> and <a href="https://council.example/minutes">the minutes</a> are all '
        "mentioned in this long enough paragraph about the budget vote on Tuesday.</p>"
    )
    page = news_page().replace("<p>", body + "<p>", 1)
    with_base = reader.parse(page, url="https://paper.example/news/budget")
    without_base = reader.parse(page.replace('<link rel="canonical"', '<link rel="x"'))
    assert [link.url for link in with_base.links] == [
        "https://paper.example/reports/budget.pdf",
        "https://council.example/minutes",
    ]
    assert [link.url for link in without_base.links] == ["https://council.example/minutes"]


# --- Bounded work (issue 19): refused before extraction, with a message ---------------------


def test_nesting_deeper_than_lxml_keeps_is_refused() -> None:
    """lxml silently drops what lies deeper than 256 levels: refuse instead of losing it."""
    page = "<html><body>" + "<div>" * 5000 + "deep text" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(ImportRejected) as caught:
        reader.read(page.encode(), "deep.html")
    assert caught.value.message == errors.HTML_TOO_DEEP
    assert "too deeply nested to read" in caught.value.message


def test_an_element_with_thousands_of_attributes_is_refused() -> None:
    """libxml2 checks attributes in quadratic time (100,000 took 221 s)."""
    attributes = " ".join(f"a{i}=1" for i in range(100_000))
    with pytest.raises(ImportRejected) as caught:
        reader.read(f"<html><body><p {attributes}>text</p></body></html>".encode(), "a.html")
    assert caught.value.message == errors.HTML_TOO_MANY_ATTRIBUTES


def test_a_page_with_too_many_elements_is_refused() -> None:
    page = "<html><body>" + "<span>w</span>" * 120_000 + "</body></html>"
    with pytest.raises(ImportRejected) as caught:
        reader.read(page.encode(), "many.html")
    assert caught.value.message == errors.HTML_TOO_MANY_ELEMENTS

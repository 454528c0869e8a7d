"""How well annotate.ingest.html keeps a saved page's article and drops the rest, and how fast.

Run: /tmp/probe/bin/python bench/ingest_html.py [repeats] [--pages DIR]

Five page layouts seen on news sites are built here, each with a known article (body
paragraphs, subheadings, list items, quotes) wrapped in the usual boilerplate: menus,
cookie banners, ads, share bars, "read more" teasers, newsletter boxes, sidebars,
comments, author boxes and footers. For each page we compare the reader's paragraphs
with the article's, exactly after whitespace folding:

    precision = kept paragraphs that are article / kept paragraphs
    recall    = article paragraphs kept / article paragraphs

and check title, byline and date. Times are the best of ``repeats`` runs of
``html.read`` on the page's bytes. With ``--pages DIR``, every ``*.htm*`` file there
(real saved pages, which have no answer key) is also read: how many gave an article,
how many were refused, and the time per page.
"""

from __future__ import annotations

import datetime
import html
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.ingest import html as reader  # noqa: E402
from annotate.ingest.errors import ImportRejected  # noqa: E402

SUBJECTS = [
    "The city council", "The finance office", "Mayor Tom Lee", "Council member Ana Ruiz",
    "The transport authority", "Local business owners", "The teachers' union",
    "An independent auditor", "Residents of the north district", "The regional governor",
]  # fmt: skip
VERBS = [
    "said on Tuesday that", "argued in a statement that", "told reporters that",
    "warned in a letter that", "confirmed in an interview that", "claimed last week that",
]  # fmt: skip
CLAIMS = [
    "the budget of 1.2 billion dollars would raise transport spending by 12 percent",
    "property taxes would stay frozen for a second year in a row",
    "the libraries had lost a fifth of their staff since 2019",
    "the new tram line would open two years later than planned",
    "quarterly reports on spending would be published from July",
    "the deficit had been halved since the last election",
    "nearly 40,000 households would pay less for water next year",
    "the audit found no evidence of misused funds in the housing office",
]  # fmt: skip


@dataclass
class Page:
    """A built page and its answer key."""

    name: str
    markup: str
    title: str
    byline: str
    published: datetime.date
    expected: list[str] = field(default_factory=list)


def sentences(rng: random.Random, count: int) -> str:
    """Return ``count`` plausible news sentences."""
    return " ".join(
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAIMS)}." for _ in range(count)
    )


def body(rng: random.Random, count: int) -> list[str]:
    return [sentences(rng, rng.randint(2, 4)) for _ in range(count)]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def paragraphs_html(texts: list[str]) -> str:
    return "\n".join(f"<p>{esc(t)}</p>" for t in texts)


COOKIE = (
    '<div class="cookie-banner" id="cookie-consent"><p>We use cookies to personalise '
    "content and ads, and to analyse our traffic.</p><button>Accept all</button>"
    "<button>Manage settings</button></div>"
)
NAV = (
    '<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">'
    'News</a></li><li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li>'
    '<li><a href="/culture">Culture</a></li></ul></nav></header>'
)
FOOTER = (
    '<footer class="site-footer"><p>© 2024 The Daily Bugle Media Group. All rights '
    'reserved.</p><ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms'
    "</a></li><li><a href='/contact'>Contact us</a></li></ul></footer>"
)


def comments(rng: random.Random) -> str:
    items = "".join(
        f'<li class="comment"><div class="comment-author">reader{i}</div>'
        f"<p>{esc(sentences(rng, 2))}</p></li>"
        for i in range(4)
    )
    return f'<section id="comments" class="comments"><h3>4 comments</h3><ol>{items}</ol></section>'


def news_page(rng: random.Random) -> Page:
    """A modern news site: semantic article element among the usual boilerplate."""
    title = "City council approves a 1.2 billion dollar budget after weeks of debate"
    texts = body(rng, 8)
    parts = [paragraphs_html(texts[:3]), '<div class="ad">Advertisement</div>']
    parts += [paragraphs_html(texts[3:]), ""]
    markup = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Bugle</title><meta property="og:title" content="{title}">
<script>var googletag = googletag || {{}}; googletag.cmd = [];</script></head><body>
{COOKIE}{NAV}<div class="ad leaderboard">Buy cheap watches now! Limited offer.</div>
<main><article><h1>{title}</h1>
<div class="byline">By <a rel="author" href="/jane">Jane Reporter</a>
<time datetime="2024-03-05T09:30:00Z">5 March 2024</time></div>
<div class="share-bar"><a href="#">Share on Facebook</a><a href="#">Share on X</a></div>
{"".join(parts)}</article></main>
<aside class="most-read"><h2>Most read</h2><ol><li><a href="/1">Celebrity chef opens a
restaurant in the old town hall</a></li><li><a href="/2">Local team wins the regional
championship</a></li></ol></aside>{comments(rng)}{FOOTER}</body></html>"""
    return Page("news", markup, title, "Jane Reporter", datetime.date(2024, 3, 5), texts)


def blog_page(rng: random.Random) -> Page:
    """A WordPress blog post with subheadings, a list, a quote, widgets and a reply form."""
    title = "What the new budget means for your water bill"
    intro, middle, end = body(rng, 3), body(rng, 3), body(rng, 2)
    items = [sentences(rng, 1) for _ in range(3)]
    quote = sentences(rng, 2)
    expected = [*intro, "Who pays less", *items, *middle, quote, "What comes next", *end]
    markup = f"""<!DOCTYPE html><html lang="en-US"><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{title} &#8211; Civic Notes</title>
<link rel='stylesheet' href='/wp-content/themes/x/style.css'></head>
<body class="post-template-default single single-post"><div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">Civic Notes</a></p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu"><li><a href="/about">About
</a></li><li><a href="/archive">Archive</a></li></ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article class="post type-post status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="byline">by <span class="author vcard">
<a class="url fn n" href="/author/sam">Sam Blogger</a></span></span>
<time class="entry-date published" datetime="2024-04-12T08:00:00+00:00">April 12, 2024</time>
</div></header><div class="entry-content">{paragraphs_html(intro)}
<h2>Who pays less</h2><ul>{"".join(f"<li>{esc(i)}</li>" for i in items)}</ul>
{paragraphs_html(middle)}<blockquote><p>{esc(quote)}</p></blockquote>
<h2>What comes next</h2>{paragraphs_html(end)}
<div class="sharedaddy"><h3 class="sd-title">Share this:</h3><ul><li>Twitter</li>
<li>Facebook</li></ul></div></div>
<footer class="entry-footer"><span class="cat-links">Posted in Budget</span>
<span class="tags-links">Tagged water, taxes</span></footer></article>
<nav class="navigation post-navigation"><a href="/prev">Previous: Tram delays explained</a>
<a href="/next">Next: Library cuts, one year on</a></nav>
<div id="comments" class="comments-area">{comments(rng)}<div id="respond"><h3>Leave a Reply
</h3><form><textarea></textarea><p class="form-submit"><input type="submit"
value="Post Comment"></p></form></div></div></main>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">
Recent Posts</h2><ul><li><a href="/a">Tram delays explained</a></li></ul></section>
<section class="widget"><h2 class="widget-title">Archives</h2><ul><li><a href="/2024/03">
March 2024</a></li></ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">Proudly powered by WordPress
</div></footer></div></body></html>"""
    return Page("blog", markup, title, "Sam Blogger", datetime.date(2024, 4, 12), expected)


def table_layout_page(rng: random.Random) -> Page:
    """An old CMS: table layout, no semantic elements, ISO-8859-1 declared."""
    title = "Regional governor defends the cuts to rural bus lines"
    texts = body(rng, 6)
    markup = f"""<html><head><meta http-equiv="Content-Type" content="text/html;
charset=iso-8859-1"><title>{title} - Evening Courier</title>
<meta name="author" content="Pat Correspondent"><meta name="date" content="2023-11-20">
</head><body bgcolor="#ffffff"><table width="100%"><tr>
<td class="leftnav" width="150"><a href="/">Front page</a><br><a href="/local">Local</a><br>
<a href="/business">Business</a><br><a href="/letters">Letters</a></td>
<td class="content"><div class="headline"><h1>{title}</h1></div>
<div class="dateline">By Pat Correspondent, 20 November 2023</div>
<div class="storytext">{paragraphs_html(texts)}</div>
<div class="related"><b>Related stories</b><br><a href="/r1">Bus fares to rise in
January</a><br><a href="/r2">Villages petition for a night service</a></div></td>
<td class="rightcol" width="160"><div class="ad">Classifieds: sell your car today, call
555-0100</div><div class="ad">Win a holiday for two</div></td></tr></table>
<p class="copyright">Copyright 2023 Evening Courier Ltd</p></body></html>"""
    return Page("table", markup, title, "Pat Correspondent", datetime.date(2023, 11, 20), texts)


def wire_page(rng: random.Random) -> Page:
    """A wire story with JSON-LD, a paywall teaser, read-more links and a figure."""
    title = "Audit finds no misused funds in the housing office"
    texts = body(rng, 7)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": "2024-01-30T14:05:00Z",
        "author": [{"@type": "Person", "name": "Alex Wire"}],
    }
    read_more = (
        '<p class="read-more"><strong>Read more:</strong> '
        '<a href="/x">Housing waitlist grows</a></p>'
    )
    markup = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script type="application/ld+json">{json.dumps(ld)}</script></head><body>
{NAV}<div class="paywall-banner">Subscribe for 1 dollar a week. Already a subscriber? Log in
</div><main><div class="story"><h1 class="headline">{title}</h1>
<figure><img src="/audit.jpg" alt="The housing office"><figcaption>The housing office in
the old town. Photo: Wire Agency</figcaption></figure>
<div class="story-body">{paragraphs_html(texts[:2])}{read_more}{paragraphs_html(texts[2:5])}
<div class="newsletter-box"><h4>Get the morning briefing</h4><p>Sign up for our newsletter
and never miss a story.</p><form><input type="email"></form></div>
{paragraphs_html(texts[5:])}</div>
<div class="tags">Topics: <a href="/t/housing">Housing</a> <a href="/t/audit">Audit</a></div>
</div></main><div class="outbrain">You may also like: Ten foods you should never freeze.
Doctors hate this one trick.</div>{FOOTER}</body></html>"""
    return Page("wire", markup, title, "Alex Wire", datetime.date(2024, 1, 30), texts)


def longform_page(rng: random.Random) -> Page:
    """A long feature: many sections, a pull quote and an author box."""
    title = "Inside the ten-year fight over the north district tram line"
    expected: list[str] = []
    sections = []
    for number in range(5):
        texts = body(rng, 6)
        heading = f"Part {number + 1}: {rng.choice(CLAIMS).capitalize()}"
        expected += [heading, *texts]
        pull = f'<aside class="pullquote">“{esc(sentences(rng, 1))}”</aside>' if number == 2 else ""
        sections.append(f"<h2>{esc(heading)}</h2>{paragraphs_html(texts[:3])}{pull}")
        sections.append(paragraphs_html(texts[3:]))
    markup = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><meta name="author" content="Robin Longreads">
<meta property="article:published_time" content="2024-02-18T06:00:00Z"></head><body>
{COOKIE}{NAV}<article class="feature"><header><h1>{title}</h1>
<p class="standfirst-meta">By Robin Longreads</p></header>{"".join(sections)}
<div class="author-box"><img src="/robin.jpg" alt=""><p>Robin Longreads covers transport
and city hall. Follow Robin on social media.</p></div></article>
<section class="related-grid"><h2>More features</h2><a href="/f1">The last night bus</a>
<a href="/f2">Who owns the riverside?</a></section>{FOOTER}</body></html>"""
    return Page("longform", markup, title, "Robin Longreads", datetime.date(2024, 2, 18), expected)


BUILDERS = [news_page, blog_page, table_layout_page, wire_page, longform_page]


def best_time(data: bytes, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        reader.read(data, "page.html")
        best = min(best, time.perf_counter() - started)
    return best


def encode(page: Page) -> bytes:
    return page.markup.encode("latin-1" if "iso-8859-1" in page.markup else "utf-8")


def measure(repeats: int) -> None:
    rng = random.Random(20240305)
    pages = [build(rng) for build in BUILDERS]
    print(f"{'page':<10}{'article':>8}{'kept':>6}{'prec':>7}{'recall':>8}  meta     ms")
    hits = found_total = kept_total = expected_total = meta_ok = 0
    total_ms = 0.0
    for page in pages:
        data = encode(page)
        article = reader.read(data, "page.html")
        expected = [" ".join(p.split()) for p in page.expected]
        hit = sum(1 for p in article.paragraphs if p in expected)
        found = sum(1 for p in expected if p in article.paragraphs)
        meta = (
            ("T" if article.title == page.title else "-")
            + ("B" if article.byline == page.byline else "-")
            + ("D" if article.published == page.published else "-")
        )
        meta_ok += meta.count("-") == 0
        ms = best_time(data, repeats) * 1000
        total_ms += ms
        hits += hit
        found_total += found
        kept_total += len(article.paragraphs)
        expected_total += len(expected)
        precision = hit / len(article.paragraphs) if article.paragraphs else 0.0
        print(
            f"{page.name:<10}{len(expected):>8}{len(article.paragraphs):>6}"
            f"{precision:>7.2f}{found / len(expected):>8.2f}  {meta:<6}{ms:>6.1f}"
        )
        for extra in (p for p in article.paragraphs if p not in expected):
            print(f"    kept but not article: {extra[:70]}")
        for lost in (p for p in expected if p not in article.paragraphs):
            print(f"    article but lost:     {lost[:70]}")
    precision = hits / kept_total
    recall = found_total / expected_total
    print(f"bench: ingest_html_precision {precision:.3f} ratio")
    print(f"bench: ingest_html_recall {recall:.3f} ratio")
    print(f"bench: ingest_html_metadata_correct {meta_ok}/{len(pages)} pages")
    print(f"bench: ingest_html_ms_per_page {total_ms / len(pages):.1f} ms")


def real_pages(directory: Path) -> None:
    """Read every saved page in ``directory``; report outcomes and time per page."""
    files = sorted(p for p in directory.rglob("*.htm*") if p.is_file())
    read = refused = 0
    started = time.perf_counter()
    for path in files:
        try:
            reader.read(path.read_bytes(), path.name)
            read += 1
        except ImportRejected:
            refused += 1
    elapsed = time.perf_counter() - started
    print(f"real pages in {directory}: {read} read, {refused} refused")
    if files:
        print(f"bench: ingest_html_real_ms_per_page {elapsed * 1000 / len(files):.1f} ms")


def main(argv: list[str]) -> None:
    repeats = 5
    pages_dir = None
    args = list(argv)
    if "--pages" in args:
        at = args.index("--pages")
        pages_dir = Path(args[at + 1])
        del args[at : at + 2]
    if args:
        repeats = int(args[0])
    measure(repeats)
    if pages_dir is not None:
        real_pages(pages_dir)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Tests for annotate.ingest.markdown: Markdown articles to plain paragraphs."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.ingest import errors, markdown
from annotate.ingest.errors import ImportRejected

ARTICLE = """\
---
title: "Budget: the vote"
author:
  - Jane Reporter
  - Tom Writer
date: 2024-03-05
lang: fr-FR
---
# Budget: the vote

The council voted **7 to 2** on _Tuesday_, after [weeks of debate](https://example.org "x").
It approved ![a chart of spending](chart.png) `1.2 billion` dollars &amp; more.

## What changes

> "It leaves the libraries behind," said *Ana Ruiz*.

- Transport spending rises by 12 percent
- Property taxes are frozen
  1. for a second year

| Item | Change |
|------|--------|
| Transport | +12% |

```python
print("budget")
```

    indented code

<div class="aside"><p>Inline <b>HTML</b> block</p><script>steal()</script></div>

Text with <span onclick="evil()">inline html</span> and <script>alert(1)</script>done,
an escaped \\*star\\*, ~~struck~~ text and a <https://example.org/autolink>.

***
"""


def test_front_matter_gives_metadata() -> None:
    """Front matter title, authors, date and language are used."""
    article = markdown.read(ARTICLE.encode(), "budget.md")
    assert article.title == "Budget: the vote"
    assert article.byline == "Jane Reporter, Tom Writer"
    assert article.published == datetime.date(2024, 3, 5)
    assert article.language == "fr"


def test_blocks_become_paragraphs_in_order() -> None:
    """Headings, paragraphs, quotes, list items, table cells, code and HTML are paragraphs."""
    article = markdown.read(ARTICLE.encode(), "budget.md")
    assert article.paragraphs == [
        "The council voted 7 to 2 on Tuesday, after weeks of debate. It approved "
        "a chart of spending 1.2 billion dollars & more.",
        "What changes",
        '"It leaves the libraries behind," said Ana Ruiz.',
        "Transport spending rises by 12 percent",
        "Property taxes are frozen",
        "for a second year",
        "Item",
        "Change",
        "Transport",
        "+12%",
        'print("budget")',
        "indented code",
        "Inline HTML block",
        "Text with inline html and done, an escaped *star*, struck text and a "
        "https://example.org/autolink.",
    ]


def test_no_markup_leaks() -> None:
    """No markup syntax nor hostile HTML reaches the text (escaped characters aside)."""
    text = " ".join(markdown.read(ARTICLE.encode(), "budget.md").paragraphs)
    text = text.replace("*star*", "")
    for markup in ("**", "_", "#", "[", "](", "`", "~~", "<", ">", "onclick", "alert", "steal"):
        assert markup not in text


def test_first_h1_is_the_title_without_front_matter() -> None:
    """Without front matter the first level-one heading is the title and leaves the text."""
    article = markdown.parse("Intro line.\n\n# The *Real* Title\n\nBody.\n\n# Second\n")
    assert article.title == "The Real Title"
    assert article.paragraphs == ["Intro line.", "Body.", "Second"]


def test_h1_differing_from_front_matter_title_stays() -> None:
    """A heading that is not the front matter title stays in the text."""
    article = markdown.parse("---\ntitle: Other\n---\n# Heading\n\nBody.")
    assert article.title == "Other"
    assert article.paragraphs == ["Heading", "Body."]


def test_file_name_is_the_title_otherwise() -> None:
    """Without front matter or h1, the file name gives the title."""
    assert markdown.parse("## Sub\n\nBody.", "city-budget.md").title == "City budget"


def test_only_heading_is_kept_as_text() -> None:
    """A file holding only a heading keeps it as text too."""
    article = markdown.parse("# Lonely")
    assert article.title == "Lonely"
    assert article.paragraphs == ["Lonely"]


def test_front_matter_with_dots_and_quotes() -> None:
    """Front matter may close with '...'; quoted values lose their quotes."""
    article = markdown.parse("---\nauthor: 'Ana Ruiz'\ndate: \"2023-12-01\"\n...\nBody.")
    assert article.byline == "Ana Ruiz"
    assert article.published == datetime.date(2023, 12, 1)
    assert article.paragraphs == ["Body."]


def test_unclosed_front_matter_is_text() -> None:
    """A '---' with no closing line is not front matter."""
    article = markdown.parse("---\ntitle: x\n\nBody.")
    assert "Body." in article.paragraphs


def test_crlf_file() -> None:
    """Windows line endings parse like Unix ones."""
    source = "---\r\ntitle: T\r\n---\r\nOne\r\ntwo.\r\n\r\nThree."
    assert markdown.parse(source).paragraphs == ["One two.", "Three."]


@pytest.mark.parametrize("data", [b"", b"  \n\n "])
def test_empty_file(data: bytes) -> None:
    """An empty file is refused."""
    with pytest.raises(ImportRejected) as caught:
        markdown.read(data, "a.md")
    assert caught.value.message == "The file is empty."


@pytest.mark.parametrize("source", ["***\n\n---\n", "---\ntitle: Only\n---\n", "<!-- x -->"])
def test_no_text(source: str) -> None:
    """A file of only rules, front matter or comments has no text."""
    with pytest.raises(ImportRejected) as caught:
        markdown.read(source.encode(), "a.md")
    assert caught.value.message == "The Markdown file has no text."


def test_binary_file() -> None:
    """Binary bytes are refused."""
    with pytest.raises(ImportRejected) as caught:
        markdown.read(b"\x00\x01\x02\x03\x00\x00\x00\x05\x06", "a.md")
    assert caught.value.message == "This looks like a binary file, not a text file."


def test_deep_nesting_is_read() -> None:
    """Quotes and lists nested 40 deep are read (markdown-it alone stops at 20)."""
    article = markdown.parse("> " * 40 + "deep\n\n" + "- " * 40 + "list")
    assert article.paragraphs == ["deep", "list"]


@pytest.mark.parametrize("source", ["> " * 500 + "deep", "- " * 500 + "list"])
def test_too_deep_nesting_is_refused(source: str) -> None:
    """Nesting past 100 levels is refused rather than silently dropping text."""
    with pytest.raises(ImportRejected) as caught:
        markdown.parse(source)
    assert caught.value.message == (
        "The Markdown file nests quotes or lists more than 100 levels deep."
    )


def test_deep_emphasis_keeps_its_text() -> None:
    """Hundreds of nested emphasis markers keep the text inside."""
    article = markdown.parse("*" * 300 + "core" + "*" * 300)
    assert "core" in article.paragraphs[0]


@given(st.text(max_size=300))
def test_any_text_gives_an_article_or_a_refusal(source: str) -> None:
    """Arbitrary Markdown gives clean paragraphs or ImportRejected, nothing else."""
    try:
        article = markdown.parse(source)
    except ImportRejected as rejected:
        assert rejected.message in (
            errors.MARKDOWN_NO_TEXT,
            errors.MARKDOWN_TOO_DEEP,
            errors.MARKDOWN_TOO_DEEP_BRACKETS,
        )
        return
    for paragraph in article.paragraphs:
        assert paragraph == " ".join(paragraph.split()) != ""


# --- Markdown as people write it (the fidelity fixtures have a whole article) ------------------


@pytest.mark.parametrize(
    ("source", "paragraphs"),
    [
        ("a ==marked== b", ["a marked b"]),
        ("a ++inserted++ b", ["a inserted b"]),
        ("x^2^ and H~2~O", ["x2 and H2O"]),
        ("a == b and c ++ d", ["a == b and c ++ d"]),
        (
            "Party :tada: at 10:30:45, not :nosuchemoji:",
            ["Party 🎉 at 10:30:45, not :nosuchemoji:"],
        ),
        ("`:tada: ==code==`", [":tada: ==code=="]),
        ("Term\n: Its definition", ["Term", "Its definition"]),
        ("::: note Title here\nInside.\n:::", ["Inside."]),
        ("- [ ] open\n- [x] done", ["open", "done"]),
        ("> [!WARNING]\n> Careful.", ["Warning", "Careful."]),
    ],
)
def test_extensions_leave_no_markup(source: str, paragraphs: list[str]) -> None:
    assert markdown.parse(source).paragraphs == paragraphs


def test_footnotes_become_notes_after_the_body() -> None:
    article = markdown.parse(
        "Claim one[^a] and two[^b], one again[^a].\n\n[^b]: Second source.\n"
        "[^a]: First source with [a link](https://a.example/x).\n\n    And more.\n"
    )
    assert article.paragraphs == [
        "Claim one[1] and two[2], one again[1].",
        "[1] First source with a link. And more.",
        "[2] Second source.",
    ]
    assert [(link.paragraph, link.url, link.origin) for link in article.links] == [
        (1, "https://a.example/x", "footnote")
    ]


def test_links_keep_web_urls_only() -> None:
    article = markdown.parse(
        "[web](https://a.example/1) [rel](/local) [mail](mailto:a@b.c) [ref][r] "
        '<https://auto.example> www.bare.example <a href="https://raw.example?a=1&amp;b=2">raw</a>'
        " [js](javascript:alert(1))\n\n[r]: https://ref.example/r\n"
    )
    (paragraph,) = article.paragraphs
    assert [(paragraph[k.start : k.end], k.url) for k in article.links] == [
        ("web", "https://a.example/1"),
        ("ref", "https://ref.example/r"),
        ("https://auto.example", "https://auto.example"),
        ("www.bare.example", "http://www.bare.example"),
        ("raw", "https://raw.example?a=1&b=2"),
    ]


# --- Bounded work (issue 19) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    ["[" * 2_000_000, "[a " * 700_000, "![" * 100_000 + "x" + "]" * 100_000],
    ids=["2MB-of-open-brackets", "unclosed-links", "nested-images"],
)
def test_pathological_brackets_are_refused_before_parsing(source: str) -> None:
    """2 MB of nested [ kept a worker busy for the whole task limit; now refused at once."""
    with pytest.raises(ImportRejected) as caught:
        markdown.read(source.encode())
    assert caught.value.message == errors.MARKDOWN_TOO_DEEP_BRACKETS
    assert "too deeply nested to read" in caught.value.message


def test_brackets_people_write_are_read() -> None:
    article = markdown.parse("[[wiki]] and [a [b [c]]] and " + "[note] " * 100)
    assert article.paragraphs[0].startswith("[[wiki]] and [a [b [c]]]")


def test_a_parse_over_its_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shapes no check foresees are stopped by the CPU-time budget."""
    from annotate.ingest import budget

    monkeypatch.setattr(budget, "BASE_SECONDS", 0.0)
    monkeypatch.setattr(budget, "SECONDS_PER_MB", 0.0)
    with pytest.raises(ImportRejected) as caught:
        markdown.parse("*a _b " * 5_000)
    assert caught.value.message == errors.MARKDOWN_TOO_SLOW

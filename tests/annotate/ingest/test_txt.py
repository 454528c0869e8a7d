"""Tests for annotate.ingest.txt: plain-text articles, with the seed articles."""

from __future__ import annotations

import codecs
import datetime
import io
import textwrap
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.ingest import decode, errors, txt
from annotate.ingest.article import Article
from annotate.ingest.errors import ImportRejected

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
DEPETRIS = SEEDS / "depetris-coexist-peacefully-with-north-korea.txt"
MOTT = SEEDS / "mott-normalize-relations-with-north-korea.txt"

BUDGET = (
    "The city council voted seven to two on Tuesday to approve a budget of 1.2 billion "
    "dollars for the coming fiscal year, ending weeks of debate over transport and libraries."
)
RUIZ = (
    "Council member Ana Ruiz said the plan leaves the libraries behind. She called for a "
    "review in six months, and the mayor agreed to hold one in the autumn."
)


def _words(*texts: str) -> Counter[str]:
    return Counter(word for text in texts for word in text.split())


def test_depetris_seed_title_and_paragraphs() -> None:
    """The DePetris seed: the headline after a scraped menu is the title; blocks split."""
    article = txt.read(DEPETRIS.read_bytes(), DEPETRIS.name)
    assert article.title == "Learning to Coexist Peacefully With North Korea"
    assert len(article.paragraphs) == 19
    assert article.paragraphs[:4] == [
        "fbpx",
        "Politics Foreign Affairs Culture Fellows Program",
        "This is the standard by which the current diplomacy will be judged, and so far, "
        "Trump is passing the test.",
        "Trump_and_Kim_shaking_hands_in_the_summit_room",
    ]
    assert article.paragraphs[-1] == "Join here"
    assert article.byline == ""
    assert article.published is None


def test_depetris_seed_loses_no_text() -> None:
    """Every word of the DePetris seed is in the title or the paragraphs, once."""
    raw = DEPETRIS.read_text("utf-8")
    article = txt.read(raw.encode("utf-8"), DEPETRIS.name)
    assert _words(article.title, *article.paragraphs) == _words(raw)


def test_mott_seed_one_paragraph_per_line() -> None:
    """The Mott seed has no blank lines and long lines: each line is a paragraph."""
    raw = MOTT.read_text("utf-8")
    article = txt.read(raw.encode("utf-8"), MOTT.name)
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    assert article.paragraphs == lines
    assert len(article.paragraphs) == 14
    # Its first line is prose, so the file name gives the title.
    assert article.title == "Mott normalize relations with north korea"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "cp1252"])
def test_seed_in_other_encodings(codec: str) -> None:
    """A seed saved in another encoding reads the same."""
    raw = DEPETRIS.read_text("utf-8")
    data = raw.encode(codec, errors="strict")
    assert txt.read(data, DEPETRIS.name) == txt.read(raw.encode("utf-8"), DEPETRIS.name)


def test_crlf_and_cr_line_endings() -> None:
    """Windows and old Mac line endings split like Unix ones."""
    text = "A Headline Here\n\nFirst paragraph.\n\nSecond paragraph.\n"
    expected = txt.parse(text)
    assert txt.parse(text.replace("\n", "\r\n")) == expected
    assert txt.parse(text.replace("\n", "\r")) == expected
    assert expected.paragraphs == ["First paragraph.", "Second paragraph."]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    """Lines wrapped at 72 columns, as in e-mail, join into their paragraphs."""
    text = textwrap.fill(BUDGET, 72) + "\n\n" + textwrap.fill(RUIZ, 72)
    assert txt.parse(text).paragraphs == [BUDGET, RUIZ]


def test_wrapped_text_without_blank_lines_splits_at_short_lines() -> None:
    """Without blank lines, a short line (where the next word would fit) ends a paragraph."""
    text = textwrap.fill(BUDGET, 72) + "\n" + textwrap.fill(RUIZ, 72)
    assert txt.parse(text).paragraphs == [BUDGET, RUIZ]


def test_indented_first_lines_start_paragraphs() -> None:
    """In wrapped text, an indented line starts a new paragraph."""
    text = "\n".join(
        textwrap.wrap(BUDGET, 72, initial_indent="    ")
        + textwrap.wrap(RUIZ, 72, initial_indent="    ")
    )
    assert txt.parse(text).paragraphs == [BUDGET, RUIZ]


def test_list_items_are_not_joined() -> None:
    """Lines starting list items stay separate paragraphs."""
    text = (
        "The council approved three measures after a long debate on Tuesday:\n"
        "- a budget of 1.2 billion dollars for the coming fiscal year\n"
        "- a freeze on property taxes\n"
        "- quarterly reports"
    )
    assert len(txt.parse(text).paragraphs) == 4


def test_headline_over_short_lines_is_not_joined() -> None:
    """A headline, byline and date in one block stay apart and become metadata."""
    text = "Budget Passes After a Long and Bitter Debate\nBy Jane Reporter\nMarch 5, 2024\n\n"
    article = txt.parse(text + BUDGET)
    assert article.title == "Budget Passes After a Long and Bitter Debate"
    assert article.byline == "Jane Reporter"
    assert article.published == datetime.date(2024, 3, 5)
    assert article.paragraphs == [BUDGET]


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("2024-03-05", datetime.date(2024, 3, 5)),
        ("2024-03-05T10:00:00Z", datetime.date(2024, 3, 5)),
        ("5 March 2024", datetime.date(2024, 3, 5)),
        ("Mar. 5, 2024", datetime.date(2024, 3, 5)),
    ],
)
def test_date_lines(line: str, date: datetime.date) -> None:
    """A lone date before the body is the publication date."""
    article = txt.parse(f"A Headline Here\n\n{line}\n\n{BUDGET}")
    assert article.published == date
    assert article.paragraphs == [BUDGET]


def test_first_line_that_is_prose_is_not_a_title() -> None:
    """A first line ending in a period is text; the file name is the title."""
    article = txt.parse("The council met.\n\nIt voted.", "council_meeting-notes.txt")
    assert article.title == "Council meeting notes"
    assert article.paragraphs == ["The council met.", "It voted."]


def test_question_headline_is_a_title() -> None:
    """A headline may end with a question mark."""
    article = txt.parse("Is Peace With North Korea Possible?\n\n" + BUDGET)
    assert article.title == "Is Peace With North Korea Possible?"


def test_single_paragraph_is_kept() -> None:
    """A one-paragraph text keeps its paragraph; without a file name it is Untitled."""
    article = txt.parse("Budget Passes After Debate")
    assert article.paragraphs == ["Budget Passes After Debate"]
    assert article.title == "Untitled"


def test_form_feed_breaks_paragraphs() -> None:
    """A form feed (page break) separates paragraphs."""
    assert txt.parse("One page ends.\fAnother begins.").paragraphs == [
        "One page ends.",
        "Another begins.",
    ]


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "  \n ".encode("utf-16")])
def test_empty_file(data: bytes) -> None:
    """An empty or whitespace-only file is refused."""
    with pytest.raises(ImportRejected) as caught:
        txt.read(data, "a.txt")
    assert caught.value.message == "The file is empty."


def test_binary_file() -> None:
    """Binary bytes are refused."""
    with pytest.raises(ImportRejected) as caught:
        txt.read(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00", "a.txt")
    assert caught.value.message == "This looks like a binary file, not a text file."


def test_bad_utf16() -> None:
    """A UTF-16 mark followed by invalid UTF-16 is refused."""
    with pytest.raises(ImportRejected) as caught:
        txt.read(codecs.BOM_UTF16_LE + b"a\x00\x00\xdc", "a.txt")
    assert caught.value.message == (
        "The file says it is UTF-16 text but holds bytes that are not valid UTF-16."
    )


# No "y" and no digits: "by ..." lines become bylines and lone dates become dates.
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxzABCDEFG.,;?!-", min_size=1, max_size=12)
_LINE = st.lists(_WORD, min_size=0, max_size=15).map(" ".join)
_SPACE = st.sampled_from(["\n", "\n\n", "\r\n", "\n  \n", "\n\n\n", "\f", "  "])


@given(st.lists(st.tuples(_LINE, _SPACE), min_size=1, max_size=20))
def test_no_text_is_lost(pieces: list[tuple[str, str]]) -> None:
    """Every word of the input is in the title or the paragraphs, and paragraphs are clean."""
    text = "".join(line + space for line, space in pieces)
    try:
        article = txt.parse(text)
    except ImportRejected as rejected:
        assert rejected.message == "The file is empty."
        assert not text.split()
        return
    kept = list(article.paragraphs)
    if article.title != "Untitled":
        kept.append(article.title)
    assert _words(*kept) == _words(text)
    for paragraph in article.paragraphs:
        assert paragraph == " ".join(paragraph.split()) != ""


def test_written_out_addresses_are_links_and_the_language_is_detected() -> None:
    article = txt.parse(
        "Haushalt beschlossen\n\nDer Stadtrat hat am Dienstag den Haushalt beschlossen, "
        "siehe https://stadt.example/haushalt.pdf. Die Opposition stimmte dagegen."
    )
    assert article.language == "de"
    (link,) = article.links
    assert article.paragraphs[link.paragraph][link.start : link.end] == (
        "https://stadt.example/haushalt.pdf"
    )


def test_a_million_one_letter_lines_read_in_linear_time() -> None:
    """Plain text has no nesting to bound: its reading is linear (bench/ingest_fidelity.py
    times this input), so the pathological shapes read rather than being refused."""
    article = txt.parse("a\n" * 1_000_000)
    assert len(article.paragraphs) == 1_000_000


# --- Streaming: the same article from a file read in chunks -------------------------------------


def _chunked(text: str, cuts: list[int]) -> Article:
    points = sorted({min(max(cut, 0), len(text)) for cut in cuts})
    chunks = [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]
    return txt._listed(txt._stream(chunks, "notes.txt"))


def _outcome(make) -> Article | str:
    try:
        return make()
    except ImportRejected as rejected:
        return rejected.message


_PIECES = st.sampled_from(
    [
        *("\n", "\r\n", "\r", "\n\n", "  ", "\f", "\u2029", "\u2028"),
        *("By Ana Ruiz", "2024-03-05", "A Headline Over Here", BUDGET[:70], BUDGET[70:], RUIZ),
        *("- item", "word,", "https://a.example/x."),
    ]
)


@settings(deadline=None)  # the first example loads the language model
@given(st.lists(_PIECES, max_size=40).map("".join), st.lists(st.integers(0, 3000), max_size=8))
def test_any_cut_into_chunks_reads_like_the_whole_text(text: str, cuts: list[int]) -> None:
    """Line ends split across chunks ("\\r" | "\\n") and blank lines at a cut change nothing."""
    whole = _outcome(lambda: txt.parse(text, "notes.txt"))
    assert _outcome(lambda: _chunked(text, cuts)) == whole


@pytest.mark.parametrize("path", [DEPETRIS, MOTT], ids=lambda p: p.name[:6])
def test_a_streamed_file_is_the_article_read_whole(path: Path) -> None:
    data = path.read_bytes()
    with mock.patch.object(decode, "CHUNK_BYTES", 777):
        streamed = txt._listed(txt.stream(lambda: io.BytesIO(data), path.name))
    assert streamed == txt.read(data, path.name)


def test_a_long_block_is_read_a_window_at_a_time_with_the_same_paragraphs() -> None:
    """A wrapped e-mail of 1,500 lines in one block: windows of 50 lines join the same wraps."""
    paragraphs = [
        f"{BUDGET} Point {i} of the motion was {'long ' * (i % 7)}debated." for i in range(300)
    ]
    block = "\n".join(textwrap.fill(p, 72) for p in paragraphs)
    whole = txt.parse(block)
    with mock.patch.object(txt, "_WINDOW_LINES", 50):
        windowed = txt.parse(block)
    assert len(whole.paragraphs) < block.count("\n") / 3  # the wraps were joined
    assert windowed == whole


def test_a_file_without_line_breaks_is_cut_into_paragraphs_at_spaces() -> None:
    words = [f"word{i}" for i in range(60_000)]
    article = txt.parse(" ".join(words) + ".")
    assert len(article.paragraphs) > 1
    assert all(len(p) <= txt._MAX_LINE for p in article.paragraphs)
    assert " ".join(article.paragraphs).split() == [*words[:-1], words[-1] + "."]


def test_a_binary_tail_is_refused_while_streaming() -> None:
    data = (BUDGET + "\n\n").encode() * 500 + b"\x01\x02\x03\x04" * 20000
    article = txt.stream(lambda: io.BytesIO(data), "tail.txt")
    with pytest.raises(ImportRejected) as caught:
        list(article.paragraphs)
    assert caught.value.message == errors.BINARY

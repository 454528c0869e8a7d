"""Hypothesis strategies for DocumentData: any text, consistent sentences, claims anywhere
(overlapping, nested, across paragraphs), hostile user text in every field."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import strategies as st

from annotate.document_data import (
    DECISIONS,
    STANCES,
    STATUSES,
    ClaimData,
    CommentData,
    DocumentData,
    ReviewData,
    SentenceData,
    SourceData,
    TeamData,
    VerdictData,
)

# Markup any renderer must neutralize, mixed into the generated text.
HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[click](javascript:alert(1))",
    "**bold** _em_ `code` ~~del~~ | a | b |",
    "# heading",
    '=HYPERLINK("http://evil")',
    "&amp; &lt;",
    "1. item",
    "\\",
    "😀 e\u0301 \u202e",
)
CHARACTERS = st.characters(blacklist_categories=("Cs",))
# What stored text and form fields hold: no control characters besides tab and line feed
# (XML-based HTML parsers in the tests cannot even hold the others).
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n")


def words(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """One word of the text: no whitespace inside, sometimes a hostile snippet."""
    return st.one_of(
        st.text(alphabet, min_size=1, max_size=8).map(lambda word: "".join(word.split()) or "x"),
        st.sampled_from(HOSTILE).map(lambda hostile: "".join(hostile.split())),
    )


def texts(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A user field: any text, or a hostile snippet."""
    return st.one_of(st.text(alphabet, max_size=20), st.sampled_from(HOSTILE))


URLS = st.sampled_from(
    (
        "https://example.org/a?b=1&c=2",
        "http://example.com/x y",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "",
        "https://bücher.example/ä",
        '"><script>',
    )
)
ZONES = st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
MOMENTS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=ZONES
)
DATES = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
SCALE = (
    VerdictData("true", "True", "#2e7d32", 0, 3, 3, 1),
    VerdictData("mixed", "Half <true>", "#fbc02d", 1, 2, 3, 1),
    VerdictData("false", "False & wrong", "#c62828", 2, 1, 3, 1),
    VerdictData("unrated", "Satire", "#757575", 3, None, None, None),
)


@st.composite
def texts_and_sentences(draw, alphabet=CHARACTERS) -> tuple[str, tuple[SentenceData, ...]]:
    """A text of paragraphs ("\\n\\n") of sentences (" "), and its sentence spans."""
    paragraphs = draw(
        st.lists(
            st.lists(st.lists(words(alphabet), min_size=1, max_size=5), min_size=1, max_size=3),
            min_size=1,
            max_size=4,
        )
    )
    text, sentences = "", []
    for paragraph_index, paragraph in enumerate(paragraphs):
        if paragraph_index:
            text += "\n\n"
        for sentence_index, sentence_words in enumerate(paragraph):
            if sentence_index:
                text += " "
            sentence = " ".join(sentence_words)
            sentences.append(
                SentenceData(len(sentences), len(text), len(text) + len(sentence), paragraph_index)
            )
            text += sentence
    return text, tuple(sentences)


def sources(field: st.SearchStrategy[str]) -> st.SearchStrategy[SourceData]:
    return st.builds(
        SourceData,
        url=URLS,
        title=field,
        publisher=field,
        date_published=DATES,
        date_accessed=DATES,
        archive_url=URLS,
        excerpt=field,
        stance=st.sampled_from(STANCES),
    )


@st.composite
def claims(
    draw, text: str, sentences: tuple[SentenceData, ...], number: int, alphabet=CHARACTERS
) -> ClaimData:
    """A claim on any non-empty span of `text` with random, possibly hostile, fields."""
    field = texts(alphabet)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    sentence_index = max(
        (sentence.index for sentence in sentences if sentence.start <= start), default=0
    )
    return ClaimData(
        id=number,
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(start - 32, 0) : start],
        suffix=text[end : end + 32],
        restatement=draw(field),
        claimant=draw(field),
        verdict=draw(st.none() | st.sampled_from([verdict.key for verdict in SCALE])),
        notes_html=draw(st.one_of(field, st.just("<p>See <a href='https://x.org/'>this</a></p>"))),
        status=draw(st.sampled_from(STATUSES)),
        author=draw(field),
        assignee=draw(field),
        approved_by=draw(field),
        created_at=draw(MOMENTS),
        updated_at=draw(MOMENTS),
        approved_at=draw(st.none() | MOMENTS),
        sentence_index=sentence_index,
        sources=tuple(draw(st.lists(sources(field), max_size=2))),
        reviews=tuple(
            draw(
                st.lists(
                    st.builds(ReviewData, field, st.sampled_from(DECISIONS), field, MOMENTS),
                    max_size=2,
                )
            )
        ),
        comments=tuple(draw(st.lists(st.builds(CommentData, field, field, MOMENTS), max_size=2))),
    )


@st.composite
def documents(draw, max_claims: int = 6, alphabet=CHARACTERS) -> DocumentData:
    """A whole consistent document (offsets, quotes, sentence indexes, verdict keys);
    `alphabet` is what its text and fields are made of."""
    field = texts(alphabet)
    text, sentences = draw(texts_and_sentences(alphabet))
    count = draw(st.integers(0, max_claims))
    return DocumentData(
        id=draw(st.integers(1, 2**40)),
        title=draw(field),
        byline=draw(field),
        source_url=draw(URLS),
        published_on=draw(DATES),
        language=draw(st.sampled_from(("en", "de", "ar", "", 'en" onload="x'))),
        text=text,
        source_format=draw(st.sampled_from(("txt", "md", "html", "docx", "json"))),
        content_hash=draw(st.text("0123456789abcdef", min_size=64, max_size=64)),
        created_at=draw(MOMENTS),
        team=TeamData(draw(field), draw(field), draw(URLS)),
        scale=SCALE,
        sentences=sentences,
        claims=tuple(
            draw(claims(text, sentences, number, alphabet)) for number in range(1, count + 1)
        ),
    )

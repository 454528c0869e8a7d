"""Reading the search box: websearch syntax, and no input that makes FTS5 fail."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.search.query import parse, to_fts5, websearch_text


def words(query):
    return [([t.words for t in c.terms], c.negated) for c in query.clauses]


def test_words_are_all_required():
    assert words(parse("moon landing")) == [([("moon",)], False), ([("landing",)], False)]
    assert to_fts5(parse("moon landing")) == '"moon" AND "landing"'


def test_a_quoted_phrase_keeps_its_words_in_order():
    query = parse('"jobless rate" fell')
    assert words(query) == [([("jobless", "rate")], False), ([("fell",)], False)]
    assert to_fts5(query) == '"jobless rate" AND "fell"'


def test_or_in_capitals_joins_alternatives_and_minus_excludes():
    query = parse("vaccine OR jab -covid")
    assert words(query) == [([("vaccine",), ("jab",)], False), ([("covid",)], True)]
    assert to_fts5(query) == '(("vaccine" OR "jab")) NOT "covid"'
    assert words(parse("cats or dogs")) == [
        ([("cats",)], False),
        ([("or",)], False),
        ([("dogs",)], False),
    ]


def test_punctuation_inside_a_word_keeps_its_parts_together():
    query = parse("covid-19 3.4%")
    assert words(query) == [([("covid", "19")], False), ([("3", "4")], False)]
    assert websearch_text(query.clauses[0].terms[0]) == '"covid-19"'
    assert websearch_text(query.clauses[1].terms[0]) == '"3.4%"'


def test_only_exclusions_or_only_punctuation_is_nothing_to_look_for():
    for text in ("-covid", "", "   ", "!!! ---", '"', "OR OR"):
        assert parse(text).is_empty
        assert to_fts5(parse(text)) is None


def test_engine_syntax_is_read_as_words():
    query = parse('NEAR(a b) title:x "unclosed AND* ^y')
    assert to_fts5(query) == '"NEAR a" AND "b" AND "title x" AND "unclosed AND y"'


def test_quotes_inside_words_cannot_break_out():
    assert to_fts5(parse('say"hi')) == '"say hi"'


def test_very_long_queries_are_cut():
    assert len(parse(" ".join(f"w{i}" for i in range(100))).words) == 32


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_input_is_a_valid_fts5_query(text):
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61')")
    connection.execute("INSERT INTO t VALUES ('the moon landing was real')")
    expression = to_fts5(parse(text))
    if expression is not None:
        connection.execute("SELECT count(*) FROM t WHERE t MATCH ?", [expression]).fetchone()

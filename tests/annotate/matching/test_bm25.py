"""BM25: the inverted index and the candidate scorer agree, and follow edits."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.matching.bm25 import (
    CorpusStats,
    LexicalIndex,
    bm25_scores,
    normalized,
    self_score,
)

DOCS = {
    "a": ["unemploy", "fell", "3.4", "march"],
    "b": ["unemploy", "rose", "4.3", "march"],
    "c": ["vaccin", "caus", "autism"],
    "d": ["unemploy"],
}


def index_of(docs: dict) -> LexicalIndex:
    index = LexicalIndex()
    for key, doc_terms in docs.items():
        index.add(key, doc_terms)
    return index


def test_search_ranks_by_shared_rare_terms():
    results = index_of(DOCS).search(["unemploy", "fell", "3.4"], 10)
    assert [key for key, _ in results][:1] == ["a"]
    assert {key for key, _ in results} == {"a", "b", "d"}  # "c" shares nothing


def test_search_scores_equal_the_candidate_scorer_with_archive_stats():
    index = index_of(DOCS)
    query = ["unemploy", "march", "3.4"]
    stats = index.stats(query)
    expected = dict(zip(DOCS, bm25_scores(query, list(DOCS.values()), stats), strict=True))
    for key, score in index.search(query, 10):
        assert score == pytest.approx(expected[key])


def test_idf_is_positive_even_for_a_term_in_every_text():
    stats = CorpusStats(4, 3.0, {"x": 4})
    assert stats.idf("x") > 0
    assert stats.idf("unseen") > stats.idf("x")


def test_normalized_is_one_for_the_query_itself_and_capped():
    stats = CorpusStats.of(DOCS.values())
    query = DOCS["a"]
    ceiling = self_score(query, stats)
    assert normalized(ceiling, ceiling) == pytest.approx(1.0)
    assert normalized(ceiling * 3, ceiling) == 1.0
    assert normalized(1.0, 0.0) == 0.0


def test_stats_of_no_documents():
    stats = CorpusStats.of([])
    assert (stats.document_count, stats.average_length) == (0, 0.0)
    assert bm25_scores(["x"], []) == []


documents = st.dictionaries(
    st.integers(0, 30), st.lists(st.sampled_from("abcdefgh"), min_size=0, max_size=8), max_size=12
)


@given(documents, documents, st.lists(st.integers(0, 30), max_size=6))
def test_edits_leave_the_index_as_if_rebuilt(first, second, removed):
    index = index_of(first)
    for key, doc_terms in second.items():
        index.add(key, doc_terms)  # replace or add
    for key in removed:
        index.remove(key)
    final = {**first, **second}
    for key in removed:
        final.pop(key, None)
    rebuilt = index_of(final)
    query = list("abcd")
    assert len(index) == len(final)
    assert index.stats(query) == rebuilt.stats(query)
    got = dict(index.search(query, 100))
    want = dict(rebuilt.search(query, 100))
    assert got.keys() == want.keys()
    for key in got:
        assert math.isclose(got[key], want[key], rel_tol=1e-9)

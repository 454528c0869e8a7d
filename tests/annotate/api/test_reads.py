"""Reading through the API: teams, documents, sentences, lists at constant query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotate.services.claims import source_add
from annotate.services.comments import comment_add
from annotate.services.imports import import_start
from tests.annotate.api.conftest import in_review_claim, make_claim
from tests.factories import make_document, make_member, make_team, sentences_text

pytestmark = pytest.mark.django_db


def test_teams_lists_the_callers_teams_with_role_and_scale(api_for, checker, other_team):
    from annotate.services.teams import membership_set

    membership_set(team=other_team, user=checker.user, role="viewer")
    rows = api_for(checker).get("/api/teams/").json()["results"]
    assert [(r["slug"], r["role"]) for r in rows] == [("planet", "checker"), ("rival", "viewer")]
    assert rows[0]["verdicts"][0]["key"] == "true"


def test_documents_list_and_detail(api_for, viewer, document, checker):
    make_claim(checker, document)
    client = api_for(viewer)
    rows = client.get("/api/documents/").json()["results"]
    assert [(r["id"], r["claim_count"]) for r in rows] == [(document.pk, 1)]
    assert "text" not in rows[0]
    detail = client.get(f"/api/documents/{document.pk}/").json()
    assert detail["text"] == document.text
    assert detail["text_length"] == len(document.text)


def test_sentences_are_paged_with_their_text(api_for, viewer, team):
    document = make_document(team, sentences_text(12))
    client = api_for(viewer)
    page = client.get(f"/api/documents/{document.pk}/sentences/?page_size=5").json()
    assert page["count"] == 12
    assert [s["index"] for s in page["results"]] == [0, 1, 2, 3, 4]
    first = page["results"][0]
    assert first["text"] == document.text[first["start"] : first["end"]]
    assert first["text"].startswith("Sentence 0-0")
    last = client.get(f"/api/documents/{document.pk}/sentences/?page_size=5&page=3").json()
    assert [s["index"] for s in last["results"]] == [10, 11]
    response = client.get(f"/api/documents/{document.pk}/sentences/?page=9")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page.", "field": None}


@pytest.mark.parametrize("n_sentences", [3, 40])
def test_sentences_list_query_count_does_not_grow(
    api_for, viewer, team, django_assert_num_queries, n_sentences
):
    """Token (with its user), membership, the document, count, sentences: whatever the length."""
    document = make_document(team, sentences_text(n_sentences))
    client = api_for(viewer)
    with django_assert_num_queries(QUERIES_SENTENCES):
        response = client.get(f"/api/documents/{document.pk}/sentences/?page_size=200")
    assert len(response.json()["results"]) == document.sentence_count >= n_sentences


QUERIES_SENTENCES = 5


def test_another_teams_documents_and_jobs_are_404s(api_for, outsider, document):
    client = api_for(outsider)
    assert client.get(f"/api/documents/{document.pk}/").status_code == 404
    assert client.get(f"/api/documents/{document.pk}/sentences/").status_code == 404
    assert client.get("/api/documents/").json()["count"] == 0


def _fill(team, author, reviewer, n: int) -> None:
    """`n` documents, each with two claims (one in review with a source and a comment), and
    `n` queued import jobs."""
    for i in range(n):
        document = make_document(team, f"Claim A number {i}. Claim B follows.")
        make_claim(author, document, quote=f"Claim A number {i}.")
        claim = in_review_claim(
            author, document, start=len(f"Claim A number {i}. "), quote="Claim B follows."
        )
        source_add(membership=author, claim=claim, url="https://example.org/more")
        comment_add(membership=reviewer, claim=claim, body="Looks right.")
        import_start(membership=author, uploads=[(f"n{i}.txt", b"Hello.")], enqueue=False)


LIST_URLS = [
    "/api/documents/",
    "/api/claims/",
    "/api/sources/",
    "/api/reviews/",
    "/api/comments/",
    "/api/jobs/",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_query_counts_do_not_grow_with_rows(url, api_for):
    """Two sizes of data, one query count: no query per row on any list."""
    counts = []
    for size in (1, 4):
        team = make_team()
        author = make_member(team, "checker")
        reviewer = make_member(team, "reviewer")
        _fill(team, author, reviewer, size)
        client = api_for(reviewer)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
        assert response.json()["count"] >= size
    assert counts[0] == counts[1], counts


def test_claims_list_query_count_is_fixed(
    api_for, team, checker, reviewer, django_assert_num_queries
):
    """Token lookup, membership, count, claims, sources, reviews, comments, imported
    decisions and the claims' assignments: 9 queries."""
    _fill(team, checker, reviewer, 3)
    client = api_for(reviewer)
    with django_assert_num_queries(9):
        response = client.get("/api/claims/")
    assert response.json()["count"] == 6


def test_teams_query_count_does_not_grow_with_teams(api_for):
    from annotate.services.teams import membership_set

    user_member = make_member(make_team(), "viewer")
    client = api_for(user_member)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/teams/").status_code == 200
        counts.append(len(queries))
        for _ in range(3):
            membership_set(team=make_team(), user=user_member.user, role="checker")
    assert client.get("/api/teams/").json()["count"] == 7
    assert counts[0] == counts[1], counts

"""The export selector: DocumentData from the database, team-scoped, in fixed query counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.http import Http404

from annotate.export import lossless
from annotate.ingest import lossless as lossless_reader
from annotate.models import Claim, Job, JobKind, Review
from annotate.selectors.exports import (
    documents_export_data,
    export_job_for_member,
    export_options,
    team_document_ids,
)
from tests.annotate.exports_support import document_with_claims, seed_demo
from tests.factories import make_document

pytestmark = pytest.mark.django_db
MOMENT = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
# documents, sentences, links, claims, sources, reviews, comments, scale
QUERIES_PER_CALL = 8


def test_seed_documents_come_back_whole_and_in_the_order_asked():
    """Every claim of the demo documents is there, quotes equal the text at their offsets."""
    team, _ = seed_demo()
    ids = list(team.documents.order_by("id").values_list("id", flat=True))
    docs = documents_export_data(team, list(reversed(ids)))
    assert [doc.id for doc in docs] == list(reversed(ids))
    for doc in docs:
        claims = Claim.objects.filter(document_id=doc.id)
        assert len(doc.claims) == claims.count() > 0
        assert doc.team.slug == "demo"
        assert [v.key for v in doc.scale] == list(
            team.verdicts.order_by("position").values_list("key", flat=True)
        )
        assert len(doc.sentences) == team.documents.get(pk=doc.id).sentence_count
        for claim in doc.claims:
            assert doc.text[claim.start : claim.end] == claim.quote
            sentence = next(s for s in doc.sentences if s.index == claim.sentence_index)
            assert sentence.start <= claim.start < sentence.end


def test_children_are_attached_to_their_claims():
    """Sources, review decisions and who did what come from the database rows."""
    team, _ = seed_demo()
    docs = {
        doc.title: doc
        for doc in documents_export_data(team, team.documents.values_list("id", flat=True))
    }
    doc = docs["Learning to Coexist Peacefully With North Korea"]
    approved = next(c for c in doc.claims if c.status == "approved")
    assert approved.verdict == "mostly-true"
    assert approved.author == "checker1"
    assert approved.approved_by == "reviewer"
    assert approved.approved_at is not None
    assert [s.url for s in approved.sources] == [
        "https://www.armscontrol.org/factsheets/dprkchron",
        "https://www.state.gov/north-korea/",
    ]
    assert [r.decision for r in approved.reviews] == ["approved"]
    sent_back = next(c for c in doc.claims if c.status == "changes_requested")
    assert [(r.reviewer, r.decision) for r in sent_back.reviews] == [
        ("reviewer", "changes_requested")
    ]
    assert sent_back.reviews[0].comment.startswith("The envoy's first name")
    bare = next(c for c in doc.claims if c.verdict is None)
    assert (bare.sources, bare.reviews, bare.approved_by) == ((), (), "")


def test_submissions_are_not_exported_as_reviews():
    """Only review decisions go out; the submitted step stays in the app."""
    team, _ = seed_demo()
    assert Review.objects.filter(claim__team=team, decision="submitted").exists()
    for doc in documents_export_data(team, team.documents.values_list("id", flat=True)):
        for claim in doc.claims:
            assert {r.decision for r in claim.reviews} <= {"approved", "changes_requested"}


def test_the_data_passes_the_lossless_readers_checks():
    """The JSON of selector data reads back, so offsets, scale and sentence indexes agree."""
    team, _ = seed_demo()
    options = export_options(team, generated_at=MOMENT)
    for doc in documents_export_data(team, team.documents.values_list("id", flat=True)):
        assert lossless_reader.read(lossless.render(doc, options)) == doc


def test_another_teams_documents_are_left_out(team, other_team):
    """An id of another team is not read: it is simply missing from the result."""
    mine = make_document(team)
    theirs = make_document(other_team)
    assert [doc.id for doc in documents_export_data(team, [theirs.pk, mine.pk])] == [mine.pk]
    assert documents_export_data(team, [theirs.pk]) == []
    assert team_document_ids(team.pk, [mine.pk, theirs.pk, 999999]) == {mine.pk}


@pytest.mark.parametrize("n", [2, 12])
def test_query_count_does_not_grow_with_claims(team, n, django_assert_num_queries):
    """Seven statements whatever the number of claims (and of their sources, reviews, comments)."""
    document = document_with_claims(team, n)
    with django_assert_num_queries(QUERIES_PER_CALL):
        (doc,) = documents_export_data(team, [document.pk])
    assert len(doc.claims) == n
    assert sum(len(c.comments) for c in doc.claims) == n // 2


def test_query_count_does_not_grow_with_documents(team, django_assert_num_queries):
    """Several documents are read with the same seven statements."""
    ids = [document_with_claims(team, 3).pk for _ in range(3)]
    with django_assert_num_queries(QUERIES_PER_CALL):
        docs = documents_export_data(team, ids)
    assert [len(doc.claims) for doc in docs] == [3, 3, 3]


def test_export_options_come_from_settings_and_team(settings, team):
    """Fact-check URLs use the public base URL; the organization is the team."""
    settings.FACTCHECK_PUBLIC_BASE_URL = "https://checks.example.org"
    team.organization_url = "https://planet.example.org/"
    options = export_options(team, generated_at=MOMENT)
    assert options.fact_check_base_url == "https://checks.example.org/claims/"
    assert options.document_base_url == "https://checks.example.org/documents/"
    assert (options.organization_name, options.organization_url) == (
        "Daily Planet",
        "https://planet.example.org/",
    )


def test_export_job_getter_is_team_scoped(team, checker, outsider):
    """Another team's export job, or an import job, is a 404."""
    export = Job.objects.create(team=team, kind=JobKind.EXPORT)
    imported = Job.objects.create(team=team, kind=JobKind.IMPORT)
    assert export_job_for_member(checker, export.pk) == export
    with pytest.raises(Http404):
        export_job_for_member(outsider, export.pk)
    with pytest.raises(Http404):
        export_job_for_member(checker, imported.pk)


# --- Streaming reads (issue 20): a page of claims at a time -------------------------------------


def overlapping_claims(team, checker):
    """A document whose claims share starts and ends, so that the keyset order has ties."""
    from annotate.services.claims import claim_create

    document = make_document(team, "One two three. Four five six. Seven eight nine.")
    spans = [(0, 14), (0, 7), (0, 3), (4, 14), (15, 29), (15, 19), (30, 47), (30, 35)]
    for start, end in spans:
        claim_create(
            membership=checker,
            document=document,
            start=start,
            end=end,
            quote=document.text[start:end],
        )
    return document


@pytest.mark.parametrize("order", [("start", "end", "id"), ("start", "-end", "id")])
@pytest.mark.parametrize("page_size", [1, 3, 1000])
def test_the_stream_gives_every_claim_once_in_order_whatever_the_page(
    team, checker, order, page_size
):
    from annotate.selectors.exports import document_export_stream

    document = overlapping_claims(team, checker)
    [whole] = documents_export_data(team, [document.pk])
    head, claims = document_export_stream(team, document.pk, order=order, page_size=page_size)
    streamed = list(claims)
    sign = -1 if order[1].startswith("-") else 1
    assert streamed == sorted(whole.claims, key=lambda c: (c.start, sign * c.end, c.id))
    assert head.claims == ()
    assert (head.text, head.sentences, head.scale) == (whole.text, whole.sentences, whole.scale)


@pytest.mark.parametrize("n", [2, 7])
def test_the_stream_costs_four_statements_and_four_a_page(
    team, checker, n, django_assert_num_queries
):
    """Document, sentences, links, scale; then claims, sources, reviews, comments per page of
    3 (a last, short page ends the reading)."""
    from annotate.selectors.exports import document_export_stream

    document = document_with_claims(team, n)
    pages = n // 3 + 1
    with django_assert_num_queries(4 + 4 * pages):
        _head, claims = document_export_stream(team, document.pk, page_size=3)
        assert len(list(claims)) == n


def test_the_stream_of_another_teams_document_is_none(team, other_team):
    from annotate.selectors.exports import document_export_stream

    assert document_export_stream(team, make_document(other_team).pk) is None

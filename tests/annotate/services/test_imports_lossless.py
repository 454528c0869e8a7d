"""Importing our JSON export: claims and their threads become new rows of the importer's team."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from annotate.document_data import CommentData, ReviewData
from annotate.export.lossless import render
from annotate.models import Claim, ClaimStatus, Comment, Document, Job, JobStatus, Review, Source
from annotate.selectors.exports import documents_export_data
from annotate.services.imports import import_start
from tests.annotate.export import factories as data
from tests.annotate.ingest import fixtures
from tests.factories import make_document, make_member

pytestmark = pytest.mark.django_db

TEXT = (
    "The council spent €4.2 million on roads in 2023. That is twice the 2019 figure.\n\n"
    "Critics said the money went to the wrong districts. The mayor disagreed on Monday."
)


def export_of(*claims, text: str = TEXT, **fields) -> bytes:
    return render(data.document(text, tuple(claims), **fields), data.OPTIONS)


def two_claims():
    first = data.claim(TEXT, 4, 47, 1, author="carla", approved_by="rosa", verdict="false")
    second = data.claim(
        TEXT,
        TEXT.index("Critics"),
        TEXT.index(" The mayor"),
        2,
        status="draft",
        verdict="mostly-true",
        author="stranger",
        assignee="nobody",
        approved_by="",
        approved_at=None,
        reviews=(),
        comments=(CommentData("carla", "<p>Ok <script>x</script></p>", data.MOMENT),),
    )
    return first, second


def run(membership, payload: bytes, capture) -> Job:
    with capture(execute=True):
        [job] = import_start(membership=membership, uploads=[("export.json", payload)])
    job.refresh_from_db()
    return job


def test_an_export_is_recreated_with_claims_sources_reviews_and_comments(
    team_admin, reviewer, checker, django_capture_on_commit_callbacks
):
    """A team admin's import (a migration) restores people and approvals by username."""
    job = run(team_admin, export_of(*two_claims()), django_capture_on_commit_callbacks)
    assert (job.status, job.error) == (JobStatus.SUCCEEDED, "")
    document = job.document
    # The format the article first came in (the export's), not "json".
    assert (document.text, document.source_format, document.title) == (
        TEXT,
        "txt",
        "Learning to Coexist",
    )
    assert document.team_id == team_admin.team_id
    first, second = document.claims.order_by("start")
    assert first.quote == TEXT[4:47]
    assert first.verdict.key == "false" and first.verdict.team_id == reviewer.team_id
    # Approved in the file, but not here: in review, submitted by the importer; the file's
    # decision is imported history, not a live review.
    assert first.status == ClaimStatus.IN_REVIEW
    assert (first.author, first.approved_by) == (checker.user, None)
    assert first.created_at == data.MOMENT
    assert [s.url for s in first.sources.all()] == ["https://stats.example.org/report"]
    [review] = first.reviews.all()
    assert (review.reviewer, review.decision) == (team_admin.user, "submitted")
    assert review.snapshot["verdict"] == "False"
    [decision] = first.imported_decisions.all()
    assert (decision.reviewer_name, decision.decision, decision.decided_at) == (
        "carla",
        "approved",
        data.MOMENT,
    )
    # "stranger" and the comment author "ben" are not in the team: the importer stands in,
    # and a note on the claim says who they were; the assignee who is not a member is dropped.
    assert second.verdict.key == "mostly-true"
    assert second.author == team_admin.user
    assert second.assignee is None
    bodies = [c.body for c in second.comments.order_by("id")]
    assert bodies[0] == "<p>Ok </p>"  # sanitized
    assert "stranger (author)" in bodies[-1]
    assert sorted(c.author.username for c in first.comments.all()) == ["ada", "ada"]
    assert "ben (comment)" in first.comments.order_by("id").last().body
    assert Claim.history.filter(document_id=document.pk).count() == 2


def test_a_checker_cannot_import_an_approval(checker, reviewer, django_capture_on_commit_callbacks):
    """Approved in the file, but the importer may not approve: the claim is in review here."""
    first, _ = two_claims()
    job = run(checker, export_of(first), django_capture_on_commit_callbacks)
    [claim] = job.document.claims.all()
    assert claim.status == ClaimStatus.IN_REVIEW
    assert (claim.approved_by, claim.approved_at) == (None, None)
    assert claim.imported_decisions.count() == 1  # the history is kept, as history
    assert list(claim.reviews.values_list("reviewer", "decision")) == [
        (checker.user.pk, "submitted")
    ]
    assert "in review here until a reviewer" in claim.comments.order_by("id").last().body


def test_a_reviewer_cannot_import_approvals_or_put_work_in_colleagues_names(
    reviewer, checker, django_capture_on_commit_callbacks
):
    """Only an admin's import keeps people: a reviewer's file naming carla is attributed to them."""
    first, _ = two_claims()
    job = run(reviewer, export_of(first), django_capture_on_commit_callbacks)
    [claim] = job.document.claims.all()
    assert claim.status == ClaimStatus.IN_REVIEW
    assert (claim.author, claim.approved_by, claim.approved_at) == (reviewer.user, None, None)
    assert {review.reviewer for review in claim.reviews.all()} == {reviewer.user}
    note = claim.comments.order_by("id").last().body
    assert "Only a team admin's import keeps the people named in the file" in note
    assert "carla (author)" in note


def test_an_admin_cannot_import_a_self_approval(
    team_admin, checker, django_capture_on_commit_callbacks
):
    """Approved in the file by its own author: it comes in as in review, even for an admin."""
    first, _ = two_claims()
    selfish = replace(first, author="ada", approved_by="ada")
    job = run(team_admin, export_of(selfish), django_capture_on_commit_callbacks)
    [claim] = job.document.claims.all()
    assert claim.status == ClaimStatus.IN_REVIEW
    assert claim.approved_by is None


def test_forged_ids_create_new_rows_and_never_touch_another_team(
    checker, outsider, django_capture_on_commit_callbacks
):
    rival_document = make_document(outsider.team, "Rival text here. Second one.")
    rival_claim = Claim.objects.create(
        team=outsider.team,
        document=rival_document,
        start=0,
        end=5,
        quote="Rival",
        author=outsider.user,
        restatement="Untouched",
    )
    first, _ = two_claims()
    forged = export_of(replace(first, id=rival_claim.pk), id=rival_document.pk)
    job = run(checker, forged, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED
    assert job.document.pk != rival_document.pk
    [claim] = job.document.claims.all()
    assert claim.pk != rival_claim.pk
    rival_claim.refresh_from_db()
    assert (rival_claim.restatement, rival_claim.document_id) == ("Untouched", rival_document.pk)
    assert Claim.objects.filter(team=outsider.team).count() == 1
    assert rival_document.text == Document.objects.get(pk=rival_document.pk).text


def test_a_forged_team_in_the_file_is_ignored(
    checker, outsider, django_capture_on_commit_callbacks
):
    team = data.TeamData(outsider.team.name, outsider.team.slug)
    job = run(checker, export_of(team=team), django_capture_on_commit_callbacks)
    assert job.document.team_id == checker.team_id
    assert Document.objects.filter(team=outsider.team).count() == 0


def counts():
    return tuple(m.objects.count() for m in (Document, Claim, Source, Review, Comment))


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (
            lambda p: p["claims"][0].update(verdict="unproven"),
            "The file uses verdicts this team's scale does not have: “Unproven” (unproven). "
            "Ask a team admin to add them, or import into a team that has them.",
        ),
        (
            lambda p: p["claims"][0].update(quote="forged quote"),
            "The factcheck document is invalid: claims[0].quote does not match the text at 4-47.",
        ),
        (
            lambda p: p["claims"][0].update(end=10_000),
            "The factcheck document is invalid: claims[0] must lie in the text: "
            f"0 <= start < end <= {len(TEXT)}.",
        ),
        (
            lambda p: p["claims"][0]["sources"][0].update(url="javascript:alert(1)"),
            "The factcheck document is invalid: claims[0].sources[0].url must start with "
            "http:// or https://.",
        ),
        (
            lambda p: p["document"].update(text=p["document"]["text"] + "  \n"),
            "The factcheck document is invalid: its text is not in normalized form "
            "(it was changed after the export).",
        ),
        (
            lambda p: p["claims"][0].update(id="1; DROP TABLE"),
            "The factcheck document is invalid: claims[0].id must be an integer.",
        ),
    ],
)
def test_a_bad_export_stores_nothing(
    reviewer, document, django_capture_on_commit_callbacks, mangle, message
):
    first, second = two_claims()
    payload = json.loads(export_of(first, second))
    mangle(payload)
    before = counts()
    job = run(reviewer, json.dumps(payload).encode(), django_capture_on_commit_callbacks)
    assert (job.status, job.error) == (JobStatus.FAILED, message)
    assert counts() == before


def test_importing_the_same_export_twice_links_to_the_first(
    reviewer, django_capture_on_commit_callbacks
):
    payload = export_of(*two_claims())
    first = run(reviewer, payload, django_capture_on_commit_callbacks)
    before = counts()
    again = run(reviewer, payload, django_capture_on_commit_callbacks)
    assert again.duplicate_of == first.document
    assert counts() == before


def test_a_stored_document_round_trips_through_its_export(
    reviewer, checker, other_team, django_capture_on_commit_callbacks
):
    """Export a document of one team with the export selector, import it into another team."""
    selectors_export = pytest.importorskip("annotate.selectors.exports")
    source = run(reviewer, export_of(*two_claims()), django_capture_on_commit_callbacks).document
    [exported] = selectors_export.documents_export_data(reviewer.team, [source.pk])
    importer = make_member(other_team, "admin", "importer")
    job = run(importer, render(exported, data.OPTIONS), django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED, job.error
    copy = job.document
    assert copy.text == source.text
    assert list(copy.sentences.values_list("start", "end", "paragraph")) == list(
        source.sentences.values_list("start", "end", "paragraph")
    )
    pairs = zip(copy.claims.order_by("start"), source.claims.order_by("start"), strict=True)
    for mine, theirs in pairs:
        assert (mine.start, mine.end, mine.status, mine.verdict.key, mine.restatement) == (
            theirs.start,
            theirs.end,
            theirs.status,
            theirs.verdict.key,
            theirs.restatement,
        )
        assert mine.sources.count() == theirs.sources.count()
        assert mine.reviews.count() == theirs.reviews.count()


@pytest.mark.parametrize("n_claims", [2, 40])
def test_query_count_does_not_grow_with_the_claims(reviewer, django_assert_num_queries, n_claims):
    spans = [(i * 3, i * 3 + 2) for i in range(n_claims)]
    text = " ".join(f"Sentence {i} here." for i in range(200))
    claims = [
        data.claim(text, start, end, i, reviews=(ReviewData("rosa", "approved", "", data.MOMENT),))
        for i, (start, end) in enumerate(spans)
    ]
    [job] = import_start(
        membership=reviewer,
        uploads=[("export.json", export_of(*claims, text=text))],
        enqueue=False,
    )
    from annotate.services.imports import import_run

    with django_assert_num_queries(QUERIES):
        job = import_run(job_id=job.pk)
    assert job.document.claims.count() == n_claims


QUERIES = 30  # incl. the imported decisions, the submissions and their round editors, the
# importer's "finished" notification;
# the original file is part of the document INSERT


def test_links_source_format_and_file_name_round_trip(
    checker, other_team, django_capture_on_commit_callbacks
):
    """A Word file exported as JSON and imported elsewhere exports again the same: its links
    (one in a footnote), its format and its file name are kept; only ids and times differ."""
    word = run_file(
        checker, "harbour.docx", fixtures.word_article(), django_capture_on_commit_callbacks
    )
    [first] = documents_export_data(checker.team, [word.document.pk])
    assert len(first.links) == 3 and {link.origin for link in first.links} == {"body", "footnote"}
    importer = make_member(other_team, "checker", "importer")
    job = run(importer, render(first, data.OPTIONS), django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED, job.error
    copy = job.document
    assert (copy.source_format, copy.original_name) == ("docx", "harbour.docx")
    [second] = documents_export_data(other_team, [copy.pk])

    def comparable(doc):
        document = json.loads(render(doc, data.OPTIONS))["document"]
        return {k: v for k, v in document.items() if k not in ("id", "created_at")}

    assert comparable(second) == comparable(first)
    assert comparable(second)["links"] == [
        {"start": k.start, "end": k.end, "url": k.url, "origin": k.origin} for k in first.links
    ]


def run_file(membership, name: str, payload: bytes, capture) -> Job:
    with capture(execute=True):
        [job] = import_start(membership=membership, uploads=[(name, payload)])
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (
            {"start": 0, "end": 4, "url": "javascript:alert(1)", "origin": "body"},
            "The factcheck document is invalid: document.links[0].url must start with "
            "http:// or https://.",
        ),
        (
            {"start": 0, "end": 10_000, "url": "https://example.org/", "origin": "body"},
            "The factcheck document is invalid: document.links[0] must lie in the text: "
            f"0 <= start < end <= {len(TEXT)}.",
        ),
        (
            {"start": 0, "end": 4, "url": "https://example.org/", "origin": "sidebar"},
            "The factcheck document is invalid: document.links[0].origin must be one of "
            "body, footnote, endnote.",
        ),
        (
            {"start": 0, "end": 4, "url": "https://example.org/"},
            'The factcheck document is invalid: document.links[0] is missing the field "origin".',
        ),
    ],
)
def test_a_bad_link_in_the_file_stores_nothing(
    reviewer, django_capture_on_commit_callbacks, link, message
):
    payload = json.loads(export_of(*two_claims()))
    payload["document"]["links"] = [link]
    before = counts()
    job = run(reviewer, json.dumps(payload).encode(), django_capture_on_commit_callbacks)
    assert (job.status, job.error) == (JobStatus.FAILED, message)
    assert counts() == before

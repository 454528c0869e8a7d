"""Search: every kind found in its team only, the index following every write, filters,
paging at a fixed query count, and links to the exact place."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotate.models import Claim, ClaimStatus, Comment, Document
from annotate.selectors.search import PAGE_SIZE, search
from annotate.services.claims import (
    claim_create,
    claim_delete,
    claim_restore,
    claim_update,
    source_add,
)
from annotate.services.comments import comment_add
from tests.factories import make_document, make_member

pytestmark = pytest.mark.django_db


def mark(membership, document, text, **fields) -> Claim:
    start = document.text.index(text)
    return claim_create(
        membership=membership,
        document=document,
        start=start,
        end=start + len(text),
        quote=text,
        **fields,
    )


def found(membership, q, **filters):
    return [(r.kind, r.object_id) for r in search(membership, q=q, **filters).results]


def hit_words(result):
    return [part.text for part in result.snippet if part.hit]


def test_documents_claims_notes_sources_and_comments_are_found(team, checker, reviewer):
    document = make_document(
        team,
        "The mayor opened a bridge. It cost 40 million.\n\nCritics called the tunnel a waste.",
        title="Harbour crossing",
        created_by=checker.user,
    )
    claim = mark(
        checker,
        document,
        "It cost 40 million.",
        restatement="The bridge cost 40m",
        claimant="Mayor Quimby",
        notes="<p>Budget <strong>papers</strong> disagree</p>",
    )
    source = source_add(
        membership=checker,
        claim=claim,
        url="https://example.org/budget",
        title="Council budget ledger",
        publisher="City of Springfield",
    )
    comment = comment_add(membership=reviewer, claim=claim, body="<p>Check the ledger again</p>")

    assert found(checker, "tunnel") == [("document", document.pk)]
    assert found(checker, "Quimby") == [("claim", claim.pk)]
    assert found(checker, "papers") == [("note", claim.pk)]
    assert found(checker, "Springfield") == [("source", source.pk)]
    assert set(found(checker, "ledger")) == {("source", source.pk), ("comment", comment.pk)}


def test_matches_are_marked_and_each_result_links_to_its_place(team, checker, reviewer):
    document = make_document(
        team,
        "Opening line here. Nothing else.\n\nThe unemployment rate fell sharply in March.",
        title="Jobs report",
    )
    claim = mark(checker, document, "Nothing else.", restatement="Nothing else was said")
    comment = comment_add(membership=reviewer, claim=claim, body="Unemployment again?")

    results = {r.kind: r for r in search(checker, q="unemployment").results}
    assert hit_words(results["document"]) == ["unemployment"]
    assert results["document"].url == f"/documents/{document.pk}/#s2"
    assert results["comment"].url == f"/review/claims/{claim.pk}/#comment-{comment.pk}"
    claim_result = search(checker, q="nothing said").results[0]
    assert claim_result.url == f"/documents/{document.pk}/?claim={claim.pk}"


def test_words_are_stemmed_and_accents_folded(team, checker):
    document = make_document(team, "Vaccines were delivered to the café on time.", title="Doses")
    assert found(checker, "vaccine") == [("document", document.pk)]
    assert found(checker, "delivering cafe") == [("document", document.pk)]


def test_markup_in_notes_is_not_searchable_and_tags_end_words(team, checker, document):
    claim = mark(checker, document, "Critics disagree.", notes="<p>first</p><p>second</p>")
    assert found(checker, "strong") == []
    assert found(checker, "p") == []
    assert found(checker, "second") == [("note", claim.pk)]


def test_another_teams_archive_is_never_searched(team, other_team, checker, outsider):
    make_document(other_team, "Secret rival scoop about the harbour.", title="Rival")
    mine = make_document(team, "Our own harbour story.", title="Ours")
    assert found(checker, "harbour") == [("document", mine.pk)]
    assert found(outsider, "Ours") == []


def test_the_index_follows_edits_and_deletes(team, checker, reviewer):
    document = make_document(team, "The dam will open in 2027. Water is scarce.", title="Dam")
    claim = mark(
        checker, document, "The dam will open in 2027.", restatement="Commissioning expected"
    )
    source = source_add(
        membership=checker, claim=claim, url="https://example.org/a", title="Hydro report"
    )
    assert found(checker, "commissioning", kind=("claim",)) == [("claim", claim.pk)]

    claim.refresh_from_db()
    claim = claim_update(
        membership=checker,
        claim=claim,
        version=claim.version,
        restatement="Delayed to 2029",
        notes="<em>reservoir</em> levels",
    )
    assert found(checker, "commissioning", kind=("claim",)) == []
    assert found(checker, "delayed") == [("claim", claim.pk)]
    assert found(checker, "reservoir") == [("note", claim.pk)]

    claim = claim_update(membership=checker, claim=claim, version=claim.version, notes="")
    assert found(checker, "reservoir") == []

    claim_delete(membership=checker, claim=Claim.objects.get(pk=claim.pk))
    assert found(checker, "delayed") == []
    assert found(checker, "hydro") == []
    assert found(checker, "dam") == [("document", document.pk)]
    assert source.pk and not Claim.objects.filter(pk=claim.pk).exists()

    document.delete()
    assert found(checker, "dam") == []


def test_filters_narrow_by_kind_verdict_status_author_document_and_date(team, checker, checker2):
    verdicts = list(team.verdicts.order_by("position"))
    first = make_document(team, "Taxes rose. Taxes fell.", title="Taxes one")
    second = make_document(team, "Taxes doubled.", title="Taxes two")
    rose = mark(checker, first, "Taxes rose.", verdict=verdicts[0])
    fell = mark(checker2, first, "Taxes fell.", verdict=verdicts[-1])
    doubled = mark(checker, second, "Taxes doubled.")
    Claim.objects.filter(pk=doubled.pk).update(status=ClaimStatus.IN_REVIEW)

    claims = ("claim",)
    assert set(found(checker, "taxes", kind=claims)) == {
        ("claim", rose.pk),
        ("claim", fell.pk),
        ("claim", doubled.pk),
    }
    assert found(checker, "taxes", verdict=verdicts[0]) == [("claim", rose.pk)]
    assert found(checker, "taxes", status=ClaimStatus.IN_REVIEW) == [("claim", doubled.pk)]
    assert found(checker, "taxes", author=checker2.user) == [("claim", fell.pk)]
    assert set(found(checker, "taxes", document=second.pk)) == {
        ("document", second.pk),
        ("claim", doubled.pk),
    }
    today = timezone.localdate()
    assert len(found(checker, "taxes", date_from=today, date_to=today)) == 5
    assert found(checker, "taxes", date_to=today - timedelta(days=1)) == []
    assert found(checker, "taxes", date_from=today + timedelta(days=1)) == []


def test_a_query_of_only_exclusions_finds_nothing_and_costs_no_query(team, checker, document):
    with CaptureQueriesContext(connection) as queries:
        page = search(checker, q="-budget")
    assert page.query.is_empty and page.results == [] and len(queries) == 0


def _corpus(team, checker, n: int, offset: int = 0) -> None:
    for i in range(offset, offset + n):
        document = make_document(team, f"Fishing quota number {i}. Boats wait.", title=f"Q{i}")
        claim = mark(checker, document, f"Fishing quota number {i}.", restatement="fishing quota")
        source_add(membership=checker, claim=claim, url=f"https://example.org/{i}", title="Fishing")
        Comment.objects.create(claim=claim, author=checker.user, body="fishing comment")


def _queries_for_a_page(membership, **filters) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        page = search(membership, q="fishing", **filters)
    return len(queries), len(page.results)


def test_a_page_costs_the_same_queries_at_two_sizes_and_pages_through(team, checker):
    """Count, page, snippets, sentences, then one query per kind on the page (at most 8)."""
    _corpus(team, checker, 2)
    small, shown_small = _queries_for_a_page(checker)
    small_claims = _queries_for_a_page(checker, kind=("claim",))
    _corpus(team, checker, 12, offset=2)
    large, shown_large = _queries_for_a_page(checker)
    large_claims = _queries_for_a_page(checker, kind=("claim",))
    assert (shown_small, shown_large) == (8, PAGE_SIZE)
    assert small == 8 and large <= 8
    assert small_claims == (5, 2) and large_claims == (5, 14)

    page_one = search(checker, q="fishing")
    page_three = search(checker, q="fishing", page=3)
    assert page_one.total == 56 and page_one.pages == 3
    assert len(page_three.results) == 16 and page_three.has_previous and not page_three.has_next
    seen = {
        (r.kind, r.object_id)
        for p in range(1, 4)
        for r in search(checker, q="fishing", page=p).results
    }
    assert len(seen) == 56
    assert search(checker, q="fishing", page=99).page == 3


def test_a_new_member_finds_what_the_team_wrote(team, checker, document):
    newcomer = make_member(team)
    claim = mark(checker, document, "Critics disagree.", claimant="Opposition leader")
    assert found(newcomer, "opposition") == [("claim", claim.pk)]


def test_a_claim_in_the_trash_is_not_found_until_restored(team, checker, reviewer, document):
    claim = mark(checker, document, "Critics disagree.", claimant="Shadow cabinet")
    source_add(membership=checker, claim=claim, url="https://example.org/s", title="Cabinet memo")
    claim_delete(membership=checker, claim=Claim.objects.get(pk=claim.pk))
    assert found(checker, "cabinet") == []
    claim_restore(membership=reviewer, claim=Claim.everything.get(pk=claim.pk))
    assert {kind for kind, _ in found(checker, "cabinet")} == {"claim", "source"}


def test_a_document_still_being_imported_is_not_found(team, checker):
    document = make_document(team, "Lighthouse keepers strike.", title="Strike")
    Document.with_importing.filter(pk=document.pk).update(importing_since=timezone.now())
    assert found(checker, "lighthouse") == []
    Document.with_importing.filter(pk=document.pk).update(importing_since=None)
    assert found(checker, "lighthouse") == [("document", document.pk)]

"""Issue 14 on the pages: the panel says why an editor cannot decide, decisions carry the version,
deleting is offered only to who may, and a document's Trash lists and restores its claims."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotate.models import Claim, ClaimStatus, Role
from annotate.rules import EDITED_THIS_ROUND
from annotate.services import claims as claim_services
from tests.annotate.services.reviewkit import make_claim, submitted
from tests.factories import make_document, make_member

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _page(client, claim) -> str:
    return html.unescape(
        client.get(reverse("annotate:review-claim", args=[claim.pk])).content.decode()
    )


def _desk(client, claim) -> str:
    url = reverse("annotate:document-detail", args=[claim.document_id]) + f"?claim={claim.pk}"
    return html.unescape(client.get(url).content.decode())


def test_hole1_the_review_page_and_the_desk_say_the_editor_must_leave_it_to_a_colleague(
    client_for, document, checker, reviewer
):
    claim = submitted(document, checker)
    client = client_for(reviewer)
    assert EDITED_THIS_ROUND not in _page(client, claim)
    assert 'name="approve"' in _page(client, claim)
    claim_services.claim_update(
        membership=reviewer, claim=claim, version=claim.version, restatement="Changed."
    )
    for shown in (_page(client, claim), _desk(client, claim)):
        assert "You edited this claim, so a colleague must review it." in shown
        assert 'name="approve"' not in shown
        assert 'name="request-changes"' not in shown


def test_hole1_posting_an_approval_anyway_is_refused_with_the_sentence(
    client_for, document, checker, reviewer
):
    claim = submitted(document, checker)
    claim = claim_services.claim_update(
        membership=reviewer, claim=claim, version=claim.version, restatement="Changed."
    )
    response = client_for(reviewer).post(
        reverse("annotate:review-approve", args=[claim.pk]), {"version": claim.version}, **HTMX
    )
    assert response.status_code == 403
    assert EDITED_THIS_ROUND in html.unescape(response.content.decode())
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.IN_REVIEW


def test_hole3_every_decision_form_of_the_panel_sends_the_version(
    client_for, document, checker, reviewer
):
    draft = make_claim(document, checker)
    mine = _page(client_for(checker), draft)
    assert mine.count(f'name="version" value="{draft.version}"') >= 1  # submit
    claim = submitted(document, checker, quote="Critics disagree.")
    theirs = _page(client_for(reviewer), claim)
    assert theirs.count(f'<input type="hidden" name="version" value="{claim.version}">') >= 2


def test_hole3_a_page_decision_without_the_version_is_refused(
    client_for, document, checker, reviewer
):
    claim = submitted(document, checker)
    response = client_for(reviewer).post(
        reverse("annotate:review-approve", args=[claim.pk]), {"comment": ""}, **HTMX
    )
    assert response.status_code == 400
    assert "must name the claim's `version` you read" in html.unescape(response.content.decode())
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.IN_REVIEW


def test_hole4_delete_is_offered_only_to_who_may_delete(
    client_for, document, checker, checker2, reviewer
):
    claim = make_claim(document, checker)
    assert "Delete claim" in _desk(client_for(checker), claim)
    assert "Delete claim" not in _desk(client_for(checker2), claim)
    assert "Delete claim" in _desk(client_for(reviewer), claim)


def test_hole4_a_checker_posting_delete_on_a_colleagues_claim_is_refused(
    client_for, document, checker, checker2
):
    claim = make_claim(document, checker)
    response = client_for(checker2).post(
        reverse("annotate:desk-claim-delete", args=[claim.pk]), **HTMX
    )
    assert response.status_code == 403
    assert "Only the claim's author, while it is a draft, or a reviewer can delete it." in (
        html.unescape(response.content.decode())
    )
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_hole4_the_trash_lists_deleted_claims_and_restores_them(
    client_for, document, checker, reviewer
):
    claim = submitted(document, checker)
    client = client_for(reviewer)
    response = client.post(reverse("annotate:desk-claim-delete", args=[claim.pk]))
    assert response.status_code == 302
    assert not Claim.objects.filter(pk=claim.pk).exists()
    trash = html.unescape(
        client.get(reverse("annotate:document-trash", args=[document.pk])).content.decode()
    )
    assert f'data-claim="{claim.pk}"' in trash
    assert "by rosa" in trash and 'name="restore"' in trash
    assert "stay here 30 days" in trash
    # A checker sees it but is not offered a restore of a colleague's claim in review.
    other = client_for(make_member(document.team, Role.CHECKER, "cody"))
    theirs = other.get(reverse("annotate:document-trash", args=[document.pk])).content.decode()
    assert f'data-claim="{claim.pk}"' in theirs and 'name="restore"' not in theirs
    refused = other.post(reverse("annotate:claim-restore", args=[claim.pk]))
    assert refused.status_code == 403
    assert not Claim.objects.filter(pk=claim.pk).exists()
    client = client_for(reviewer)
    restored = client.post(reverse("annotate:claim-restore", args=[claim.pk]))
    assert restored.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.IN_REVIEW
    empty = client.get(reverse("annotate:document-trash", args=[document.pk])).content.decode()
    assert "The Trash is empty." in empty


def test_hole4_another_teams_trash_and_claims_are_a_404(
    client_for, document, checker, reviewer, outsider
):
    claim = make_claim(document, checker)
    claim_services.claim_delete(membership=reviewer, claim=claim)
    client = client_for(outsider)
    assert client.get(reverse("annotate:document-trash", args=[document.pk])).status_code == 404
    assert client.post(reverse("annotate:claim-restore", args=[claim.pk])).status_code == 404
    assert Claim.everything.get(pk=claim.pk).deleted_at is not None
    # A live claim is not "in the Trash" either.
    live = make_claim(document, checker, quote="Critics disagree.")
    own = client_for(reviewer).post(reverse("annotate:claim-restore", args=[live.pk]))
    assert own.status_code == 404


def test_hole4_the_trash_page_runs_a_fixed_number_of_queries(client_for, team, checker, reviewer):
    client = client_for(reviewer)
    counts = []
    for n in (1, 6):
        text = " ".join(f"Line {i} here." for i in range(8)) + f" Copy {n}."
        document = make_document(team, text, title=str(n))
        for i in range(n):
            claim = make_claim(document, checker, quote=f"Line {i} here.", ready=False)
            claim_services.claim_delete(membership=reviewer, claim=claim)
        url = reverse("annotate:document-trash", args=[document.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

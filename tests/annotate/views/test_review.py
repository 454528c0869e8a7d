"""Review pages: the queue, a claim's review page and panel, the badge, and their actions."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotate.models import ClaimStatus, Comment, ReviewDecision
from annotate.selectors import claim_for_member
from annotate.selectors.review import claim_panel
from annotate.services import claims as claim_services
from annotate.services.comments import comment_add
from annotate.services.reviews import STALE_MESSAGE, claim_approve, claim_request_changes
from tests.annotate.services.reviewkit import make_claim, submitted
from tests.factories import make_document, make_member, sentences_text

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# --- The queue ----------------------------------------------------------------------------------


def test_the_queue_lists_colleagues_claims_in_review_oldest_first(
    client_for, document, checker, checker2, reviewer
):
    first = submitted(document, checker)
    second = submitted(document, checker2, quote="Critics disagree.")
    make_claim(document, checker, quote="Officials said so on Monday.")  # a draft: not listed
    own = submitted(document, reviewer, quote="Officials said so on Monday.")
    response = client_for(reviewer).get(reverse("annotate:review-queue"))
    assert response.status_code == 200
    listed = [row["claim"].pk for row in response.context["rows"]]
    assert listed == [first.pk, second.pk]
    assert own.pk not in listed
    assert b"Waiting for your review" in response.content


def test_a_claim_resubmitted_later_goes_behind_older_ones(
    client_for, document, checker, checker2, reviewer
):
    """Oldest first means longest waiting: a resubmission waits from its new submission."""
    early = submitted(document, checker)
    late = submitted(document, checker2, quote="Critics disagree.")
    claim_request_changes(membership=reviewer, claim=early, comment="Fix.", version=early.version)
    early.refresh_from_db()
    from annotate.services.reviews import claim_submit

    claim_submit(membership=checker, claim=early)
    response = client_for(reviewer).get(reverse("annotate:review-queue"))
    assert [row["claim"].pk for row in response.context["rows"]] == [late.pk, early.pk]


def test_the_queue_filters_by_document_verdict_and_author(
    client_for, team, document, checker, checker2, reviewer
):
    other_doc = make_document(team, "Critics disagree. Officials said so.", title="Other")
    a = submitted(document, checker)
    b = submitted(other_doc, checker2, quote="Critics disagree.")
    claim_services.claim_update(
        membership=checker2, claim=b, version=None, verdict=team.verdicts.get(key="false")
    )
    client = client_for(reviewer)
    url = reverse("annotate:review-queue")

    def listed(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [row["claim"].pk for row in response.context["rows"]]

    assert listed(document=document.pk) == [a.pk]
    assert listed(document=other_doc.pk) == [b.pk]
    assert listed(verdict=team.verdicts.get(key="false").pk) == [b.pk]
    assert listed(author=checker.user.pk) == [a.pk]
    assert listed(author=checker2.user.pk, document=document.pk) == []


def test_queue_filters_with_another_teams_ids_are_ignored_with_a_message(
    client_for, other_team, document, checker, reviewer, outsider
):
    """Forged filter ids select nothing of the other team: the filter is dropped, and said so."""
    mine = submitted(document, checker)
    foreign_doc = make_document(other_team, "The U.S. spent $5 billion in 2019. Yes.")
    foreign_author = make_member(other_team, "checker")
    foreign = submitted(foreign_doc, foreign_author)
    response = client_for(reviewer).get(
        reverse("annotate:review-queue"),
        {
            "document": foreign_doc.pk,
            "verdict": other_team.verdicts.first().pk,
            "author": foreign_author.user.pk,
        },
    )
    assert response.status_code == 200
    assert [row["claim"].pk for row in response.context["rows"]] == [mine.pk]
    assert foreign.pk not in [row["claim"].pk for row in response.context["rows"]]
    assert response.context["filter_errors"] == [
        "There is no such document in your queue; that filter was ignored.",
        "There is no such verdict in your queue; that filter was ignored.",
        "There is no such author in your queue; that filter was ignored.",
    ]


def test_a_checkers_queue_explains_and_lists_their_claims_sent_back(
    client_for, document, checker, reviewer
):
    claim = submitted(document, checker)
    claim_request_changes(
        membership=reviewer, claim=claim, comment="Fix the year.", version=claim.version
    )
    response = client_for(checker).get(reverse("annotate:review-queue"))
    assert response.status_code == 200
    assert b"Reviewers and admins review claims; your role is checker." in response.content
    assert [c.pk for c in response.context["sent_back"]] == [claim.pk]
    assert b"Your claims sent back" in response.content


def test_the_queue_shows_what_changed_since_the_last_review(
    client_for, document, checker, reviewer
):
    claim = submitted(document, checker)
    claim_request_changes(membership=reviewer, claim=claim, comment="Fix.", version=claim.version)
    claim.refresh_from_db()
    claim_services.claim_update(
        membership=checker, claim=claim, version=None, restatement="Spending was $5.1bn."
    )
    from annotate.services.reviews import claim_submit

    claim_submit(membership=checker, claim=claim)
    response = client_for(reviewer).get(reverse("annotate:review-queue"))
    assert b"1 field changed" in response.content


def _fill_queue(document, team, n: int, comments: int) -> None:
    authors = [make_member(team, "checker") for _ in range(2)]
    quotes = [f"Sentence 0-{i} says the U.S. spent {i} dollars." for i in range(n)]
    for i, quote in enumerate(quotes):
        claim = submitted(document, authors[i % 2], quote=quote, sources=2)
        for c in range(comments):
            comment_add(membership=authors[0], claim=claim, body=f"Comment {c}")


def test_the_queue_runs_a_fixed_number_of_queries(client_for, team, reviewer):
    """Queries: session, user, memberships; 3 filter choices; count, page + 3 prefetches;
    claims sent back. The same at 2 and 8 claims."""
    small = make_document(team, sentences_text(20, seed=0), title="Small")
    _fill_queue(small, team, 2, comments=1)
    client = client_for(reviewer)
    url = reverse("annotate:review-queue")
    at_two = _queries(client, url)
    big = make_document(team, sentences_text(20, seed=0) + "\n\nMore.", title="Big")
    _fill_queue(big, team, 6, comments=3)
    at_eight = _queries(client, url)
    assert at_two == at_eight == 14  # incl. round editors and imported history


# --- The claim's review page and panel ---------------------------------------------------------


def test_the_review_page_shows_the_claim_in_context_with_sources_and_decisions(
    client_for, document, checker, reviewer
):
    claim = submitted(document, checker)
    response = client_for(reviewer).get(reverse("annotate:review-claim", args=[claim.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>The U.S. spent $5 billion in 2019.</mark>" in html
    assert "Budget table 0" in html
    assert "First review: nothing to compare with." in html
    assert 'name="approve"' in html and 'name="request-changes"' in html


def test_the_author_finds_no_approve_button_on_their_own_claim(client_for, document, reviewer):
    """Even a reviewer sees no decision buttons on a claim they wrote."""
    claim = submitted(document, reviewer)
    html = client_for(reviewer).get(reverse("annotate:review-claim", args=[claim.pk])).content
    assert b'name="approve"' not in html
    assert b'name="request-changes"' not in html
    assert b"nobody reviews their own claim" in html


def test_a_checker_sees_the_gaps_before_submitting(client_for, document, checker):
    claim = make_claim(document, checker, ready=False)
    response = client_for(checker).get(reverse("annotate:review-panel", args=[claim.pk]))
    html = response.content.decode()
    assert "<li>a restatement</li><li>a verdict</li><li>at least one source</li>" in html
    assert 'name="submit-review" disabled' in html


def test_the_diff_since_the_last_review_is_shown_field_by_field(
    client_for, document, checker, reviewer
):
    claim = submitted(document, checker)
    claim_request_changes(
        membership=reviewer, claim=claim, comment="Cite CBO.", version=claim.version
    )
    claim.refresh_from_db()
    claim_services.claim_update(
        membership=checker, claim=claim, version=None, restatement="Spending: $5bn (CBO)."
    )
    claim_services.source_add(
        membership=checker, claim=claim, url="https://cbo.example.gov/", title="CBO"
    )
    response = client_for(reviewer).get(reverse("annotate:review-claim", args=[claim.pk]))
    diff = response.context["diff"]
    assert diff.since.decision == ReviewDecision.CHANGES_REQUESTED
    assert [c["field"] for c in diff.changes] == ["restatement", "sources"]
    assert diff.changes[0]["old"] == "Spending was $5bn in 2019."
    assert diff.changes[1]["added"] == ["CBO <https://cbo.example.gov/> (supports)"]
    assert b'data-diff-field="restatement"' in response.content


def test_history_shows_who_changed_which_field_from_what_to_what(
    client_for, document, checker, reviewer
):
    claim = make_claim(document, checker)
    client = client_for(checker)
    response = client.post(
        reverse("annotate:review-edit", args=[claim.pk]),
        {"version": claim.version, "restatement": "Spending hit $5bn."},
    )
    assert response.status_code == 302
    html = client.get(reverse("annotate:review-panel", args=[claim.pk])).content.decode()
    assert '<th scope="row">Restatement</th><td class="old">Spending was $5bn in 2019.</td>' in html
    history = _panel(claim, checker)["history"]
    edit = history[0]
    assert (edit.who, edit.action, edit.subject) == (checker.user, "changed", "claim")
    assert edit.changes == [
        {"label": "Restatement", "old": "Spending was $5bn in 2019.", "new": "Spending hit $5bn."}
    ]
    subjects = [(e.action, e.subject) for e in history]
    assert ("created", "source “Budget table 0”") in subjects
    assert ("created", "claim") in subjects


def test_the_thread_shows_comments_and_decisions_in_order(client_for, document, checker, reviewer):
    claim = submitted(document, checker)
    comment_add(membership=reviewer, claim=claim, body="<p>Is <em>2019</em> right?</p>")
    claim_request_changes(
        membership=reviewer, claim=claim, comment="Check the year.", version=claim.version
    )
    response = client_for(checker).get(reverse("annotate:review-panel", args=[claim.pk]))
    events = _panel(claim, checker)["events"]
    assert [(e.kind, e.who.username) for e in events] == [
        ("review", "carla"),
        ("comment", "rosa"),
        ("review", "rosa"),
    ]
    assert b"<p>Is <em>2019</em> right?</p>" in response.content
    assert b"Check the year." in response.content


def _panel(claim, membership) -> dict:
    return claim_panel(claim_for_member(membership, claim.pk), membership)


def _busy_claim(document, checker, reviewer, n: int):
    claim = submitted(document, checker, sources=n)
    for i in range(n):
        comment_add(membership=reviewer, claim=claim, body=f"Comment {i}")
        claim.refresh_from_db()
        claim_services.claim_update(
            membership=checker, claim=claim, version=None, restatement=f"Version {i}"
        )
    return claim


def test_the_panel_runs_a_fixed_number_of_queries(client_for, team, document, checker, reviewer):
    """Queries: session, user, memberships; the claim + 3 prefetches; claim history, source
    history, verdict labels. The same with 2 or 9 comments, sources and edits."""
    client = client_for(reviewer)
    small = _busy_claim(document, checker, reviewer, 2)
    other = make_document(team, "The U.S. spent $5 billion in 2019. Again.", title="Two")
    big = _busy_claim(other, checker, reviewer, 9)
    counts = [_queries(client, reverse("annotate:review-panel", args=[c.pk])) for c in (small, big)]
    assert counts == [12, 12]


def test_the_review_page_runs_a_fixed_number_of_queries(
    client_for, team, document, checker, reviewer
):
    """The panel's queries plus the sentence context, the verdict list and (for the claim
    editor, the desk's) the team's members as assignee choices."""
    client = client_for(reviewer)
    small = _busy_claim(document, checker, reviewer, 2)
    other = make_document(team, "The U.S. spent $5 billion in 2019. Again.", title="Two")
    big = _busy_claim(other, checker, reviewer, 9)
    counts = [_queries(client, reverse("annotate:review-claim", args=[c.pk])) for c in (small, big)]
    assert counts == [15, 15]


# --- Actions ------------------------------------------------------------------------------------


def test_submit_then_request_changes_then_approve_through_the_pages(
    client_for, client, document, checker, reviewer
):
    claim = make_claim(document, checker)
    client_for(checker)
    response = client.post(reverse("annotate:review-submit", args=[claim.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("annotate:review-claim", args=[claim.pk])
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW

    client_for(reviewer)
    response = client.post(
        reverse("annotate:review-request-changes", args=[claim.pk]),
        {"comment": "Source is paywalled.", "version": claim.version},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHANGES_REQUESTED

    client_for(checker)
    client.post(reverse("annotate:review-submit", args=[claim.pk]))
    client_for(reviewer)
    claim.refresh_from_db()
    client.post(reverse("annotate:review-approve", args=[claim.pk]), {"version": claim.version})
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == (ClaimStatus.APPROVED, reviewer.user)


def test_an_htmx_action_answers_with_the_panel_and_an_event(
    client_for, document, checker, reviewer
):
    claim = submitted(document, checker)
    response = client_for(reviewer).post(
        reverse("annotate:review-approve", args=[claim.pk]), {"version": claim.version}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="review-panel"')
    assert 'data-status="approved"' in html
    event = json.loads(response["HX-Trigger"])["review-changed"]
    assert event == {"claim": claim.pk, "version": claim.version + 1, "status": "approved"}


def test_approving_ones_own_claim_through_the_page_is_403(client_for, document, reviewer):
    claim = submitted(document, reviewer)
    response = client_for(reviewer).post(
        reverse("annotate:review-approve", args=[claim.pk]), {"version": claim.version}
    )
    assert response.status_code == 403
    assert response.context["error"] == "You cannot review your own claim; ask a colleague."
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW


def test_a_checker_approving_gets_403_in_the_panel(client_for, document, checker, checker2):
    claim = submitted(document, checker)
    response = client_for(checker2).post(
        reverse("annotate:review-approve", args=[claim.pk]), {"version": claim.version}, **HTMX
    )
    assert response.status_code == 403
    assert b"Only the team&#x27;s reviewers and admins decide on claims." in response.content


def test_requesting_changes_without_a_comment_is_400(client_for, document, checker, reviewer):
    claim = submitted(document, checker)
    response = client_for(reviewer).post(
        reverse("annotate:review-request-changes", args=[claim.pk]),
        {"comment": " ", "version": claim.version},
    )
    assert response.status_code == 400
    assert response.context["error"] == "Say what needs to change: a comment is required."
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW


def test_a_decision_on_a_stale_page_is_409(client_for, document, checker, reviewer):
    claim = submitted(document, checker)
    seen = claim.version
    claim_services.claim_update(membership=checker, claim=claim, version=seen, restatement="New.")
    response = client_for(reviewer).post(
        reverse("annotate:review-approve", args=[claim.pk]), {"version": seen}
    )
    assert response.status_code == 409
    assert response.context["error"] == STALE_MESSAGE
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW


def test_a_stale_edit_is_409_and_does_not_overwrite(client_for, document, checker, checker2):
    claim = make_claim(document, checker)
    opened = claim.version
    claim_services.claim_update(
        membership=checker, claim=claim, version=opened, restatement="Carla's edit."
    )
    response = client_for(checker2).post(
        reverse("annotate:review-edit", args=[claim.pk]),
        {"version": opened, "restatement": "Chidi's edit."},
    )
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.restatement == "Carla's edit."


def test_an_edit_without_a_version_is_refused(client_for, document, checker):
    claim = make_claim(document, checker)
    response = client_for(checker).post(
        reverse("annotate:review-edit", args=[claim.pk]), {"restatement": "X"}
    )
    assert response.status_code == 400
    assert response.context["error"] == "The form lacks the claim's version; reload the page."
    claim.refresh_from_db()
    assert claim.restatement == "Spending was $5bn in 2019."


def test_an_edit_with_another_teams_verdict_is_refused(client_for, other_team, document, checker):
    claim = make_claim(document, checker)
    response = client_for(checker).post(
        reverse("annotate:review-edit", args=[claim.pk]),
        {"version": claim.version, "verdict": other_team.verdicts.first().pk},
    )
    assert response.status_code == 400
    assert response.context["error"] == "Choose a verdict from the team's scale."
    claim.refresh_from_db()
    assert claim.verdict.key == "true"


def test_editing_an_approved_claim_on_the_page_sends_it_back(
    client_for, document, checker, reviewer
):
    claim = submitted(document, checker)
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    claim.refresh_from_db()
    client_for(checker).post(
        reverse("annotate:review-edit", args=[claim.pk]),
        {"version": claim.version, "restatement": "Changed after approval."},
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW


def test_a_comment_is_posted_sanitized(client_for, document, checker, reviewer):
    claim = make_claim(document, checker)
    response = client_for(reviewer).post(
        reverse("annotate:review-comment", args=[claim.pk]),
        {"body": "<b>Good</b><img src=x onerror=alert(1)>"},
        **HTMX,
    )
    assert response.status_code == 200
    assert Comment.objects.get().body == "<b>Good</b>"
    assert b"<b>Good</b>" in response.content and b"onerror" not in response.content


def test_a_viewer_cannot_comment_and_sees_no_form(client_for, document, checker, viewer):
    claim = make_claim(document, checker)
    client = client_for(viewer)
    page = client.get(reverse("annotate:review-claim", args=[claim.pk]))
    assert b'name="body"' not in page.content
    response = client.post(reverse("annotate:review-comment", args=[claim.pk]), {"body": "Hi"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_source_is_added_from_the_page(client_for, document, checker):
    claim = make_claim(document, checker, ready=False)
    response = client_for(checker).post(
        reverse("annotate:review-source-add", args=[claim.pk]),
        {"url": "https://example.org/report", "title": "Report", "stance": "refutes"},
    )
    assert response.status_code == 302
    assert list(claim.sources.values_list("url", "stance")) == [
        ("https://example.org/report", "refutes")
    ]


def test_a_bad_source_link_is_refused_with_a_message(client_for, document, checker):
    claim = make_claim(document, checker, ready=False)
    response = client_for(checker).post(
        reverse("annotate:review-source-add", args=[claim.pk]), {"url": "javascript:alert(1)"}
    )
    assert response.status_code == 400
    assert response.context["error"] == "Links must start with http:// or https://."
    assert not claim.sources.exists()


# --- The page's claim editor: the desk's fields, sources editable -------------------------------


def test_the_page_edits_sources_and_a_stale_form_changes_nothing(
    client_for, document, checker, checker2
):
    claim = make_claim(document, checker)
    source = claim.sources.get()
    client = client_for(checker)
    page = client.get(reverse("annotate:review-claim", args=[claim.pk])).content.decode()
    assert 'class="rich-source"' in page and 'name="assignee"' in page
    assert reverse("annotate:review-source-update", args=[source.pk]) in page
    update = reverse("annotate:review-source-update", args=[source.pk])
    data = {"url": source.url, "title": "Renamed", "stance": "refutes", "version": claim.version}
    response = client.post(update, data)
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.title, source.stance) == ("Renamed", "refutes")

    # A colleague saved meanwhile: the old form is a 409 and nothing changes.
    claim.refresh_from_db()
    stale = claim.version
    claim_services.claim_update(
        membership=checker2, claim=claim, version=claim.version, claimant="Colleague"
    )
    response = client.post(update, {**data, "title": "Mine", "version": stale})
    assert response.status_code == 409
    assert "Someone else saved this claim" in response.context["error"]
    source.refresh_from_db()
    assert source.title == "Renamed"
    remove = reverse("annotate:review-source-remove", args=[source.pk])
    assert client.post(remove, {"version": stale}).status_code == 409
    assert claim.sources.count() == 1
    claim.refresh_from_db()
    assert client.post(remove, {"version": claim.version}).status_code == 302
    assert not claim.sources.exists()


@pytest.mark.parametrize("name", ["annotate:review-source-update", "annotate:review-source-remove"])
def test_another_teams_source_is_404_on_the_page(client_for, document, checker, outsider, name):
    claim = make_claim(document, checker)
    source = claim.sources.get()
    response = client_for(outsider).post(
        reverse(name, args=[source.pk]), {"url": "https://forged.example/", "version": "9"}
    )
    assert response.status_code == 404
    source.refresh_from_db()
    assert source.url == "https://stats.example.org/0" and claim.sources.count() == 1


def test_a_viewer_cannot_edit_a_source_on_the_page(client_for, document, checker, viewer):
    claim = make_claim(document, checker)
    source = claim.sources.get()
    client = client_for(viewer)
    page = client.get(reverse("annotate:review-claim", args=[claim.pk])).content.decode()
    assert "Edit this claim" not in page
    response = client.post(
        reverse("annotate:review-source-update", args=[source.pk]),
        {"url": "https://viewer.example/", "version": claim.version},
    )
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.url == "https://stats.example.org/0"


# --- Another team's ids: 404 everywhere --------------------------------------------------------

ENDPOINTS = [
    ("get", "annotate:review-claim", {}),
    ("get", "annotate:review-panel", {}),
    ("post", "annotate:review-submit", {}),
    ("post", "annotate:review-approve", {}),
    ("post", "annotate:review-request-changes", {"comment": "No."}),
    ("post", "annotate:review-comment", {"body": "Hello"}),
    ("post", "annotate:review-edit", {"restatement": "Forged", "version": "1"}),
    ("post", "annotate:review-source-add", {"url": "https://forged.example/"}),
]


@pytest.mark.parametrize(("method", "name", "data"), ENDPOINTS)
@pytest.mark.parametrize("htmx", [False, True])
def test_another_teams_claim_is_404_on_every_endpoint(
    client_for, document, checker, outsider, method, name, data, htmx
):
    """The outsider (an admin elsewhere) forges our claim's id: 404, and nothing changes."""
    claim = submitted(document, checker)
    before = (claim.status, claim.version, claim.restatement, claim.sources.count())
    client = client_for(outsider)
    extra = HTMX if htmx else {}
    response = getattr(client, method)(reverse(name, args=[claim.pk]), data, **extra)
    assert response.status_code == 404
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.restatement, claim.sources.count()) == before
    assert not Comment.objects.exists()


@pytest.mark.parametrize(("method", "name", "data"), ENDPOINTS)
def test_an_unknown_claim_id_is_404(client_for, reviewer, method, name, data):
    response = getattr(client_for(reviewer), method)(reverse(name, args=[999_999]), data)
    assert response.status_code == 404


# --- The badge ----------------------------------------------------------------------------------


def test_the_badge_counts_claims_awaiting_me_and_mine_sent_back(
    client_for, document, checker, checker2, reviewer
):
    submitted(document, checker)
    sent_back = submitted(document, reviewer, quote="Critics disagree.")
    claim_request_changes(
        membership=make_member(document.team, "reviewer"),
        claim=sent_back,
        comment="Fix.",
        version=sent_back.version,
    )
    response = client_for(reviewer).get(reverse("annotate:review-badge"))
    assert response.context["counts"].awaiting == 1
    assert response.context["counts"].sent_back == 1
    assert b'data-awaiting title="1 claim awaits your review">1</span>' in response.content
    assert b"1 sent back" in response.content


def test_a_checker_is_never_counted_as_awaiting_review(client_for, document, checker, checker2):
    submitted(document, checker2)
    response = client_for(checker).get(reverse("annotate:review-badge"))
    assert response.context["counts"].awaiting == 0
    assert b"data-awaiting" not in response.content


def test_the_badge_runs_a_fixed_number_of_queries(client_for, team, reviewer):
    """Session, user, memberships, and one aggregate: the same at 2 and 8 claims."""
    client = client_for(reviewer)
    _fill_queue(make_document(team, sentences_text(10), title="A"), team, 2, comments=0)
    at_two = _queries(client, reverse("annotate:review-badge"))
    _fill_queue(make_document(team, sentences_text(10, seed=0) + " End.", title="B"), team, 6, 0)
    at_eight = _queries(client, reverse("annotate:review-badge"))
    assert at_two == at_eight == 4


def test_every_page_links_to_the_review_queue_and_loads_the_badge(client_for, reviewer):
    html = client_for(reviewer).get(reverse("annotate:document-list")).content.decode()
    assert f'href="{reverse("annotate:review-queue")}"' in html
    assert f'hx-get="{reverse("annotate:review-badge")}"' in html

"""My work: the sections a checker and a reviewer see, rows that open the desk, the badge, where
a login lands; query counts independent of the number of claims."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from annotate.services.claims import claim_update
from annotate.services.reviews import claim_request_changes
from tests.annotate.services.reviewkit import make_claim, submitted
from tests.factories import PASSWORD, make_document, sentences_text

ME = reverse("annotate:me")
pytestmark = pytest.mark.django_db


def _assign(claim, by, to, due=None):
    return claim_update(
        membership=by, claim=claim, version=claim.version, assignee=to.user, due_at=due
    )


def test_a_checker_sees_each_section(client_for, document, checker, checker2, reviewer):
    draft = make_claim(document, checker, quote="Critics disagree.", ready=False)
    sent = submitted(document, checker)
    claim_request_changes(
        membership=reviewer, claim=sent, comment="Which table? Cite it.", version=sent.version
    )
    theirs = make_claim(document, checker2, quote="Officials said so on Monday.", ready=False)
    _assign(theirs, checker2, checker, due=timezone.now() - timedelta(hours=1))
    body = client_for(checker).get(ME).content.decode()
    sections = {
        name: body.split(f'data-section="{name}"')[1].split("</section>")[0]
        for name in ("assigned", "sent_back", "drafts", "in_review")
    }
    assert "Officials said so on Monday." in sections["assigned"]
    assert "overdue since" in sections["assigned"]
    assert "The U.S. spent" in sections["sent_back"]
    assert (
        "Which table? Cite it." in sections["sent_back"]
        and "<strong>rosa</strong>" in sections["sent_back"]
    )
    assert "Critics disagree." in sections["drafts"] and "The U.S." not in sections["drafts"]
    assert "None of your claims waits" in sections["in_review"]
    assert 'data-section="awaiting"' not in body  # checkers review nothing
    link = reverse("annotate:document-detail", args=[document.pk]) + f"?claim={draft.pk}"
    assert f'href="{link}"' in body
    assert '<strong data-count="assigned">1</strong>' in body


def test_a_reviewer_sees_what_waits_for_them(client_for, document, checker, reviewer):
    submitted(document, checker)
    body = client_for(reviewer).get(ME).content.decode()
    waiting = body.split('data-section="awaiting"')[1].split("</section>")[0]
    assert "The U.S. spent" in waiting and "by carla" in waiting
    assert "The U.S. spent" not in body.split('data-section="in_review"')[1]


def test_the_badge_counts_what_needs_me(client_for, document, checker, checker2, reviewer):
    url = reverse("annotate:me-badge")
    assert client_for(checker).get(url).content.decode().strip() == ""
    claim = make_claim(document, checker2, ready=False)
    _assign(claim, checker2, checker)
    sent = submitted(document, checker, quote="Critics disagree.")
    claim_request_changes(membership=reviewer, claim=sent, comment="No.", version=sent.version)
    assert ">2</span>" in client_for(checker).get(url).content.decode()


@pytest.mark.parametrize(
    ("role_fixture", "landing"),
    [("checker", "/me/"), ("reviewer", "/me/"), ("team_admin", "/"), ("viewer", "/")],
)
def test_a_login_lands_checkers_on_my_work(client, request, role_fixture, landing):
    member = request.getfixturevalue(role_fixture)
    response = client.post(
        "/accounts/login/", {"username": member.user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == landing


def test_another_teams_claims_never_show(client_for, checker, outsider, other_team):
    rival = make_document(other_team, "The U.S. spent $5 billion in 2019.")
    claim = make_claim(rival, outsider, ready=False)
    body = client_for(checker).get(ME).content.decode()
    assert f"claim={claim.pk}" not in body


@pytest.mark.parametrize("n", [2, 25])
def test_my_work_query_count_does_not_grow(
    client_for, team, checker, checker2, reviewer, django_assert_num_queries, n
):
    document = make_document(team, sentences_text(n * 4))
    for i in range(n):
        quote = document.text[document.text.index(f"Sentence 0-{i} ") :].split(".")[0] + "."
        mine = make_claim(document, checker, quote=quote, ready=False)
        _assign(mine, checker, checker2)
    client = client_for(checker2)
    # session, user, memberships; counts, documents, assigned, drafts, sent back, in review
    with django_assert_num_queries(9):
        response = client.get(ME)
    assert response.content.decode().count('class="work-row') == n

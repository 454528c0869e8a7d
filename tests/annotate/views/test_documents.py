"""The document list and the plain document page: team-scoped, with counts, in few queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.models import Membership
from annotate.services.claims import claim_create
from tests.factories import make_document, sentences_text

LIST_URL = reverse("annotate:document-list")


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_page_logs_a_user_in(client, checker):
    response = client.post(
        "/accounts/login/", {"username": "carla", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert client.get(LIST_URL).status_code == 200


@pytest.mark.django_db
def test_a_user_without_a_team_is_told_so(client):
    from tests.factories import make_user

    client.force_login(make_user("lonely"))
    response = client.get(LIST_URL)
    assert response.status_code == 403
    assert b"You are not in a team yet" in response.content


@pytest.mark.django_db
def test_list_shows_the_teams_documents_with_counts(client_for, checker, document, other_team):
    make_document(other_team, "Secret rival copy.", title="Rival scoop")
    claim_create(membership=checker, document=document, start=0, end=8, quote=document.text[:8])
    response = client_for(checker).get(LIST_URL)
    body = response.content.decode()
    assert "Budget story" in body
    assert "Rival scoop" not in body
    assert '<td class="num" data-sentences>3</td>' in body
    assert '<td class="num" data-claims>1</td>' in body


@pytest.mark.django_db
@pytest.mark.parametrize("n_documents", [2, 30])
def test_list_query_count_does_not_grow(
    client_for, checker, django_assert_num_queries, n_documents
):
    for i in range(n_documents):
        make_document(checker.team, f"Document number {i} text.", title=f"Doc {i}")
    client = client_for(checker)
    # session, user, memberships, members (filter and assignee choices), count, page of
    # documents with their claim counts by status, assignment and last activity
    with django_assert_num_queries(6):
        client.get(LIST_URL)


@pytest.mark.django_db
def test_document_page_shows_its_sentences(client_for, checker, document):
    response = client_for(checker).get(reverse("annotate:document-detail", args=[document.pk]))
    body = response.content.decode()
    assert (
        'data-index="0" data-start="0" data-end="34">The U.S. spent $5 billion in 2019.</span>'
        in body
    )
    assert "Officials said so on Monday." in body


@pytest.mark.django_db
@pytest.mark.parametrize("n_sentences", [5, 500])
def test_document_page_query_count_does_not_grow(
    client_for, checker, django_assert_num_queries, n_sentences
):
    document = make_document(checker.team, sentences_text(n_sentences))
    client = client_for(checker)
    # session, user, memberships, document, claims, sentences, verdicts (the page is the desk),
    # the article's links, the document's assignment and the members to assign it to
    with django_assert_num_queries(10):
        response = client.get(reverse("annotate:document-detail", args=[document.pk]))
    assert response.content.decode().count('class="sentence"') == n_sentences


@pytest.mark.django_db
def test_another_teams_document_is_a_404(client_for, checker, other_team):
    foreign = make_document(other_team, "Rival text.")
    response = client_for(checker).get(reverse("annotate:document-detail", args=[foreign.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_switching_team_changes_what_the_list_shows(client_for, checker, other_team):
    make_document(other_team, "Rival text.", title="Rival doc")
    Membership.objects.create(user=checker.user, team=other_team, role="viewer")
    client = client_for(checker)
    assert "Rival doc" not in client.get(LIST_URL).content.decode()
    client.post(reverse("annotate:team-switch"), {"team": other_team.pk})
    assert "Rival doc" in client.get(LIST_URL).content.decode()


@pytest.mark.django_db
def test_switching_to_a_team_one_is_not_in_is_refused(client_for, checker, other_team):
    client = client_for(checker)
    response = client.post(reverse("annotate:team-switch"), {"team": other_team.pk})
    assert response.status_code == 400
    assert client.session.get("current_team_id") is None


@pytest.mark.django_db
def test_claim_permalink_opens_the_claim_on_its_desk(client_for, checker, document):
    claim = claim_create(membership=checker, document=document, start=0, end=8, quote="The U.S.")
    response = client_for(checker).get(f"/claims/{claim.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{document.pk}/?claim={claim.pk}"


@pytest.mark.django_db
def test_claim_permalink_of_another_team_is_a_404(client_for, checker, outsider, other_team):
    foreign = make_document(other_team, "Rival text here.")
    claim = claim_create(membership=outsider, document=foreign, start=0, end=5, quote="Rival")
    assert client_for(checker).get(f"/claims/{claim.pk}/").status_code == 404

"""The API token settings page: post/redirect/get, the key shown once, a fixed query count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.api.tokens import token_create
from annotate.models import ApiToken
from annotate.models.token import hash_key
from annotate.services.teams import membership_set
from tests.factories import make_team

pytestmark = pytest.mark.django_db

URL = reverse("annotate:api-tokens")


@pytest.mark.parametrize("n_teams", [1, 6])
@pytest.mark.parametrize("has_token", [False, True])
def test_token_page_query_count_does_not_grow(
    client_for, checker, django_assert_num_queries, n_teams, has_token
):
    """With or without a token, in one team or several: the same statements."""
    for _ in range(n_teams - 1):
        membership_set(team=make_team(), user=checker.user, role="viewer")
    if has_token:
        token_create(user=checker.user)
    client = client_for(checker)
    # session, user, memberships (middleware), the token
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert ("You have no API token." in body) is not has_token


NEW = reverse("annotate:api-token-new")


def test_making_a_token_redirects_and_a_reload_shows_no_key_and_replaces_nothing(
    client_for, checker
):
    client = client_for(checker)
    response = client.post(NEW, {"expires_in_days": "30"})
    assert response.status_code == 302 and response["Location"] == URL
    shown = client.get(URL)
    key = shown.context["new_key"]
    assert key and key in shown.content.decode()
    assert "shown only this once" in shown.content.decode()
    token = ApiToken.objects.get(user=checker.user)
    assert token.key_hash == hash_key(key)
    reloaded = client.get(URL)
    assert reloaded.context["new_key"] is None
    assert key not in reloaded.content.decode()
    assert f"…{key[-4:]}" in reloaded.content.decode()
    assert ApiToken.objects.get(user=checker.user).key_hash == token.key_hash


def test_a_second_create_without_replace_keeps_the_key_just_copied(client_for, checker):
    client = client_for(checker)
    client.post(NEW, {"expires_in_days": "30"})
    before = ApiToken.objects.get(user=checker.user)
    response = client.post(NEW, {"expires_in_days": "30"})  # the create form, posted again
    assert response.status_code == 409
    assert "You already have a token" in response.content.decode()
    after = ApiToken.objects.get(user=checker.user)
    assert (after.pk, after.key_hash) == (before.pk, before.key_hash)


def test_an_unknown_expiry_is_refused_and_makes_no_token(client_for, checker):
    client = client_for(checker)
    response = client.post(NEW, {"expires_in_days": "9999"})
    assert response.status_code == 400
    assert "Choose when the token expires from the list." in response.content.decode()
    assert not ApiToken.objects.filter(user=checker.user).exists()


def test_the_page_shows_expiry_and_last_use(client_for, checker):
    issued = token_create(user=checker.user, expires_in_days=90)
    client = client_for(checker)
    body = client.get(URL).content.decode()
    assert "Last used</dt><dd>never" in body
    assert issued.token.expires_at.strftime("%-d %b %Y") in body

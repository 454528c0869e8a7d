"""The API token settings page costs a fixed number of queries, however many teams the user has."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.api.tokens import token_create
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

"""The search page and the top bar's box."""

from __future__ import annotations

import pytest
from django.db import connection

from annotate.models import Claim
from tests.annotate.api.conftest import make_claim

pytestmark = pytest.mark.django_db


def test_every_page_has_the_search_box(client_for, checker):
    page = client_for(checker).get("/").content.decode()
    assert 'role="search"' in page and 'name="q"' in page and 'aria-keyshortcuts="/"' in page


def test_results_mark_the_matched_words_and_escape_the_text(client_for, team, checker):
    from tests.factories import make_document

    document = make_document(team, "A <script>alert(1)</script> budget line.", title="Odd")
    response = client_for(checker).get("/search/", {"q": "budget"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>budget</mark>" in html
    assert "<script>alert(1)</script>" not in html
    if connection.vendor == "sqlite":
        # FTS5 keeps the text around the hit, escaped; PostgreSQL's parser reads the markup as
        # tag tokens and ts_headline leaves them out of the snippet altogether.
        assert "&lt;script&gt;" in html
    assert f'href="/documents/{document.pk}/#s0"' in html
    assert "1–1 of 1 result" in html


def test_a_claim_result_opens_the_desk_with_the_claim(client_for, checker, document):
    claim = make_claim(checker, document, restatement="Five billion dollars")
    html = client_for(checker).get("/search/", {"q": "billion dollars"}).content.decode()
    assert f'href="/documents/{document.pk}/?claim={claim.pk}"' in html


def test_nothing_found_says_so(client_for, checker, document):
    html = client_for(checker).get("/search/", {"q": "zeppelin"}).content.decode()
    assert "Nothing found for <strong>zeppelin</strong>" in html


def test_only_exclusions_asks_for_a_word(client_for, checker, document):
    html = client_for(checker).get("/search/", {"q": "-budget"}).content.decode()
    assert "Add a word to look for" in html


def test_a_bad_filter_shows_its_message_and_changes_nothing(client_for, checker, document):
    before = list(Claim.objects.values_list("pk", "version"))
    response = client_for(checker).get("/search/", {"q": "spent", "date_from": "soon"})
    assert response.status_code == 200
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()
    assert list(Claim.objects.values_list("pk", "version")) == before


def test_paging_links_keep_the_filters(client_for, team, checker):
    from tests.factories import make_document

    for i in range(25):
        make_document(team, f"Harbour item {i}.", title=f"H{i}")
    html = (
        client_for(checker).get("/search/", {"q": "harbour", "kind": "document"}).content.decode()
    )
    assert "Page 1 of 2" in html
    assert 'href="?q=harbour&amp;kind=document&amp;page=2"' in html


def test_search_needs_a_login(client):
    response = client.get("/search/", {"q": "x"})
    assert response.status_code == 302 and "/login" in response["Location"]

"""manage.py search_reindex rebuilds the index from the tables."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from annotate.selectors.search import search
from tests.annotate.api.conftest import make_claim

pytestmark = pytest.mark.django_db


def test_reindex_rebuilds_a_lost_index(checker, document):
    claim = make_claim(checker, document, notes="<p>ledger</p>")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM annotate_search")
    assert search(checker, q="ledger").total == 0
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    assert out.getvalue().strip() == (
        "Search index rebuilt: 3 entries (1 document, 1 claim, 1 note, 0 sources, 0 comments)."
    )
    assert [r.object_id for r in search(checker, q="ledger").results] == [claim.pk]

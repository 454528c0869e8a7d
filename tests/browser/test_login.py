"""A user logs in through the real form in Chromium and sees the team's documents (admins and
viewers land there; checkers land on My work: tests/browser/test_newsroom.py)."""

from __future__ import annotations

import pytest

from tests.factories import make_document


@pytest.mark.django_db(transaction=True)
def test_log_in_and_see_the_document_list(page, login, live_server, team_admin, output_dir):
    make_document(team_admin.team, "A sentence. Another one.", title="Browser story")
    login(page, team_admin)
    assert page.locator("table.documents").inner_text().count("Browser story") == 1
    assert page.locator("td[data-sentences]").first.inner_text() == "2"
    page.screenshot(path=str(output_dir / "document-list.png"))

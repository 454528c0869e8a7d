"""A user logs in through the real form in Chromium and sees the team's documents."""

from __future__ import annotations

import pytest

from tests.factories import make_document


@pytest.mark.django_db(transaction=True)
def test_log_in_and_see_the_document_list(page, login, live_server, checker, output_dir):
    make_document(checker.team, "A sentence. Another one.", title="Browser story")
    login(page, checker)
    assert page.locator("table.documents").inner_text().count("Browser story") == 1
    assert page.locator("td[data-sentences]").first.inner_text() == "2"
    page.screenshot(path=str(output_dir / "document-list.png"))

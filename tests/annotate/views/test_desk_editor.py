"""The claim editor: saving fields, inline errors, optimistic locking, sources, deleting."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from annotate.models import Claim, Source, Verdict
from annotate.services.claims import claim_create, claim_update, source_add

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def claim(checker, document) -> Claim:
    return claim_create(membership=checker, document=document, start=0, end=8, quote="The U.S.")


def form(claim: Claim, **changes) -> dict:
    data = {
        "restatement": "The US spent five billion dollars in 2019.",
        "claimant": "The minister",
        "verdict": "",
        "assignee": "",
        "notes": "",
        "version": str(claim.version),
    }
    data.update(changes)
    return data


def update_url(claim: Claim) -> str:
    return reverse("annotate:desk-claim-update", args=[claim.pk])


def body_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_saving_the_form_updates_the_claim_in_place(client_for, checker, claim):
    """A save returns the editor marked saved, and out of band the list and the highlight."""
    verdict = Verdict.objects.get(team=checker.team, key="false")
    notes = '<p>See <a href="https://example.org">this</a><script>alert(1)</script></p>'
    data = form(claim, verdict=verdict.pk, assignee=checker.user_id, notes=notes)
    response = client_for(checker).post(update_url(claim), data, **HTMX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.verdict == verdict
    assert claim.assignee == checker.user
    assert claim.claimant == "The minister"
    assert claim.version == 2
    assert "<script>" not in claim.notes
    assert 'href="https://example.org"' in claim.notes
    body = response.content.decode()
    assert "✓ Saved." in body
    assert 'name="version" id="claim-version" value="2"' in body
    assert 'data-verdict="false" data-count="1"' in body
    assert f'class="piece hl v-{verdict.pk} st-draft" data-leaf' in body


@pytest.mark.django_db
def test_saving_without_htmx_redirects_back_to_the_claim(client_for, checker, claim, document):
    response = client_for(checker).post(update_url(claim), form(claim))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/documents/{document.pk}/?claim={claim.pk}")
    claim.refresh_from_db()
    assert claim.restatement == "The US spent five billion dollars in 2019."


@pytest.mark.django_db
def test_a_stale_version_is_a_conflict_with_the_services_message(client_for, checker, claim):
    """Optimistic locking: a save based on an old version is refused and nothing changes."""
    client = client_for(checker)
    client.post(update_url(claim), form(claim, claimant="First"), **HTMX)
    response = client.post(update_url(claim), form(claim, claimant="Second"), **HTMX)
    assert response.status_code == 409
    assert (
        "Someone else saved this claim after you opened it. Reload to see their changes, "
        "then make yours again." in body_of(response)
    )
    # The user's input is kept in the form.
    assert 'value="Second"' in response.content.decode()
    claim.refresh_from_db()
    assert claim.claimant == "First"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"verdict": "999999"}, "Choose a verdict from the team's scale."),
        ({"assignee": "999999"}, "Choose a member of this team."),
        ({"claimant": "x" * 301}, "A claimant is at most 300 characters; this one has 301."),
        ({"version": "x"}, "This form is out of date: reload the page and edit again."),
    ],
)
def test_bad_fields_get_inline_errors_and_change_nothing(
    client_for, checker, claim, changes, message
):
    response = client_for(checker).post(update_url(claim), form(claim, **changes), **HTMX)
    assert response.status_code == 400
    assert message in body_of(response)
    claim.refresh_from_db()
    assert (claim.version, claim.restatement) == (1, "")


@pytest.mark.django_db
def test_another_teams_verdict_is_refused(client_for, checker, claim, other_team):
    foreign = Verdict.objects.get(team=other_team, key="true")
    response = client_for(checker).post(update_url(claim), form(claim, verdict=foreign.pk), **HTMX)
    assert response.status_code == 400
    assert "Choose a verdict from the team's scale." in body_of(response)


@pytest.mark.django_db
def test_a_form_error_without_htmx_shows_the_whole_desk(client_for, checker, claim):
    response = client_for(checker).post(update_url(claim), form(claim, verdict="999999"))
    assert response.status_code == 400
    body = body_of(response)
    assert "Choose a verdict from the team's scale." in body
    assert 'id="article"' in body


# ---------------------------------------------------------------- sources

SOURCE = {
    "url": "https://stats.example.org/budget",
    "title": "Budget 2019",
    "publisher": "Statistics Office",
    "date_published": "2020-01-15",
    "date_accessed": "",
    "archive_url": "https://web.archive.org/web/2020/https://stats.example.org/budget",
    "excerpt": "Spending reached $5.1bn.",
    "stance": "supports",
}


@pytest.mark.django_db
def test_adding_a_source_updates_the_list_and_the_claim_version(client_for, checker, claim):
    url = reverse("annotate:desk-source-add", args=[claim.pk])
    response = client_for(checker).post(url, SOURCE, **HTMX)
    assert response.status_code == 200
    source = Source.objects.get(claim=claim)
    assert (source.title, source.publisher, str(source.date_published)) == (
        "Budget 2019",
        "Statistics Office",
        "2020-01-15",
    )
    assert source.date_accessed is not None  # stamped today by the service
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="sources"')
    assert "✓ Source added." in body
    assert 'id="claim-version" value="2" hx-swap-oob="true"' in body
    # The review panel follows out of band: the missing source is no longer a gap.
    panel = body[body.index(f'id="review-panel-{claim.pk}"') :]
    assert panel.split(">", 1)[0].endswith('hx-swap-oob="true"')
    assert "at least one source" not in panel


@pytest.mark.django_db
def test_refresh_sends_the_list_chart_and_paragraphs_out_of_band(client_for, checker, claim):
    url = reverse("annotate:desk-claim-refresh", args=[claim.pk])
    client = client_for(checker)
    body = client.get(url, **HTMX).content.decode()
    assert '<ol id="claim-list" class="claim-list" hx-swap-oob="true">' in body
    assert f'<li id="cl-{claim.pk}" data-claim="{claim.pk}"' in body
    assert 'data-status="draft"' in body
    assert '<figure id="verdict-chart" class="verdict-chart" hx-swap-oob="true">' in body
    assert 'id="p0" dir="auto" hx-swap-oob="true"' in body
    assert 'id="editor"' not in body
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?claim={claim.pk}")


@pytest.mark.django_db
def test_delete_is_offered_only_to_those_who_may_delete(client_for, checker, reviewer, claim):
    from annotate.services import reviews

    url = reverse("annotate:desk-claim", args=[claim.pk])
    assert "Delete claim" in client_for(checker).get(url, **HTMX).content.decode()
    verdict = claim.team.verdicts.get(key="true")
    claim = claim_update(
        membership=checker, claim=claim, version=1, restatement="Restated.", verdict=verdict
    )
    source_add(membership=checker, claim=claim, url="https://example.org/")
    claim.refresh_from_db()
    reviews.claim_submit(membership=checker, claim=claim)
    claim.refresh_from_db()
    reviews.claim_approve(membership=reviewer, claim=claim, version=claim.version)
    assert "Delete claim" not in client_for(checker).get(url, **HTMX).content.decode()
    assert "Delete claim" in client_for(reviewer).get(url, **HTMX).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "not a link"}, "Enter a full link, like https://example.org/page."),
        ({"url": ""}, "A source needs a URL."),
        ({"url": "ftp://files.example.org/x"}, "Links must start with http:// or https://."),
        ({"date_published": "15/01/2020"}, "Enter a date as YYYY-MM-DD."),
        ({"stance": "maybe"}, "Select a valid choice. maybe is not one of the available choices."),
    ],
)
def test_a_bad_source_gets_an_inline_error_and_is_not_stored(
    client_for, checker, claim, changes, message
):
    url = reverse("annotate:desk-source-add", args=[claim.pk])
    response = client_for(checker).post(url, {**SOURCE, **changes}, **HTMX)
    # Bad input is a 400 on every face, whether the form or the service refuses it (issue 11).
    assert response.status_code == 400
    body = body_of(response)
    assert message in body
    assert '<details class="add-source" open>' in body
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_editing_and_removing_a_source(client_for, checker, claim):
    source = source_add(membership=checker, claim=claim, url="https://a.example.org/")
    client = client_for(checker)
    edit = reverse("annotate:desk-source-update", args=[source.pk])
    response = client.post(edit, {**SOURCE, "stance": "refutes"}, **HTMX)
    assert response.status_code == 200
    source.refresh_from_db()
    assert (source.url, source.stance) == ("https://stats.example.org/budget", "refutes")
    assert "✓ Source saved." in response.content.decode()
    bad = client.post(edit, {**SOURCE, "archive_url": "nope"}, **HTMX)
    assert bad.status_code == 400
    assert "Enter a full link, like https://web.archive.org/…" in body_of(bad)
    assert f'<li id="source-{source.pk}" class="source">' in bad.content.decode()
    remove = reverse("annotate:desk-source-remove", args=[source.pk])
    response = client.post(remove, **HTMX)
    assert response.status_code == 200
    assert "✓ Source removed." in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_source_forms_work_without_htmx(client_for, checker, claim, document):
    url = reverse("annotate:desk-source-add", args=[claim.pk])
    response = client_for(checker).post(url, SOURCE)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?claim={claim.pk}")
    assert Source.objects.filter(claim=claim).count() == 1


# ---------------------------------------------------------------- deleting


@pytest.mark.django_db
def test_deleting_a_claim_clears_the_editor_and_the_highlight(client_for, checker, claim):
    page = client_for(checker).get(reverse("annotate:document-detail", args=[claim.document_id]))
    assert 'hx-confirm="Delete this claim' not in page.content.decode()  # editor closed
    url = reverse("annotate:desk-claim-delete", args=[claim.pk])
    response = client_for(checker).post(url, **HTMX)
    assert response.status_code == 200
    assert not Claim.objects.exists()
    body = response.content.decode()
    assert '<section id="editor" class="editor editor-empty"' in body
    assert '<p class="para" id="p0" dir="auto" hx-swap-oob="true">' in body
    assert "data-claims=" in body and f'data-claims="{claim.pk}"' not in body


@pytest.mark.django_db
def test_the_editor_asks_before_deleting(client_for, checker, claim):
    url = reverse("annotate:desk-claim", args=[claim.pk])
    body = client_for(checker).get(url, **HTMX).content.decode()
    confirm = "Move this claim to the document's Trash? It can be restored for 30 days."
    assert f'hx-confirm="{confirm}"' in body

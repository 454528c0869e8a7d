"""Data builders shared by the export tests (selector, service, task, views, command).

Everything is built through the services, as the app builds it. `claims_on(document, n)` marks
the first `n` sentences, each claim with a source, and the odd ones approved with a comment, so
that every kind of child row exists and query counts can be compared at two sizes.
"""

from __future__ import annotations

import io
import itertools

from django.core.management import call_command

from annotate.models import Claim, Comment, Document, Membership, Role, Team
from annotate.sanitize import sanitize_html
from annotate.services import claims as claim_services
from annotate.services import reviews as review_services
from tests.factories import make_document, make_member, sentences_text

HOSTILE_NOTES = (
    '<p>Checked <a href="javascript:alert(1)">here</a><script>alert("x")</script>'
    '<img src=x onerror="alert(2)"> &amp; <b>done</b></p>'
)
_seeds = itertools.count(1)
FORMULA = '=HYPERLINK("http://evil.example/","click")'


def seed_demo() -> tuple[Team, dict[str, Membership]]:
    """The demo team of `seed_demo` and its memberships by username."""
    call_command("seed_demo", stdout=io.StringIO())
    team = Team.objects.get(slug="demo")
    members = {m.user.username: m for m in team.memberships.select_related("user", "team")}
    return team, members


def claims_on(
    document: Document, n: int, *, checker: Membership, reviewer: Membership | None = None
) -> list[Claim]:
    """Mark the first `n` sentences of `document` as claims with a source each (see module)."""
    verdict = document.team.verdicts.order_by("position").first()
    sentences = list(document.sentences.order_by("index")[:n])
    claims = []
    for number, sentence in enumerate(sentences):
        claim = claim_services.claim_create(
            membership=checker,
            document=document,
            start=sentence.start,
            end=sentence.end,
            quote=document.text[sentence.start : sentence.end],
            restatement=f"Restated claim {number}",
            claimant="A. Politician",
            verdict=verdict,
            notes=f"<p>Note {number}</p>",
            assignee=checker.user,
        )
        claim_services.source_add(
            membership=checker,
            claim=claim,
            url=f"https://stats.example.org/{number}",
            title=f"Report {number}",
        )
        if reviewer is not None and number % 2:
            claim = review_services.claim_submit(membership=checker, claim=claim)
            claim = review_services.claim_approve(
                membership=reviewer, claim=claim, version=claim.version
            )
            # Straight to the model: the comments service belongs to another area.
            Comment.objects.create(
                claim=claim, author=reviewer.user, body=sanitize_html(f"<p>Fine {number}</p>")
            )
        claims.append(claim)
    return claims


def document_with_claims(team: Team, n: int, *, sentences: int | None = None) -> Document:
    """A document of `team` with `n` claims by a new checker, half approved by a new reviewer."""
    checker = make_member(team, Role.CHECKER)
    reviewer = make_member(team, Role.REVIEWER)
    document = make_document(
        team, sentences_text(sentences or max(n, 1), seed=next(_seeds)), title=f"{n} claims"
    )
    claims_on(document, n, checker=checker, reviewer=reviewer)
    return document


def bulk_claims(document: Document, n: int, *, author) -> None:
    """`n` claims on the first `n` sentences of `document`, each with a source and a comment,
    stored in three statements: the memory tests need thousands, which the services would take
    minutes to mark one by one (their rules are tested elsewhere; these rows are what they
    store)."""
    from annotate.models import Source
    from annotate.text.anchor import quote_selector

    verdict = document.team.verdicts.order_by("position").first()
    rows = []
    for number, sentence in enumerate(document.sentences.order_by("index")[:n]):
        selector = quote_selector(document.text, sentence.start, sentence.end)
        rows.append(
            Claim(
                team=document.team,
                document=document,
                start=sentence.start,
                end=sentence.end,
                quote=selector.exact,
                prefix=selector.prefix,
                suffix=selector.suffix,
                restatement=f"Restated claim {number}",
                claimant="A. Politician",
                verdict=verdict,
                notes=f"<p>Note {number}</p>",
                author=author,
            )
        )
    created = Claim.objects.bulk_create(rows)
    Source.objects.bulk_create(
        Source(claim=claim, url=f"https://stats.example.org/{claim.pk}", title="Report")
        for claim in created
    )
    Comment.objects.bulk_create(
        Comment(claim=claim, author=author, body="<p>Looks right.</p>") for claim in created
    )

"""Build the load test's newsroom in the stack's database, through the services; write its plan.

Run by bench/load/run.py with the stack's environment, from the tree under test:
    python bench/load/prepare.py PLAN.json USERS

Makes team "load" with USERS checkers, a 5,000-sentence document with 500 claims (as
bench/desk_render.py) plus one claim per user that only that user edits (so every edit must
succeed: a 409 would be a failure), and writes their ids and versions to PLAN.json.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, os.getcwd())  # the tree under test (run.py sets the working directory)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402

from annotate.models import Claim, Membership, Role, Team, Verdict  # noqa: E402
from annotate.services.claims import claim_create  # noqa: E402
from annotate.services.documents import document_create  # noqa: E402
from annotate.services.teams import membership_set, team_create  # noqa: E402
from annotate.text.normalize import normalize_text  # noqa: E402

PASSWORD = "load-test-password-1"  # noqa: S105  (throw-away users on loopback)
SENTENCES = 5000
BACKGROUND_CLAIMS = 500


def article(n: int) -> str:
    sentences = [f"Sentence {i} says the city budget was {i} million dollars." for i in range(n)]
    return "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, n, 5))


def main(plan_path: str, users: int) -> None:
    team = Team.objects.filter(slug="load").first() or team_create(name="Load desk", slug="load")
    hashed = make_password(PASSWORD)  # once: 50 PBKDF2 hashes would take most of a minute
    members = []
    for n in range(1, users + 1):
        user, _ = get_user_model().objects.get_or_create(username=f"load{n:02d}")
        user.password = hashed
        user.save(update_fields=["password"])
        members.append(membership_set(team=team, user=user, role=Role.CHECKER))
    owner = members[0]
    document = team.documents.filter(title="Load: 5,000 sentences").first()
    if document is None:
        document = document_create(
            team=team,
            created_by=owner.user,
            title="Load: 5,000 sentences",
            text=normalize_text(article(SENTENCES)),
            source_format="txt",
        )
    sentences = list(document.sentences.order_by("index"))
    if not document.claims.exists():
        for sentence in sentences[:: SENTENCES // BACKGROUND_CLAIMS]:
            _mark(owner, document, sentence)
    own = []
    for n, member in enumerate(members):
        sentence = sentences[(n * 97 + 3) % len(sentences)]
        claim = Claim.objects.filter(document=document, assignee=member.user).first() or _mark(
            member, document, sentence, assignee=member.user
        )
        own.append(
            {
                "username": member.user.username,
                "user_id": member.user.pk,
                "password": PASSWORD,
                "claim": claim.pk,
                "version": claim.version,
            }
        )
    plan = {
        "team": team.slug,
        "document": document.pk,
        "claims": list(document.claims.values_list("pk", flat=True)[:200]),
        "users": own,
        "verdict": Verdict.objects.filter(team=team).values_list("pk", flat=True).first(),
        "members": Membership.objects.filter(team=team).count(),
    }
    Path(plan_path).write_text(json.dumps(plan), encoding="utf-8")
    print(f"prepared: {users} users, document {document.pk}, {document.claims.count()} claims")


def _mark(membership, document, sentence, assignee=None) -> Claim:
    return claim_create(
        membership=membership,
        document=document,
        start=sentence.start,
        end=sentence.end,
        quote=document.text[sentence.start : sentence.end],
        assignee=assignee,
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

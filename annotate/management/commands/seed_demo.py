"""Load the demo team, users, the two seed articles and example claims (idempotent)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from annotate.ingest.txt import read as read_txt
from annotate.models import Claim, Document, Membership, Team
from annotate.services import claims as claim_services
from annotate.services import reviews as review_services
from annotate.services.documents import DuplicateDocument
from annotate.services.imports import document_from_article
from annotate.services.teams import membership_set, team_create

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"


class Command(BaseCommand):
    help = "Create the Demo Newsroom with its users, the seed articles and example claims."

    def add_arguments(self, parser):
        parser.add_argument("--seeds", default=str(SEEDS_DIR), help="folder with demo.json")

    def handle(self, *args, **options):
        seeds = Path(options["seeds"])
        spec = json.loads((seeds / "demo.json").read_text(encoding="utf-8"))
        with transaction.atomic():
            team = self._team(spec["team"])
            users = self._users(team, spec["users"], spec["password"])
            created = 0
            for doc_spec in spec["documents"]:
                created += self._document(team, users, seeds, doc_spec)
        self.stdout.write(
            f"Demo data ready: team '{team.slug}', {len(users)} users, {created} new document(s)."
        )

    def _team(self, spec: dict) -> Team:
        team = Team.objects.filter(slug=spec["slug"]).first()
        if team is None:
            team = team_create(
                name=spec["name"], slug=spec["slug"], organization_url=spec["organization_url"]
            )
        return team

    def _users(self, team: Team, specs: list[dict], password: str) -> dict:
        User = get_user_model()
        users = {}
        for spec in specs:
            user = User.objects.filter(username=spec["username"]).first()
            if user is None:
                user = User(
                    username=spec["username"],
                    first_name=spec["first_name"],
                    last_name=spec["last_name"],
                    email=f"{spec['username']}@newsroom.example.org",
                    is_staff=spec.get("superuser", False),
                    is_superuser=spec.get("superuser", False),
                )
                user.set_password(password)
                user.save()
            if not Membership.objects.filter(team=team, user=user).exists():
                membership_set(team=team, user=user, role=spec["role"])
            users[spec["username"]] = user
        return users

    def _document(self, team: Team, users: dict, seeds: Path, spec: dict) -> int:
        path = seeds / spec["file"]
        data = path.read_bytes()
        article = read_txt(data, path.name)
        article.title = spec["title"]
        article.byline = spec["byline"]
        article.source_url = spec["source_url"]
        if spec["published_on"]:
            article.published = datetime.date.fromisoformat(spec["published_on"])
        try:
            document = document_from_article(
                team=team,
                created_by=users["admin"],
                article=article,
                source_format="txt",
                original_name=path.name,
                original_bytes=data,
            )
        except DuplicateDocument:  # seeded before: the command is idempotent
            return 0
        for claim_spec in spec["claims"]:
            self._claim(team, users, document, claim_spec)
        return 1

    def _claim(self, team: Team, users: dict, document: Document, spec: dict) -> Claim:
        start = document.text.index(spec["quote"])
        end = start + len(spec["quote"])
        memberships = {
            m.user.username: m for m in Membership.objects.filter(team=team).select_related("user")
        }
        author = memberships[spec["author"]]
        verdict = team.verdicts.get(key=spec["verdict"]) if spec["verdict"] else None
        claim = claim_services.claim_create(
            membership=author,
            document=document,
            start=start,
            end=end,
            quote=spec["quote"],
            restatement=spec["restatement"],
            claimant=spec["claimant"],
            verdict=verdict,
            notes=spec["notes"],
            assignee=author.user,
        )
        for source in spec["sources"]:
            claim_services.source_add(membership=author, claim=claim, **source)
        for step in spec["flow"]:
            action, who, *comment = step.split(":", 2)
            actor = memberships[who]
            claim.refresh_from_db(fields=["version", "status"])  # decisions name the version
            if action == "submit":
                review_services.claim_submit(membership=actor, claim=claim)
            elif action == "approve":
                review_services.claim_approve(membership=actor, claim=claim, version=claim.version)
            elif action == "request_changes":
                review_services.claim_request_changes(
                    membership=actor, claim=claim, comment=comment[0], version=claim.version
                )
        return claim

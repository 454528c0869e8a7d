"""Assignments: a claim or a whole document given to a colleague, with an optional due time.

A claim's assignment is an edit of its `assignee` and `due_at` (services.claims.claim_update,
which records it in the claim's history and notifies the assignee). A document's is one new
DocumentAssignment row: the latest row is the current assignment, the rows before it its
record. Who may assign: the editors of the team (annotate.rules, Permission.DOCUMENT_ASSIGN and
CLAIM_EDIT); the assignee must be a member of the team.
"""

from __future__ import annotations

from datetime import datetime

from annotate import rules
from annotate.models import Claim, Document, DocumentAssignment, Membership, NotificationKind
from annotate.rules import Permission
from annotate.selectors.newsroom import document_assignment
from annotate.services import claims, notifications
from annotate.services.errors import ServiceError


def claim_assign(
    *,
    membership: Membership,
    claim: Claim,
    assignee,
    due_at: datetime | None = None,
    version: int | None = None,
) -> Claim:
    """Give `claim` to `assignee` (None: nobody) by `due_at`; refuse a stale `version`."""
    return claims.claim_update(
        membership=membership, claim=claim, version=version, assignee=assignee, due_at=due_at
    )


def document_assign(
    *, membership: Membership, document: Document, assignee, due_at: datetime | None = None
) -> DocumentAssignment | None:
    """Give `document` to `assignee` (None: nobody) by `due_at`; the new current assignment.

    Assigning what is assigned already changes nothing (and notifies nobody again).
    """
    rules.require(membership, Permission.DOCUMENT_ASSIGN, document)
    if assignee is not None and not _is_member(assignee, document.team_id):
        raise ServiceError("The assignee is not a member of this team.", field="assignee")
    current = document_assignment(document)
    same_person = (current.assignee_id if current else None) == getattr(assignee, "pk", None)
    if same_person and (current.due_at if current else None) == due_at:
        return current
    row = DocumentAssignment.objects.create(
        document=document, assignee=assignee, due_at=due_at, assigned_by=membership.user
    )
    if assignee is not None:
        due = f"Due {due_at:%d %b %Y %H:%M} UTC." if due_at else ""
        notifications.notify(
            team_id=document.team_id,
            recipients=[assignee.pk],
            kind=NotificationKind.ASSIGNED,
            actor=membership.user,
            title=f"{membership.user.get_username()} assigned you the document "
            f"“{document.title[:120]}”",
            body=due,
            document_id=document.pk,
        )
    return row


def _is_member(user, team_id: int) -> bool:
    return Membership.objects.filter(user=user, team_id=team_id).exists()

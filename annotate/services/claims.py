"""Claims and their sources: the only code that writes them.

Every function takes the caller's current Membership and enforces annotate.rules on it (the
role, and that the objects belong to that membership's team), so pages, the API and tasks share
one set of rules.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from annotate import rules
from annotate.models import Claim, Document, Membership, NotificationKind, Source, Verdict
from annotate.models.claim import SOURCE_FIELDS
from annotate.rules import Permission
from annotate.sanitize import sanitize_html
from annotate.services import notifications
from annotate.services.errors import ServiceError
from annotate.services.lifecycle import SUBSTANCE_FIELDS, claim_lock, reopen_if_approved
from annotate.text.anchor import AnchorMismatch, check_quote, quote_selector

EDITABLE_FIELDS = ("restatement", "claimant", "verdict", "notes", "assignee", "due_at")
# An edit that changes only these is an assignment (the history and the activity say so).
ASSIGNMENT_FIELDS = {"assignee", "due_at"}


def claim_create(
    *,
    membership: Membership,
    document: Document,
    start: int,
    end: int,
    quote: str,
    restatement: str = "",
    claimant: str = "",
    verdict: Verdict | None = None,
    notes: str = "",
    assignee=None,
    due_at=None,
) -> Claim:
    """Mark text[start:end] of `document` as a claim; `quote` must be exactly that text."""
    rules.require(membership, Permission.CLAIM_CREATE, document)
    try:
        check_quote(document.text, start, end, quote)
    except AnchorMismatch as error:
        raise ServiceError(str(error), field="quote") from None
    selector = quote_selector(document.text, start, end)
    _check_verdict(verdict, document.team_id)
    _check_assignee(assignee, document.team_id)
    with transaction.atomic():
        claim = Claim(
            team_id=document.team_id,
            document=document,
            start=start,
            end=end,
            quote=selector.exact,
            prefix=selector.prefix,
            suffix=selector.suffix,
            restatement=restatement.strip(),
            claimant=claimant.strip()[:300],
            verdict=verdict,
            notes=sanitize_html(notes),
            assignee=assignee,
            due_at=due_at,
            author=membership.user,
        )
        _as_author(claim, membership).save()
        if assignee is not None:
            _notify_assigned(claim, membership)
        return claim


def claim_update(
    *, membership: Membership, claim: Claim, version: int | None, **changes: Any
) -> Claim:
    """Change a claim's editable fields; refuse if someone saved it since `version` was read.

    Editing the substance of an approved claim sends it back to review.
    """
    rules.require(membership, Permission.CLAIM_EDIT, claim)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    if "notes" in changes:
        changes["notes"] = sanitize_html(changes["notes"])
    for field in ("restatement", "claimant"):
        if field in changes:
            changes[field] = (changes[field] or "").strip()
    if "verdict" in changes:
        _check_verdict(changes["verdict"], claim.team_id)
    if "assignee" in changes:
        _check_assignee(changes["assignee"], claim.team_id)
    with transaction.atomic():
        locked = _lock(membership, claim, version)
        changed = [field for field, value in changes.items() if getattr(locked, field) != value]
        if not changed:
            return locked
        for field in changed:
            setattr(locked, field, changes[field])
        locked.version += 1
        assignment = set(changed) <= ASSIGNMENT_FIELDS
        locked._change_reason = "assigned" if assignment else "edited"
        _as_author(locked, membership).save()
        if set(changed) & SUBSTANCE_FIELDS:
            reopen_if_approved(claim=locked, by=membership.user, changed=changed)
        if set(changed) & ASSIGNMENT_FIELDS and locked.assignee_id is not None:
            _notify_assigned(locked, membership)
    return locked


def _notify_assigned(claim: Claim, membership: Membership) -> None:
    """Tell the claim's (new) assignee, unless they assigned it to themselves."""
    due = f" Due {claim.due_at:%d %b %Y %H:%M} UTC." if claim.due_at else ""
    notifications.notify(
        team_id=claim.team_id,
        recipients=[claim.assignee_id],
        kind=NotificationKind.ASSIGNED,
        actor=membership.user,
        title=f"{membership.user.get_username()} assigned you the claim "
        f"{notifications.claim_title(claim)}",
        body=due.strip(),
        claim=claim,
    )


def claim_delete(*, membership: Membership, claim: Claim) -> None:
    rules.require(membership, Permission.CLAIM_DELETE, claim)
    claim._change_reason = "deleted"
    _as_author(claim, membership).delete()


def source_add(
    *, membership: Membership, claim: Claim, version: int | None = None, **fields: Any
) -> Source:
    """Add a source to `claim`; refuse if someone saved the claim since `version` was read."""
    rules.require(membership, Permission.CLAIM_EDIT, claim)
    data = _source_fields(fields)
    with transaction.atomic():
        locked = _lock(membership, claim, version)
        position = locked.sources.count()
        source = Source(claim=locked, position=position, **data)
        _as_author(source, membership).save()
        _touch(locked, membership, ["sources"])
    return source


def source_update(
    *, membership: Membership, source: Source, version: int | None = None, **fields: Any
) -> Source:
    """Change a source; refuse if someone saved its claim since `version` was read."""
    claim = source.claim
    rules.require(membership, Permission.CLAIM_EDIT, claim)
    data = _source_fields(fields, partial=True)
    with transaction.atomic():
        locked = _lock(membership, claim, version)
        changed = [name for name, value in data.items() if getattr(source, name) != value]
        if not changed:
            return source
        for name in changed:
            setattr(source, name, data[name])
        _as_author(source, membership).save()
        _touch(locked, membership, ["sources"])
    return source


def source_remove(*, membership: Membership, source: Source, version: int | None = None) -> None:
    """Delete a source; refuse if someone saved its claim since `version` was read."""
    claim = source.claim
    rules.require(membership, Permission.CLAIM_EDIT, claim)
    with transaction.atomic():
        locked = _lock(membership, claim, version)
        _as_author(source, membership).delete()
        _touch(locked, membership, ["sources"])


def _touch(claim: Claim, membership: Membership, changed: list[str]) -> None:
    """A source changed: bump the claim's version and reopen it if it was approved."""
    claim.version += 1
    claim._change_reason = "sources"
    _as_author(claim, membership).save(update_fields=["version", "updated_at"])
    reopen_if_approved(claim=claim, by=membership.user, changed=changed)


def _as_author(instance, membership: Membership):
    """Name the acting user in the audit trail, also outside a web request (API, tasks)."""
    instance._history_user = membership.user
    return instance


def _lock(membership: Membership, claim: Claim, version: int | None) -> Claim:
    return claim_lock(
        membership=membership, claim=claim, permission=Permission.CLAIM_EDIT, version=version
    )


def _check_verdict(verdict: Verdict | None, team_id: int) -> None:
    if verdict is not None and verdict.team_id != team_id:
        raise ServiceError("That verdict is not on this team's scale.", field="verdict")


def _check_assignee(assignee, team_id: int) -> None:
    if assignee is None:
        return
    if not Membership.objects.filter(user=assignee, team_id=team_id).exists():
        raise ServiceError("The assignee is not a member of this team.", field="assignee")


def _source_fields(fields: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise ServiceError(f"Unknown source fields: {', '.join(sorted(unknown))}.")
    data = {name: value for name, value in fields.items()}
    if not partial and not (data.get("url") or "").strip():
        raise ServiceError("A source needs a URL.", field="url")
    for name in ("url", "archive_url"):
        if data.get(name):
            data[name] = data[name].strip()
            if not data[name].lower().startswith(("http://", "https://")):
                raise ServiceError("Links must start with http:// or https://.", field=name)
    for name in ("title", "publisher", "excerpt"):
        if name in data:
            data[name] = (data[name] or "").strip()
    if "date_accessed" not in data and not partial:
        data["date_accessed"] = timezone.localdate()
    return data

"""Claims and their sources: the only code that writes them.

Every function takes the caller's current Membership and enforces annotate.rules on it (the
role, and that the objects belong to that membership's team), so pages, the API and tasks share
one set of rules.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from annotate import rules
from annotate.models import Claim, Document, Membership, NotificationKind, Source, Verdict
from annotate.models.claim import SOURCE_FIELDS, TRASH_DAYS, too_long
from annotate.rules import Permission
from annotate.sanitize import sanitize_html
from annotate.services import notifications
from annotate.services.errors import NotFound, ServiceError
from annotate.services.lifecycle import claim_lock, substance_edited
from annotate.text.anchor import AnchorMismatch, check_quote, quote_selector

EDITABLE_FIELDS = ("restatement", "claimant", "verdict", "notes", "assignee", "due_at")
# An edit that changes only these is an assignment (the history and the activity say so).
ASSIGNMENT_FIELDS = {"assignee", "due_at"}
SOURCE_TEXTS = ("url", "archive_url", "title", "publisher", "excerpt")
NOT_IN_TRASH = "No such claim in this document's Trash."


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
    check_lengths({"restatement": restatement, "claimant": claimant, "notes": notes})
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
            claimant=claimant.strip(),
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
    check_lengths({name: changes.get(name) for name in ("restatement", "claimant", "notes")})
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
        substance_edited(claim=locked, by=membership.user, changed=changed)
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


def claim_delete(*, membership: Membership, claim: Claim, version: int | None = None) -> Claim:
    """Move a claim to its document's Trash (a soft delete: its sources, reviews and comments
    stay with it); the maintenance task purges it after TRASH_DAYS."""
    with transaction.atomic():
        locked = claim_lock(
            membership=membership, claim=claim, permission=Permission.CLAIM_DELETE, version=version
        )
        locked.deleted_at, locked.deleted_by = timezone.now(), membership.user
        locked.version += 1
        locked._change_reason = "deleted"  # the activity feed reads it
        _as_author(locked, membership).save(
            update_fields=["deleted_at", "deleted_by", "version", "updated_at"]
        )
    return locked


def claim_restore(*, membership: Membership, claim: Claim) -> Claim:
    """Take a claim out of the Trash, as it was (status, sources, thread)."""
    rules.require(membership, Permission.CLAIM_RESTORE, claim, state=False)
    with transaction.atomic():
        locked = Claim.everything.select_for_update(of=("self",)).filter(pk=claim.pk).first()
        if locked is None or locked.deleted_at is None:
            raise NotFound(NOT_IN_TRASH)
        rules.require(membership, Permission.CLAIM_RESTORE, locked, state=True)
        locked.deleted_at, locked.deleted_by = None, None
        locked.version += 1
        locked._change_reason = "restored"  # the activity feed reads it
        _as_author(locked, membership).save(
            update_fields=["deleted_at", "deleted_by", "version", "updated_at"]
        )
    return locked


def claims_purge_trash(*, now=None) -> int:
    """Delete for good the claims in any Trash for more than TRASH_DAYS; how many went.

    For the periodic maintenance task: safe to run twice (the second run finds nothing).
    """
    cutoff = (now or timezone.now()) - timedelta(days=TRASH_DAYS)
    expired = Claim.everything.filter(deleted_at__lt=cutoff)
    count = expired.count()
    if count:
        # Sources, reviews, comments and imported history go with their claim (CASCADE).
        expired.delete()
    return count


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
    substance_edited(claim=claim, by=membership.user, changed=changed)


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


def check_lengths(values: dict[str, str | None]) -> None:
    """Refuse the first text longer than its field takes (TEXT_LIMITS), naming the field."""
    for name, value in values.items():
        message = too_long(name, value)
        if message:
            raise ServiceError(message, field=name)


def _text(value) -> str | None:
    return value.strip() if isinstance(value, str) else None


def _source_fields(fields: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise ServiceError(f"Unknown source fields: {', '.join(sorted(unknown))}.")
    data = {name: value for name, value in fields.items()}
    check_lengths({name: _text(data.get(name)) for name in SOURCE_TEXTS})
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

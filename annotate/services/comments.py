"""Comment threads on claims: the only code that writes Comments.

Who may comment (annotate.rules, Permission.CLAIM_COMMENT): the checkers, reviewers and admins of
the claim's team. Viewers may not: their role is read-only everywhere, and a comment is a
contribution to the check that the claim's authors must act on. The body is rich text, sanitized
by annotate.sanitize before it is stored, so templates show it as it is. Team members named
as `@username` are notified of the mention; the claim's author and assignee of the comment.
"""

from __future__ import annotations

from django.db import transaction

from annotate import rules
from annotate.models import Claim, Comment, Membership, NotificationKind
from annotate.models.claim import TEXT_LIMITS, too_long
from annotate.rules import Permission
from annotate.sanitize import plain_text, sanitize_html
from annotate.selectors.newsroom import mentionable_members
from annotate.services import notifications
from annotate.services.errors import ServiceError

BODY_MAX_LENGTH = TEXT_LIMITS["body"]


def comment_add(*, membership: Membership, claim: Claim, body: str) -> Comment:
    """Add a comment by `membership`'s user to `claim` (of the same team); returns it."""
    rules.require(membership, Permission.CLAIM_COMMENT, claim)
    message = too_long("body", body)
    if message:
        raise ServiceError(message, field="body")
    clean = sanitize_html(body)
    text = plain_text(clean)
    if not text:
        raise ServiceError("Write something before posting the comment.", field="body")
    with transaction.atomic():
        comment = Comment.objects.create(claim=claim, author=membership.user, body=clean)
        _notify(claim, membership, text)
    return comment


def _notify(claim: Claim, membership: Membership, text: str) -> None:
    """@mentioned team members hear of the mention; the claim's author and assignee of the
    comment (once: a mentioned author gets the mention only)."""
    names = notifications.mentioned_usernames(text)
    mentioned = list(mentionable_members(claim.team_id, names)) if names else []
    who = membership.user.get_username()
    quote = notifications.claim_title(claim)
    notifications.notify(
        team_id=claim.team_id,
        recipients=mentioned,
        kind=NotificationKind.MENTION,
        actor=membership.user,
        title=f"{who} mentioned you on the claim {quote}",
        body=text,
        claim=claim,
    )
    notifications.notify(
        team_id=claim.team_id,
        recipients={claim.author_id, claim.assignee_id} - set(mentioned),
        kind=NotificationKind.COMMENT,
        actor=membership.user,
        title=f"{who} commented on your claim {quote}",
        body=text,
        claim=claim,
    )

"""Comment threads on claims: the only code that writes Comments.

Who may comment (annotate.rules, Permission.CLAIM_COMMENT): the checkers, reviewers and admins of
the claim's team. Viewers may not: their role is read-only everywhere, and a comment is a
contribution to the check that the claim's authors must act on. The body is rich text, sanitized
by annotate.sanitize before it is stored, so templates show it as it is.
"""

from __future__ import annotations

from annotate import rules
from annotate.models import Claim, Comment, Membership
from annotate.models.claim import TEXT_LIMITS, too_long
from annotate.rules import Permission
from annotate.sanitize import plain_text, sanitize_html
from annotate.services.errors import ServiceError

BODY_MAX_LENGTH = TEXT_LIMITS["body"]


def comment_add(*, membership: Membership, claim: Claim, body: str) -> Comment:
    """Add a comment by `membership`'s user to `claim` (of the same team); returns it."""
    rules.require(membership, Permission.CLAIM_COMMENT, claim)
    message = too_long("body", body)
    if message:
        raise ServiceError(message, field="body")
    clean = sanitize_html(body)
    if not plain_text(clean):
        raise ServiceError("Write something before posting the comment.", field="body")
    return Comment.objects.create(claim=claim, author=membership.user, body=clean)

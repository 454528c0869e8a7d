"""Comment threads on claims: the only code that writes Comments.

Who may comment: the checkers, reviewers and admins of the claim's team. Viewers may not: their
role is read-only everywhere (as in claims.py), and a comment is a contribution to the check that
the claim's authors must act on. The body is rich text, sanitized by annotate.sanitize before it
is stored, so templates show it as it is.
"""

from __future__ import annotations

from annotate.models import Claim, Comment, Membership
from annotate.sanitize import plain_text, sanitize_html
from annotate.services.errors import NotFound, PermissionDenied, ServiceError

BODY_MAX_LENGTH = 20_000


def comment_add(*, membership: Membership, claim: Claim, body: str) -> Comment:
    """Add a comment by `membership`'s user to `claim` (of the same team); returns it."""
    if membership.team_id != claim.team_id:
        raise NotFound("No such claim in this team.")
    if not membership.can_edit:
        raise PermissionDenied("Viewers cannot comment; ask an admin for the checker role.")
    if len(body or "") > BODY_MAX_LENGTH:
        raise ServiceError(f"Keep the comment under {BODY_MAX_LENGTH} characters.", field="body")
    clean = sanitize_html(body)
    if not plain_text(clean):
        raise ServiceError("Write something before posting the comment.", field="body")
    return Comment.objects.create(claim=claim, author=membership.user, body=clean)

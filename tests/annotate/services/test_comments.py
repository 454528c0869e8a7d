"""Comment threads: who may comment, sanitized bodies, order and refusals."""

from __future__ import annotations

import pytest

from annotate.models import Comment
from annotate.services.comments import BODY_MAX_LENGTH, comment_add
from annotate.services.errors import NotFound, PermissionDenied, ServiceError
from tests.annotate.services.reviewkit import make_claim

pytestmark = pytest.mark.django_db


def test_a_comment_is_stored_sanitized_with_its_author(document, checker, reviewer):
    claim = make_claim(document, checker)
    comment = comment_add(
        membership=reviewer,
        claim=claim,
        body='<p onclick="x()">Check <em>this</em><script>alert(1)</script></p>',
    )
    assert comment.body == "<p>Check <em>this</em></p>"
    assert comment.author == reviewer.user


def test_comments_come_back_in_the_order_written(document, checker, reviewer):
    claim = make_claim(document, checker)
    for n, member in enumerate([checker, reviewer, checker]):
        comment_add(membership=member, claim=claim, body=f"Comment {n}")
    rows = list(claim.comments.values_list("body", "author__username"))
    assert rows == [("Comment 0", "carla"), ("Comment 1", "rosa"), ("Comment 2", "carla")]


def test_viewers_cannot_comment(document, checker, viewer):
    claim = make_claim(document, checker)
    with pytest.raises(PermissionDenied) as error:
        comment_add(membership=viewer, claim=claim, body="Nice.")
    assert error.value.message == "Viewers cannot comment; ask an admin for the checker role."
    assert not Comment.objects.exists()


def test_another_team_cannot_comment(document, checker, outsider):
    claim = make_claim(document, checker)
    with pytest.raises(NotFound) as error:
        comment_add(membership=outsider, claim=claim, body="Hi.")
    assert error.value.message == "No such claim in this team."
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "<p> </p>", "<script>alert(1)</script>"])
def test_an_empty_comment_is_refused(document, checker, body):
    claim = make_claim(document, checker)
    with pytest.raises(ServiceError) as error:
        comment_add(membership=checker, claim=claim, body=body)
    assert error.value.message == "Write something before posting the comment."
    assert not Comment.objects.exists()


def test_an_overlong_comment_is_refused(document, checker):
    claim = make_claim(document, checker)
    with pytest.raises(ServiceError) as error:
        comment_add(membership=checker, claim=claim, body="x" * (BODY_MAX_LENGTH + 1))
    assert error.value.message == "A comment is at most 20,000 characters; this one has 20001."
    assert not Comment.objects.exists()

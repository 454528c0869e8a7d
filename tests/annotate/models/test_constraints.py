"""Integrity the database enforces by itself, whatever code writes to it."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from annotate.models import Claim, Document, Membership, Sentence, Verdict
from tests.factories import make_document, make_team


def _claim(document: Document, author, **overrides) -> Claim:
    fields = {
        "team_id": document.team_id,
        "document": document,
        "start": 0,
        "end": 5,
        "quote": document.text[0:5],
        "author": author,
    }
    fields.update(overrides)
    return Claim(**fields)


@pytest.mark.django_db
class TestDocumentConstraints:
    def test_text_length_must_match_the_text(self, team):
        """A document whose stored length disagrees with its text is refused."""
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.create(
                team=team,
                title="x",
                text="abc",
                text_length=4,
                content_hash="h",
                source_format="txt",
            )

    def test_same_text_twice_in_a_team_is_refused(self, team):
        make_document(team, "Same text.")
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.create(
                team=team,
                title="again",
                text="Same text.",
                text_length=10,
                content_hash=Document.objects.get().content_hash,
                source_format="txt",
            )

    def test_same_text_in_two_teams_is_allowed(self, team, other_team):
        make_document(team, "Shared wire copy.")
        make_document(other_team, "Shared wire copy.")
        assert Document.objects.count() == 2


@pytest.mark.django_db
class TestSentenceConstraints:
    def test_sentence_must_have_positive_length(self, document):
        with pytest.raises(IntegrityError), transaction.atomic():
            Sentence.objects.create(document=document, index=99, start=5, end=5, paragraph=0)

    def test_sentence_cannot_end_past_the_text(self, document):
        """end <= len(text) is checked by a trigger that reads the document's length."""
        length = len(document.text)
        with pytest.raises(IntegrityError), transaction.atomic():
            Sentence.objects.create(
                document=document, index=99, start=0, end=length + 1, paragraph=0
            )
        Sentence.objects.create(document=document, index=99, start=0, end=length, paragraph=0)

    def test_one_sentence_per_index(self, document):
        with pytest.raises(IntegrityError), transaction.atomic():
            Sentence.objects.create(document=document, index=0, start=0, end=3, paragraph=0)


@pytest.mark.django_db
class TestClaimConstraints:
    def test_offsets_must_be_ordered(self, document, checker):
        with pytest.raises(IntegrityError), transaction.atomic():
            _claim(document, checker.user, start=4, end=2).save()

    def test_claim_cannot_end_past_the_text(self, document, checker):
        end = len(document.text) + 3
        with pytest.raises(IntegrityError), transaction.atomic():
            _claim(document, checker.user, end=end).save()

    def test_claim_cannot_belong_to_another_team_than_its_document(
        self, document, other_team, checker
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            _claim(document, checker.user, team_id=other_team.pk).save()
        assert Claim.objects.count() == 0

    def test_claim_cannot_use_another_teams_verdict(self, document, other_team, checker):
        foreign = Verdict.objects.filter(team=other_team).first()
        with pytest.raises(IntegrityError), transaction.atomic():
            _claim(document, checker.user, verdict=foreign).save()
        claim = _claim(document, checker.user, verdict=document.team.verdicts.first())
        claim.save()
        claim.verdict = foreign
        with pytest.raises(IntegrityError), transaction.atomic():
            claim.save()


@pytest.mark.django_db
class TestTeamConstraints:
    def test_new_team_gets_the_default_scale(self):
        team = make_team()
        labels = list(team.verdicts.values_list("label", flat=True))
        assert labels == [
            "True",
            "Mostly true",
            "Half true",
            "Mostly false",
            "False",
            "Unverifiable",
            "Opinion, not checkable",
        ]
        rated = team.verdicts.exclude(rating_value=None)
        assert {(v.best_rating, v.worst_rating) for v in rated} == {(5, 1)}
        assert team.verdicts.filter(rating_value=None).count() == 2

    def test_rating_must_lie_between_worst_and_best(self, team):
        with pytest.raises(IntegrityError), transaction.atomic():
            Verdict.objects.create(
                team=team, key="x", label="X", colour="#000000", position=9,
                rating_value=7, best_rating=5, worst_rating=1,
            )  # fmt: skip

    def test_colour_must_be_hex(self, team):
        with pytest.raises(IntegrityError), transaction.atomic():
            Verdict.objects.create(team=team, key="y", label="Y", colour="red", position=9)

    def test_one_membership_per_user_and_team(self, checker):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=checker.user, team=checker.team, role="viewer")

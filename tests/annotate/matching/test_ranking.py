"""The "Checked before" ranking: thresholds, look-alikes, short texts, recency, semantics."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from annotate.matching import fusion
from annotate.matching.models import DEFAULT, load_encoder
from annotate.matching.ranking import (
    LOOKALIKE_FACTOR,
    Candidate,
    MatchOptions,
    length_factor,
    rank,
    recency_factor,
    score_candidates,
)

TODAY = datetime.date(2024, 6, 1)
ARCHIVE = [
    Candidate(("claim", 1), "Unemployment fell to 3.4% in March 2023, the lowest in 50 years."),
    Candidate(("reference", 2), "Unemployment fell to 4.3% in March 2023, the lowest in 50 years."),
    Candidate(("claim", 3), "Vaccines cause autism in children, a viral post claims."),
    Candidate(("claim", 4), "Knife crime in London rose by half between 2015 and 2018."),
    Candidate(("reference", 5), "The moon landing was filmed in a studio in 1969."),
    Candidate(("claim", 6), "Unemployment"),
]
OPEN = MatchOptions(suggest=0.0, auto_link=0.99)


class FakeEncoder:
    """Vectors by hand: each text's vector is given by a keyword it holds."""

    name = "fake"
    model_id = "fake:0"
    dimension = 3
    AXES = {"jobless": 0, "unemployment": 0, "vaccin": 1, "autism": 1, "moon": 2}

    def encode(self, texts):
        out = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in enumerate(texts):
            for word, axis in self.AXES.items():
                if word in text.lower():
                    out[row, axis] = 1.0
            if not out[row].any():
                out[row] = [0.3, 0.3, 0.3]
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def keys(matches):
    return [m.key for m in matches]


def test_the_true_check_ranks_first_and_its_look_alike_is_flagged_not_linked():
    matches = rank("Unemployment fell to 3.4% in March 2023", ARCHIVE, options=OPEN)
    assert keys(matches)[:2] == [("claim", 1), ("reference", 2)]
    true, lookalike = matches[:2]
    assert true.differences == () and not true.lookalike
    assert lookalike.lookalike
    assert [(d.kind, d.query, d.candidate) for d in lookalike.differences] == [
        ("percent", ("3.4%",), ("4.3%",))
    ]
    assert not lookalike.auto_link


def test_a_look_alike_is_never_auto_linked_whatever_its_score():
    query = "Unemployment fell to 4.3% in March 2023, the lowest in 50 years."
    options = MatchOptions(suggest=0.0, auto_link=0.01)
    matches = {m.key: m for m in rank(query, ARCHIVE, options=options)}
    assert matches[("reference", 2)].auto_link  # the same claim, same number
    assert not matches[("claim", 1)].auto_link
    assert matches[("claim", 1)].differences[0].query == ("4.3%",)


def test_look_alikes_lose_a_share_of_their_score():
    query = "Unemployment fell to 3.4% in March 2023, the lowest in 50 years."
    scored = score_candidates(query, ARCHIVE)
    matches = {m.key: m for m in rank(query, ARCHIVE, options=OPEN)}
    assert matches[("reference", 2)].score == pytest.approx(
        float(scored.scores[1]) * LOOKALIKE_FACTOR, abs=1e-4
    )


def test_suggest_threshold_and_limit():
    query = "Unemployment fell to 3.4% in March 2023"
    everything = rank(query, ARCHIVE, options=OPEN)
    assert all(m.score >= 0 for m in everything)
    cut = everything[1].score + 1e-3
    assert keys(rank(query, ARCHIVE, options=MatchOptions(suggest=cut, auto_link=0.99))) == [
        ("claim", 1)
    ]
    assert len(rank(query, ARCHIVE, options=MatchOptions(suggest=0.0, auto_link=1.0, limit=1))) == 1
    assert rank(query, ARCHIVE, options=MatchOptions(suggest=1.0, auto_link=1.0)) == []


def test_auto_link_threshold():
    query = "Unemployment fell to 3.4% in March 2023, the lowest in 50 years."
    best = rank(query, ARCHIVE, options=OPEN)[0]
    assert best.key == ("claim", 1)
    assert rank(query, ARCHIVE, options=MatchOptions(suggest=0.0, auto_link=best.score))[
        0
    ].auto_link
    assert not rank(query, ARCHIVE, options=MatchOptions(suggest=0.0, auto_link=best.score + 1e-3))[
        0
    ].auto_link


def test_very_short_texts_are_penalized():
    assert length_factor(1, 4) == pytest.approx(0.5)
    assert length_factor(4, 4) == length_factor(9, 4) == 1.0
    assert length_factor(0, 0) == 1.0
    # The one-word stub shares the query's rarest word but ranks below the real check.
    matches = rank("Unemployment fell to 3.4%", ARCHIVE, options=OPEN)
    assert keys(matches).index(("claim", 6)) > keys(matches).index(("claim", 1))
    stub = {m.key: m for m in matches}[("claim", 6)]
    unpenalized = rank(
        "Unemployment fell to 3.4%",
        ARCHIVE,
        options=MatchOptions(suggest=0.0, auto_link=0.99, short_terms=0),
    )
    assert stub.score < {m.key: m for m in unpenalized}[("claim", 6)].score


def test_a_team_that_prefers_recent_checks_gets_the_newer_of_two_equal_ones():
    old = Candidate("old", "Hot lemon water cures cancer.", date=datetime.date(2015, 1, 1))
    new = Candidate("new", "Hot lemon water cures cancer.", date=datetime.date(2024, 1, 1))
    plain = rank("Hot lemon water cures cancer", [old, new], options=OPEN, today=TODAY)
    assert plain[0].score == plain[1].score
    recent = MatchOptions(suggest=0.0, auto_link=0.99, recency_half_life_days=365)
    assert keys(rank("Hot lemon water cures cancer", [old, new], options=recent, today=TODAY)) == [
        "new",
        "old",
    ]


def test_recency_factor():
    options = MatchOptions(recency_half_life_days=365, recency_weight=0.2)
    assert recency_factor(TODAY, TODAY, options) == 1.0
    assert recency_factor(TODAY - datetime.timedelta(days=365), TODAY, options) == pytest.approx(
        0.9
    )
    assert recency_factor(datetime.date(1990, 1, 1), TODAY, options) == pytest.approx(0.8, abs=1e-6)
    assert recency_factor(None, TODAY, options) == pytest.approx(0.8)
    assert recency_factor(TODAY + datetime.timedelta(days=3), TODAY, options) == 1.0


def test_semantic_ranking_finds_a_check_that_shares_no_word():
    candidates = [*ARCHIVE, Candidate("jobless", "Joblessness is at a record low.")]
    query = "The jobless figure went down"
    lexical = rank(query, candidates, options=OPEN)
    semantic = rank(query, candidates, options=OPEN, encoder=FakeEncoder())
    assert "jobless" in keys(semantic)
    assert {m.semantic for m in lexical} == {None}
    assert all(m.semantic is not None for m in semantic)


def test_stored_vectors_are_used_and_missing_ones_need_an_encoder():
    encoder = FakeEncoder()
    stored = [Candidate(c.key, c.text, vector=encoder.encode([c.text])[0]) for c in ARCHIVE]
    query_vector = encoder.encode(["vaccines and autism"])[0]
    matches = rank("vaccines and autism", stored, options=OPEN, query_vector=query_vector)
    assert keys(matches)[0] == ("claim", 3)
    with pytest.raises(ValueError, match="need an encoder"):
        rank("vaccines", ARCHIVE, options=OPEN, query_vector=query_vector)


def test_every_fusion_runs_and_weighted_is_chosen():
    for name in fusion.FUSIONS:
        options = MatchOptions(suggest=0.0, auto_link=1.0, fusion=name)
        assert rank("Vaccines cause autism", ARCHIVE, options=options, encoder=FakeEncoder())
    assert fusion.CHOSEN == "weighted"


def test_options_are_checked():
    with pytest.raises(ValueError, match="Thresholds"):
        MatchOptions(suggest=0.9, auto_link=0.5)
    with pytest.raises(ValueError, match="Unknown fusion"):
        MatchOptions(fusion="magic")
    with pytest.raises(ValueError, match="limit"):
        MatchOptions(limit=0)


def test_nothing_to_rank():
    assert rank("", ARCHIVE) == []
    assert rank("   ", ARCHIVE) == []
    assert rank("Vaccines", []) == []


def test_with_the_default_model_a_paraphrase_beats_a_word_sharing_distractor():
    encoder = load_encoder(DEFAULT)
    candidates = [
        Candidate("true", "The jobless rate dropped to 3.4 percent last March."),
        Candidate("distractor", "Unemployment benefits in March were cut for 3,400 families."),
        *ARCHIVE[2:5],
    ]
    matches = rank("Unemployment fell to 3.4% in March", candidates, options=OPEN, encoder=encoder)
    assert keys(matches)[0] == "true"
    # And a translation, which shares no word at all.
    spanish = rank(
        "El desempleo bajó al 3,4 % en marzo",
        candidates,
        language="es",
        options=OPEN,
        encoder=encoder,
    )
    assert keys(spanish)[0] == "true"

"""Rank earlier fact-checks against a claim being marked: the "Checked before" list.

``rank(query, candidates, ...)`` takes the claim's text and the candidates the archive gave
(wave 2: the full-text engine's best lexical matches plus the nearest stored embeddings)
and returns the matches worth showing, best first, each with:

- ``score`` in [0, 1]: the fusion of lexical and semantic similarity (``fusion.CHOSEN``),
  times the penalties below. The same number is shown on the desk and compared with the
  team's two thresholds.
- ``suggest`` (shown at all) and ``auto_link`` (linked for the reviewer to confirm): a match
  is auto-linked only at ``score >= options.auto_link`` *and* with no look-alike difference.
- ``differences``: the facts on which the two texts clash (``lookalike.differences``).

Penalties, all multiplicative so a figure keeps its meaning:

- look-alikes: a candidate with a certain difference keeps ``LOOKALIKE_FACTOR`` of its
  score (an uncertain one, see ``lookalike.Difference.certain``, only blocks auto-link);
- very short texts: a text of fewer than ``options.short_terms`` terms keeps
  ``sqrt(terms / short_terms)`` ("Vaccines" matches every vaccine claim by its one word);
- age, when the team prefers recent checks: a check ``half_life`` days old loses half of
  ``options.recency_weight``, a very old one all of it.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

import annotate.matching.fusion as fusion
from annotate.matching.bm25 import CorpusStats, bm25_scores, normalized, self_score
from annotate.matching.lookalike import Difference, differences
from annotate.matching.models import Encoder
from annotate.matching.tokens import terms

SUGGEST = 0.35
AUTO_LINK = 0.74
# What a candidate keeps of its score when a fact certainly clashes (a number, a date, a
# name in the same language...); uncertain differences cost nothing. Neither is auto-linked.
LOOKALIKE_FACTOR = 0.75
SHORT_TERMS = 4
# The half-life a team gets when it turns "prefer recent checks" on (bench/matching.py).
PREFER_RECENT_HALF_LIFE = 730.0
# Look-alike differences are read for the shown matches and this many more, which a penalty
# on one of those may bring up.
_CHECKED_EXTRA = 5


@dataclass(frozen=True)
class Candidate:
    """An earlier fact-check: its claim text and what the ranking needs to know of it.

    ``key`` is the caller's (wave 2: ``("claim", id)`` or ``("reference", id)``). ``terms``
    and ``vector`` are what the archive stored (``tokens.terms``, an encoder's vector);
    when missing they are computed here, which is slower.
    """

    key: Hashable
    text: str
    language: str = "en"
    date: datetime.date | None = None
    terms: tuple[str, ...] | None = None
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class MatchOptions:
    """A team's matching settings."""

    suggest: float = SUGGEST
    auto_link: float = AUTO_LINK
    limit: int = 10
    short_terms: int = SHORT_TERMS
    # 0 turns the preference for recent checks off.
    recency_half_life_days: float = 0.0
    recency_weight: float = 0.3
    fusion: str = fusion.CHOSEN
    semantic_weight: float | None = None  # None: the measured weight for the encoder

    def __post_init__(self) -> None:
        if not 0 <= self.suggest <= self.auto_link <= 1:
            raise ValueError("Thresholds must satisfy 0 <= suggest <= auto-link <= 1.")
        if self.fusion not in fusion.FUSIONS:
            raise ValueError(f"Unknown fusion '{self.fusion}'.")
        if self.limit < 1:
            raise ValueError("The limit must be at least 1.")


@dataclass(frozen=True)
class Match:
    """One earlier fact-check worth showing for the query."""

    candidate: Candidate
    score: float
    lexical: float
    semantic: float | None
    differences: tuple[Difference, ...]
    auto_link: bool

    @property
    def key(self) -> Hashable:
        return self.candidate.key

    @property
    def lookalike(self) -> bool:
        return bool(self.differences)


def rank(
    query: str,
    candidates: Sequence[Candidate],
    *,
    language: str = "en",
    options: MatchOptions | None = None,
    encoder: Encoder | None = None,
    query_vector: np.ndarray | None = None,
    stats: CorpusStats | None = None,
    today: datetime.date | None = None,
) -> list[Match]:
    """The matches of ``query`` among ``candidates`` scoring at least ``options.suggest``,
    best first, at most ``options.limit``.

    ``encoder`` (or a precomputed ``query_vector``) turns semantic ranking on; without
    either, the ranking is lexical. ``stats`` are the archive's BM25 statistics (see
    ``bm25.CorpusStats``); without them the candidates stand for the archive.
    """
    options = options or MatchOptions()
    if not candidates or not query.strip():
        return []
    scored = score_candidates(
        query,
        candidates,
        language=language,
        options=options,
        encoder=encoder,
        query_vector=query_vector,
        stats=stats,
        today=today,
    )
    # Look-alikes are read for the best few only: reading facts costs more than scoring.
    order = np.argsort(-scored.scores, kind="stable")[: options.limit + _CHECKED_EXTRA]
    matches = []
    for index in order:
        score = float(scored.scores[index])
        if score < options.suggest:
            break
        candidate = candidates[index]
        found = differences(query, candidate.text, language, candidate.language)
        score *= penalty(found)
        if score < options.suggest:
            continue
        semantic = None if scored.semantic is None else round(float(scored.semantic[index]), 4)
        matches.append(
            Match(
                candidate=candidate,
                score=round(score, 4),
                lexical=round(float(scored.lexical[index]), 4),
                semantic=semantic,
                differences=found,
                auto_link=not found and score >= options.auto_link,
            )
        )
    matches.sort(key=lambda match: -match.score)
    return matches[: options.limit]


@dataclass(frozen=True)
class Scored:
    """Per-candidate scores before look-alikes are read (the bench's entry point)."""

    scores: np.ndarray
    lexical: np.ndarray
    semantic: np.ndarray | None


def score_candidates(
    query: str,
    candidates: Sequence[Candidate],
    *,
    language: str = "en",
    options: MatchOptions | None = None,
    encoder: Encoder | None = None,
    query_vector: np.ndarray | None = None,
    stats: CorpusStats | None = None,
    today: datetime.date | None = None,
) -> Scored:
    """Fused, length- and age-adjusted scores for every candidate, in input order."""
    options = options or MatchOptions()
    query_terms = terms(query, language)
    candidate_terms = [
        c.terms if c.terms is not None else terms(c.text, c.language) for c in candidates
    ]
    stats = stats or CorpusStats.of(candidate_terms)
    ceiling = self_score(query_terms, stats)
    lexical = np.array(
        [normalized(s, ceiling) for s in bm25_scores(query_terms, candidate_terms, stats)],
        dtype=np.float64,
    )
    semantic = _semantic(query, candidates, encoder, query_vector)
    if semantic is None:
        fused = lexical.copy()
    else:
        weight = options.semantic_weight
        if weight is None:
            weight = fusion.SEMANTIC_WEIGHT.get(getattr(encoder, "name", ""), 0.7)
        fused = fusion.FUSIONS[options.fusion](lexical, semantic, weight)
    fused = fused * length_factor(len(query_terms), options.short_terms)
    fused = fused * np.array([length_factor(len(t), options.short_terms) for t in candidate_terms])
    if options.recency_half_life_days > 0:
        today = today or datetime.date.today()
        fused = fused * np.array(
            [recency_factor(c.date, today, options) for c in candidates], dtype=np.float64
        )
    return Scored(fused, lexical, semantic)


def penalty(found: Sequence[Difference]) -> float:
    """What a candidate keeps of its score for the differences found."""
    if any(difference.certain for difference in found):
        return LOOKALIKE_FACTOR
    return 1.0


def length_factor(term_count: int, short_terms: int) -> float:
    """What a text of ``term_count`` terms keeps of its score."""
    if short_terms <= 0 or term_count >= short_terms:
        return 1.0
    return math.sqrt(term_count / short_terms)


def recency_factor(
    date: datetime.date | None, today: datetime.date, options: MatchOptions
) -> float:
    """What a check dated ``date`` keeps of its score when the team prefers recent checks;
    an undated check is treated as very old."""
    if date is None:
        return 1.0 - options.recency_weight
    age = max(0, (today - date).days)
    decay = 0.5 ** (age / options.recency_half_life_days)
    return 1.0 - options.recency_weight * (1.0 - decay)


def _semantic(
    query: str,
    candidates: Sequence[Candidate],
    encoder: Encoder | None,
    query_vector: np.ndarray | None,
) -> np.ndarray | None:
    if query_vector is None:
        if encoder is None:
            return None
        query_vector = encoder.encode([query])[0]
    missing = [i for i, c in enumerate(candidates) if c.vector is None]
    vectors = np.zeros((len(candidates), len(query_vector)), dtype=np.float32)
    for i, c in enumerate(candidates):
        if c.vector is not None:
            vectors[i] = c.vector
    if missing:
        if encoder is None:
            raise ValueError("Candidates without stored vectors need an encoder.")
        vectors[missing] = encoder.encode([candidates[i].text for i in missing])
    return (vectors @ np.asarray(query_vector, dtype=np.float32)).astype(np.float64)

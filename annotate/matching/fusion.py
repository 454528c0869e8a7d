"""Ways to combine a lexical and a semantic score per candidate into one ordering.

``bench/matching.py`` measures each on the labelled set (MAP@5, MRR, recall); ``CHOSEN`` is
the one the figures picked, and ``annotate.matching.ranking`` uses it. The others stay here so
the bench can keep measuring them against it.

Inputs are, per candidate, ``lexical``: BM25 over the query's own BM25 score, in [0, 1]; and
``semantic``: the cosine of the two embeddings, in [-1, 1].

- ``lexical``, ``semantic``: one signal alone.
- ``average``: the plain average of both after min-max scaling over the candidates (the
  combination the issue cites as doing worse than the model alone).
- ``rrf``: reciprocal-rank fusion, sum of 1 / (60 + rank) over both orderings.
- ``weighted``: ``w * max(cosine, 0) + (1 - w) * lexical``: both are already absolute
  scales, so no per-query rescaling is needed and a score means the same thing in every
  query; that is what lets a team set thresholds on it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

RRF_K = 60


def lexical_only(lexical: np.ndarray, semantic: np.ndarray, weight: float) -> np.ndarray:
    return lexical


def semantic_only(lexical: np.ndarray, semantic: np.ndarray, weight: float) -> np.ndarray:
    return np.clip(semantic, 0.0, 1.0)


def average(lexical: np.ndarray, semantic: np.ndarray, weight: float) -> np.ndarray:
    return (_min_max(lexical) + _min_max(semantic)) / 2


def rrf(lexical: np.ndarray, semantic: np.ndarray, weight: float) -> np.ndarray:
    return 1 / (RRF_K + _ranks(lexical)) + 1 / (RRF_K + _ranks(semantic))


def weighted(lexical: np.ndarray, semantic: np.ndarray, weight: float) -> np.ndarray:
    return weight * np.clip(semantic, 0.0, 1.0) + (1 - weight) * lexical


FUSIONS: dict[str, Callable[[np.ndarray, np.ndarray, float], np.ndarray]] = {
    "lexical": lexical_only,
    "semantic": semantic_only,
    "average": average,
    "rrf": rrf,
    "weighted": weighted,
}
CHOSEN = "weighted"
# Per model, from bench/matching.py (dev split, 10,000 archived checks): the weight of the
# semantic score in ``weighted``, and whether the nearest stored vectors should join the
# full-text candidates ("hybrid") or the model only re-ranks the full-text candidates.
SEMANTIC_WEIGHT = {"multilingual": 0.8}
DENSE_CANDIDATES = {"multilingual": True}


def _min_max(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-12:
        return np.zeros_like(values)
    return (values - low) / (high - low)


def _ranks(values: np.ndarray) -> np.ndarray:
    """1 for the highest value, 2 for the next..."""
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.arange(1, len(values) + 1)
    return ranks

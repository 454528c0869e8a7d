"""Matching a claim against earlier fact-checks ("Checked before"): pure, no Django.

What the rest of the app uses (wave 2 wires it to the database):

- ``index_terms(text, language)``: the terms to store in a claim's or reference check's
  full-text column (``tokens``); ``terms`` gives them as a list.
- ``load_encoder(name)``: the embedding model a team chose (``models.CHOICES``: "off",
  "english", "multilingual"), checksummed, once per process; ``encoder.encode(texts)`` and
  ``encoder.model_id`` (stored beside each vector); ``vectors.to_bytes`` / ``from_bytes`` /
  ``matrix_from_bytes`` for the stored form and ``VectorIndex`` for the nearest neighbours.
- ``rank(query, candidates, ...)`` with ``Candidate`` and ``MatchOptions``: the ranked
  ``Match`` list the desk panel and ``/api/checked-before/`` show; ``CorpusStats`` for the
  archive's BM25 statistics.
- ``differences(query, candidate)``: what clashes between two look-alike claims.
"""

from annotate.matching.bm25 import CorpusStats, LexicalIndex
from annotate.matching.lookalike import Difference, differences
from annotate.matching.models import CHOICES, ModelUnavailable, load_encoder
from annotate.matching.ranking import Candidate, Match, MatchOptions, rank
from annotate.matching.tokens import index_terms, terms
from annotate.matching.vectors import VectorIndex

__all__ = [
    "CHOICES",
    "Candidate",
    "CorpusStats",
    "Difference",
    "LexicalIndex",
    "Match",
    "MatchOptions",
    "ModelUnavailable",
    "VectorIndex",
    "differences",
    "index_terms",
    "load_encoder",
    "rank",
    "terms",
]

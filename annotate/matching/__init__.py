"""Matching a claim against earlier fact-checks ("Checked before"): pure, no Django.

The pieces (each module's docstring has the details and the reasons):

- ``tokens``: ``terms`` / ``index_terms``, the normalized, stemmed terms of a text;
- ``bm25``: ``CorpusStats``, ``bm25_scores`` and ``LexicalIndex``;
- ``lookalike``: ``differences(query, candidate)``, the facts two claims clash on;
- ``models``: ``load_encoder(name)``, the checksummed embedding models (``CHOICES``);
- ``vectors``: the stored form of a vector and ``VectorIndex``;
- ``fusion``: the measured combination of lexical and semantic scores;
- ``ranking``: ``rank(query, candidates, ...)`` -> ``Match`` list, with the thresholds.

How the Django side is meant to use it (wave 2):

1. Storage, per own approved claim and per reference fact-check: ``match_terms`` =
   ``index_terms(text, language)`` (text: the restatement, else the quote; for a reference
   check its ``claim_reviewed``), its term count, and ``match_vector`` =
   ``vectors.to_bytes(encoder.encode([text])[0])`` with ``match_model`` = ``encoder.model_id``.
   The full-text index covers ``match_terms`` with a whitespace tokenizer that keeps dots in
   numbers (FTS5 ``tokenize="unicode61 tokenchars '.'"``, PostgreSQL
   ``to_tsvector('simple', match_terms)`` with a GIN index), so both engines hold exactly
   these terms. Vectors are written by a Celery job (batches, progress on its Job) after a
   reference import and when a claim's text changes; a row whose ``match_model`` is not the
   current ``encoder.model_id`` is re-embedded.
2. At query time: ``encoder = load_encoder(setting)`` (``"multilingual"`` by default,
   or ``"off"``; catch ``ModelUnavailable`` and rank lexically, showing its
   ``message``). Candidates: the full-text engine's best 100 for the OR of
   ``terms(text, language)``, plus, when ``fusion.DENSE_CANDIDATES[encoder.name]``, the
   nearest 100 stored vectors (``VectorIndex(keys, matrix_from_bytes(rows, dimension))``,
   cached per team and process until the team's archive changes). Statistics:
   ``CorpusStats(document_count, average_length, {term: document_frequency})`` for the
   query's terms (FTS5: its ``fts5vocab`` row table; PostgreSQL: one indexed count per term).
3. ``rank(text, [Candidate(key, text, language, date, terms=tuple(match_terms.split()),
   vector=vectors.from_bytes(match_vector, dimension)) ...], language=...,
   options=MatchOptions(suggest=..., auto_link=..., limit=...,
   recency_half_life_days=ranking.PREFER_RECENT_HALF_LIFE if the team prefers recent checks
   else 0), query_vector=encoder.encode([text])[0], stats=...)`` gives the ``Match`` list:
   ``score``, ``lexical``, ``semantic``, ``differences`` (``describe()`` for the panel),
   ``auto_link``. Keys are the caller's, e.g. ``("claim", id)`` / ``("reference", id)``.
"""

from annotate.matching.bm25 import CorpusStats, LexicalIndex
from annotate.matching.lookalike import Difference, differences
from annotate.matching.models import CHOICES, DEFAULT, ModelUnavailable, load_encoder
from annotate.matching.ranking import Candidate, Match, MatchOptions, rank
from annotate.matching.tokens import index_terms, terms
from annotate.matching.vectors import VectorIndex

__all__ = [
    "CHOICES",
    "DEFAULT",
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

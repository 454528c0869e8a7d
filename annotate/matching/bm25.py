"""BM25 (Robertson and Walker's Okapi weighting, Lucene's non-negative IDF) over claim terms.

Two ways in, one formula:

- ``LexicalIndex``: an in-memory inverted index of the whole archive. The bench uses it to
  stand for the database full-text engine that gives wave 2 its candidates, and to score them.
- ``bm25_scores(query, candidates, stats)``: the same scores for a given list of candidates
  (what the database returned), with the archive's statistics (``CorpusStats``) so a term's
  weight does not depend on which candidates came back. Without statistics the candidates
  themselves stand for the archive, which is close when there are enough of them.

``normalized`` turns a score into [0, 1] by dividing by the score the query would get against
itself: 1 means every query term is there as often as in the query. That is what makes a BM25
figure comparable across queries, so thresholds and fusion weights can be fixed numbers.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class CorpusStats:
    """What BM25 needs to know about the archive: its size, the mean length of its texts (in
    terms) and, per term, in how many texts it occurs (only the query's terms are needed)."""

    document_count: int
    average_length: float
    document_frequency: Mapping[str, int] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        n = self.document_frequency.get(term, 0)
        return math.log(1 + (self.document_count - n + 0.5) / (n + 0.5))

    @classmethod
    def of(cls, documents: Iterable[Sequence[str]]) -> CorpusStats:
        """Statistics of a list of term lists."""
        frequency: Counter[str] = Counter()
        count = total = 0
        for terms in documents:
            count += 1
            total += len(terms)
            frequency.update(set(terms))
        return cls(count, total / count if count else 0.0, frequency)


def term_score(tf: int, length: float, idf: float, average_length: float) -> float:
    """One term's share of a text's BM25 score."""
    norm = 1 - B + B * (length / average_length if average_length else 1.0)
    return idf * tf * (K1 + 1) / (tf + K1 * norm)


def bm25_scores(
    query: Sequence[str],
    candidates: Sequence[Sequence[str]],
    stats: CorpusStats | None = None,
) -> list[float]:
    """The BM25 score of each candidate term list for the ``query`` terms, in order."""
    stats = stats or CorpusStats.of(candidates)
    weights = {term: stats.idf(term) for term in set(query)}
    scores = []
    for terms in candidates:
        counts = Counter(terms)
        scores.append(
            sum(
                term_score(counts[term], len(terms), idf, stats.average_length)
                for term, idf in weights.items()
                if counts[term]
            )
        )
    return scores


def self_score(query: Sequence[str], stats: CorpusStats) -> float:
    """The score ``query`` gets against itself as a text of average length: the ceiling that
    ``normalized`` divides by."""
    counts = Counter(query)
    return sum(
        term_score(tf, stats.average_length, stats.idf(term), stats.average_length)
        for term, tf in counts.items()
    )


def normalized(score: float, ceiling: float) -> float:
    """``score`` over the query's own score, capped to [0, 1]."""
    if ceiling <= 0:
        return 0.0
    return max(0.0, min(1.0, score / ceiling))


class LexicalIndex:
    """An inverted index of term lists by key, for top-k BM25 retrieval over a whole archive.

    Adding, replacing and removing a text are incremental; statistics follow. Retrieval is
    term-at-a-time over the postings of the query's terms, the way a full-text engine's
    ranked OR query works, with each posting list kept as numpy arrays (rebuilt after a
    change to that term) so a query over 100,000 texts costs a few array operations per term.
    """

    def __init__(self) -> None:
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)  # term -> row -> tf
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._row: dict[Hashable, int] = {}
        self._keys: list[Hashable | None] = []
        self._lengths = np.zeros(0, dtype=np.float64)
        self._terms: dict[Hashable, tuple[str, ...]] = {}
        self._free: list[int] = []
        self._total = 0

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._row

    def add(self, key: Hashable, terms: Sequence[str]) -> None:
        """Index ``terms`` under ``key`` (replacing what ``key`` had)."""
        if key in self._row:
            self.remove(key)
        row = self._free.pop() if self._free else self._new_row()
        self._row[key] = row
        self._keys[row] = key
        self._lengths[row] = len(terms)
        for term, tf in Counter(terms).items():
            self._postings[term][row] = tf
            self._arrays.pop(term, None)
        self._terms[key] = tuple(terms)
        self._total += len(terms)

    def remove(self, key: Hashable) -> None:
        """Drop ``key`` from the index (nothing happens if it is not there)."""
        row = self._row.pop(key, None)
        if row is None:
            return
        terms = self._terms.pop(key)
        for term in set(terms):
            posting = self._postings[term]
            posting.pop(row, None)
            self._arrays.pop(term, None)
            if not posting:
                del self._postings[term]
        self._total -= len(terms)
        self._keys[row] = None
        self._lengths[row] = 0
        self._free.append(row)

    def terms_of(self, key: Hashable) -> tuple[str, ...]:
        return self._terms[key]

    def stats(self, query: Iterable[str] = ()) -> CorpusStats:
        """The archive's statistics, with document frequencies for the ``query`` terms."""
        count = len(self._row)
        frequency = {term: len(self._postings.get(term, ())) for term in set(query)}
        return CorpusStats(count, self._total / count if count else 0.0, frequency)

    def search(self, query: Sequence[str], limit: int) -> list[tuple[Hashable, float]]:
        """The ``limit`` best ``(key, score)`` pairs for ``query``, best first (equal scores
        in the order of their rows, which is insertion order until rows are reused)."""
        stats = self.stats(query)
        if not stats.document_count or limit <= 0:
            return []
        norm = K1 * (1 - B + B * self._lengths / (stats.average_length or 1.0))
        scores = np.zeros(len(self._keys), dtype=np.float64)
        for term in set(query):
            if term not in self._postings:
                continue
            rows, tfs = self._posting_arrays(term)
            scores[rows] += stats.idf(term) * tfs * (K1 + 1) / (tfs + norm[rows])
        hits = np.flatnonzero(scores)
        if len(hits) > limit:
            hits = hits[np.argpartition(-scores[hits], limit - 1)[:limit]]
        hits = hits[np.lexsort((hits, -scores[hits]))]
        return [(self._keys[row], float(scores[row])) for row in hits]

    def _posting_arrays(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        arrays = self._arrays.get(term)
        if arrays is None:
            posting = self._postings[term]
            rows = np.fromiter(posting.keys(), dtype=np.int64, count=len(posting))
            tfs = np.fromiter(posting.values(), dtype=np.float64, count=len(posting))
            arrays = self._arrays[term] = (rows, tfs)
        return arrays

    def _new_row(self) -> int:
        row = len(self._keys)
        self._keys.append(None)
        if row >= len(self._lengths):
            grown = np.zeros(max(16, 2 * len(self._lengths)), dtype=np.float64)
            grown[: len(self._lengths)] = self._lengths
            self._lengths = grown
        return row

"""Stored embeddings: their bytes in the database and a brute-force index over them.

A vector is stored as little-endian float16 (768 bytes for the English model): cosine
similarities computed from float16 differ from float32 ones by about 1e-3, far below what
ranking or thresholds notice, at half the storage. ``VectorIndex`` holds one team's vectors
as one float32 matrix; finding the nearest of 100,000 is one matrix-vector product (a few
milliseconds), so no approximate index is needed at a newsroom's scale.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

_STORED = np.dtype("<f2")


class VectorError(ValueError):
    """Stored bytes that are not a vector of the expected size."""


def to_bytes(vector: np.ndarray) -> bytes:
    """The stored form of one unit-length vector."""
    return np.asarray(vector, dtype=_STORED).tobytes()


def from_bytes(data: bytes, dimension: int) -> np.ndarray:
    """One float32 vector from its stored form; ``VectorError`` if the size is wrong."""
    if len(data) != dimension * _STORED.itemsize:
        raise VectorError(
            f"A stored vector has {len(data)} bytes; {dimension * _STORED.itemsize} expected."
        )
    return np.frombuffer(data, dtype=_STORED).astype(np.float32)


def matrix_from_bytes(rows: Sequence[bytes], dimension: int) -> np.ndarray:
    """``(len(rows), dimension)`` float32 from stored vectors."""
    width = dimension * _STORED.itemsize
    for data in rows:
        if len(data) != width:
            raise VectorError(f"A stored vector has {len(data)} bytes; {width} expected.")
    joined = b"".join(rows)
    return np.frombuffer(joined, dtype=_STORED).reshape(len(rows), dimension).astype(np.float32)


class VectorIndex:
    """Keys and their unit vectors; ``search`` finds the most similar by cosine."""

    def __init__(self, keys: Sequence[Hashable], matrix: np.ndarray) -> None:
        matrix = np.asarray(matrix, dtype=np.float32)
        if matrix.ndim != 2 or len(keys) != matrix.shape[0]:
            raise VectorError("An index needs one vector row per key.")
        self.keys = list(keys)
        self.matrix = matrix
        self._row = {key: row for row, key in enumerate(self.keys)}

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._row

    def vector(self, key: Hashable) -> np.ndarray | None:
        row = self._row.get(key)
        return None if row is None else self.matrix[row]

    def search(self, query: np.ndarray, limit: int) -> list[tuple[Hashable, float]]:
        """The ``limit`` nearest ``(key, cosine)`` pairs, most similar first."""
        if not self.keys or limit <= 0:
            return []
        scores = self.matrix @ np.asarray(query, dtype=np.float32)
        limit = min(limit, len(self.keys))
        top = np.argpartition(-scores, limit - 1)[:limit]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.keys[row], float(scores[row])) for row in top]

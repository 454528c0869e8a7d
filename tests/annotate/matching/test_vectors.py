"""Stored vectors round-trip; the index finds the nearest."""

from __future__ import annotations

import numpy as np
import pytest

from annotate.matching.vectors import (
    VectorError,
    VectorIndex,
    from_bytes,
    matrix_from_bytes,
    to_bytes,
)


def unit(values) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_round_trip_is_close_and_half_size():
    vector = unit(np.arange(1, 385))
    data = to_bytes(vector)
    assert len(data) == 768
    assert np.abs(from_bytes(data, 384) - vector).max() < 1e-3
    matrix = matrix_from_bytes([data, data], 384)
    assert matrix.shape == (2, 384) and matrix.dtype == np.float32


def test_wrong_sizes_are_refused():
    with pytest.raises(VectorError, match="has 10 bytes; 768 expected"):
        from_bytes(b"x" * 10, 384)
    with pytest.raises(VectorError):
        matrix_from_bytes([b"x" * 768, b"x" * 2], 384)
    with pytest.raises(VectorError):
        VectorIndex(["a"], np.zeros((2, 3)))


def test_search_returns_the_nearest_first():
    index = VectorIndex(["x", "y", "z"], np.stack([unit([1, 0]), unit([0, 1]), unit([1, 1])]))
    assert [key for key, _ in index.search(unit([1, 0.2]), 2)] == ["x", "z"]
    assert index.search(unit([1, 0]), 0) == []
    assert len(index.search(unit([1, 0]), 10)) == 3
    assert "y" in index and index.vector("nope") is None
    assert VectorIndex([], np.zeros((0, 2))).search(unit([1, 0]), 3) == []

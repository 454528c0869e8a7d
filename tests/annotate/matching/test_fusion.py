"""The fusion functions the bench compares."""

from __future__ import annotations

import numpy as np
import pytest

from annotate.matching.fusion import average, rrf, semantic_only, weighted

LEXICAL = np.array([0.9, 0.2, 0.5])
SEMANTIC = np.array([0.1, 0.8, -0.3])


def test_weighted_is_absolute_and_clips_negative_cosines():
    assert weighted(LEXICAL, SEMANTIC, 0.5) == pytest.approx([0.5, 0.5, 0.25])
    assert semantic_only(LEXICAL, SEMANTIC, 0) == pytest.approx([0.1, 0.8, 0.0])


def test_average_rescales_each_signal_over_the_candidates():
    assert average(LEXICAL, SEMANTIC, 0) == pytest.approx([0.5 + 0.5 * 4 / 11, 0.5, 0.5 * 3 / 7])
    assert average(np.ones(3), np.ones(3), 0) == pytest.approx([0, 0, 0])


def test_rrf_sums_reciprocal_ranks():
    assert rrf(LEXICAL, SEMANTIC, 0) == pytest.approx(
        [1 / 61 + 1 / 62, 1 / 63 + 1 / 61, 1 / 62 + 1 / 63]
    )

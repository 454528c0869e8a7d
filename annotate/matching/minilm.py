"""all-MiniLM-L6-v2 in plain numpy: its WordPiece tokenizer and its six-layer BERT encoder.

The weights (``model.safetensors``) and the vocabulary come from an installed wheel (see
``annotate.matching.models``); nothing is downloaded. The forward pass is the standard BERT
encoder with mean pooling over the tokens and L2 normalization, as sentence-transformers
runs this model; ``tests/annotate/matching/test_minilm.py`` checks the vectors against ones
the reference implementation produced.

Why numpy and not a runtime: the model is 22 million parameters, a claim is about 30 tokens,
and one claim embeds in a few milliseconds with numpy's matrix products; PyTorch would add
gigabytes to ``make run`` for nothing, and no wheel ships this model as ONNX with its
tokenizer.
"""

from __future__ import annotations

import json
import struct
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

HIDDEN = 384
LAYERS = 6
HEADS = 12
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
LAYER_NORM_EPS = 1e-12
_BATCH = 32


class WordPiece:
    """BERT's uncased tokenizer: clean, split CJK characters and punctuation, lower-case and
    strip accents, then greedy longest-match WordPiece over ``vocab.txt``."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.ids = {token: index for index, token in enumerate(vocabulary)}
        self.unknown = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def from_file(cls, path: Path) -> WordPiece:
        return cls(path.read_text(encoding="utf-8").splitlines())

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """``[CLS] pieces... [SEP]``, truncated to ``max_tokens`` ids in all."""
        pieces: list[int] = []
        for word in _basic_words(text):
            pieces.extend(self._word_pieces(word))
            if len(pieces) >= max_tokens - 2:
                break
        return [self.cls, *pieces[: max_tokens - 2], self.sep]

    def _word_pieces(self, word: str) -> list[int]:
        found = self._cache.get(word)
        if found is not None:
            return found
        if len(word) > 100:
            return [self.unknown]
        out: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            piece = None
            while start < end:
                candidate = word[start:end] if start == 0 else "##" + word[start:end]
                piece = self.ids.get(candidate)
                if piece is not None:
                    break
                end -= 1
            if piece is None:
                out = [self.unknown]
                break
            out.append(piece)
            start = end
        if len(self._cache) < 100_000:
            self._cache[word] = out
        return out


def _basic_words(text: str) -> list[str]:
    """BERT's basic tokenizer with lower-casing and accent stripping."""
    cleaned = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD or _is_control(char):
            continue
        if _is_cjk(code):
            cleaned.append(f" {char} ")
        elif char.isspace():
            cleaned.append(" ")
        else:
            cleaned.append(char)
    words = []
    for word in "".join(cleaned).split():
        word = unicodedata.normalize("NFD", word.lower())
        word = "".join(char for char in word if unicodedata.category(char) != "Mn")
        words.extend(_split_punctuation(word))
    return words


def _split_punctuation(word: str) -> list[str]:
    out: list[str] = []
    current = ""
    for char in word:
        if _is_punctuation(char):
            if current:
                out.append(current)
                current = ""
            out.append(char)
        else:
            current += char
    if current:
        out.append(current)
    return out


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cf")


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a ``.safetensors`` file (8-byte header length, JSON header,
    then the raw little-endian buffers it points into)."""
    data = path.read_bytes()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_length])
    base = 8 + header_length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        start, end = entry["data_offsets"]
        array = np.frombuffer(data, dtype="<f4", count=(end - start) // 4, offset=base + start)
        tensors[name] = array.reshape(entry["shape"])
    return tensors


class MiniLM:
    """The encoder: ``encode(texts)`` gives one unit-length 384-dimension vector per text."""

    dimension = HIDDEN

    def __init__(self, tensors: dict[str, np.ndarray], tokenizer: WordPiece) -> None:
        self.tokenizer = tokenizer
        prefix = "embeddings."
        self.word = tensors[prefix + "word_embeddings.weight"]
        self.position = tensors[prefix + "position_embeddings.weight"]
        self.token_type = tensors[prefix + "token_type_embeddings.weight"][0]
        self.embedding_norm = _norm(tensors, prefix + "LayerNorm")
        self.layers = [_layer(tensors, f"encoder.layer.{i}.") for i in range(LAYERS)]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), 384)`` float32, each row of unit length."""
        ids = [self.tokenizer.encode(text) for text in texts]
        out = np.zeros((len(ids), HIDDEN), dtype=np.float32)
        # Texts of similar length batched together waste little on padding.
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), _BATCH):
            batch = order[start : start + _BATCH]
            out[batch] = self._encode_batch([ids[i] for i in batch])
        return out

    def _encode_batch(self, batch: list[list[int]]) -> np.ndarray:
        length = max(len(ids) for ids in batch)
        tokens = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, ids in enumerate(batch):
            tokens[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        x = self.word[tokens] + self.position[:length] + self.token_type
        x = _layer_norm(x.reshape(-1, HIDDEN), *self.embedding_norm)
        # Padding may not be attended to: a large negative bias before the softmax.
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for layer in self.layers:
            x = _encoder_layer(x, bias, layer)
        x = x.reshape(len(batch), length, HIDDEN)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _norm(tensors: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray]:
    return tensors[name + ".weight"], tensors[name + ".bias"]


def _layer(tensors: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    def linear(name: str) -> tuple[np.ndarray, np.ndarray]:
        # Stored (out, in) as PyTorch does; transposed once so the products read rows.
        weight = np.ascontiguousarray(tensors[prefix + name + ".weight"].T)
        return weight, tensors[prefix + name + ".bias"]

    q, k, v = (
        linear("attention.self.query"),
        linear("attention.self.key"),
        linear("attention.self.value"),
    )
    return {
        "qkv": np.concatenate([q[0], k[0], v[0]], axis=1),
        "qkv_bias": np.concatenate([q[1], k[1], v[1]]),
        "attention_out": linear("attention.output.dense"),
        "attention_norm": _norm(tensors, prefix + "attention.output.LayerNorm"),
        "intermediate": linear("intermediate.dense"),
        "output": linear("output.dense"),
        "output_norm": _norm(tensors, prefix + "output.LayerNorm"),
    }


def _encoder_layer(x: np.ndarray, bias: np.ndarray, layer: dict) -> np.ndarray:
    """One BERT layer over ``x`` of shape ``(batch * length, hidden)``: the dense products
    run on that 2-D matrix (one BLAS call each), attention per text."""
    batch, _, _, length = bias.shape
    head = HIDDEN // HEADS
    qkv = x @ layer["qkv"] + layer["qkv_bias"]
    qkv = qkv.reshape(batch, length, 3, HEADS, head).transpose(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    scores = q @ k.transpose(0, 1, 3, 2)
    scores *= np.float32(1 / np.sqrt(head))
    scores += bias
    scores -= scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)
    context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, HIDDEN)
    weight, b = layer["attention_out"]
    x = _layer_norm(x + context @ weight + b, *layer["attention_norm"])
    weight, b = layer["intermediate"]
    hidden = _gelu(x @ weight + b)
    weight, b = layer["output"]
    return _layer_norm(x + hidden @ weight + b, *layer["output_norm"])


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centered = x - mean
    variance = (centered * centered).mean(axis=-1, keepdims=True)
    return centered / np.sqrt(variance + LAYER_NORM_EPS) * gamma + beta


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), in place, with erf from Abramowitz and Stegun 7.1.26
    (absolute error under 1.5e-7: below float32 noise in the result)."""
    z = np.abs(x) * np.float32(1 / np.sqrt(2))
    t = np.float32(0.3275911) * z
    t += 1
    np.reciprocal(t, out=t)
    poly = np.float32(1.061405429) * t
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(coefficient)
        poly *= t
    z *= z
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z
    poly *= np.float32(0.5)  # (1 - erf(|x| / sqrt 2)) / 2, the tail Phi(-|x|)
    # Phi(x) is the tail for x < 0 and one minus it for x >= 0.
    phi = np.where(x >= 0, np.float32(1) - poly, poly)
    x *= phi
    return x

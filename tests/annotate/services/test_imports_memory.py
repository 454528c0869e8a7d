"""Imports in bounded memory: the traced peak of an import does not grow with the file.

A plain-text import streams (services.documents, ingest.txt.stream): at 2 MB and at 15 MB the
peak of Python allocations during `import_run` stays under 64 MiB, and the larger file, seven
times the size, adds little. The sentences are long so that the test stays quick under
tracemalloc; bench/import_speed.py measures news-like text at 1, 7.5 and 15 MB.
"""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from annotate.models import JobStatus
from annotate.services.imports import import_run, import_start

MiB = 1024 * 1024
LIMIT = 64 * MiB

pytestmark = pytest.mark.django_db


def _text(size: int) -> bytes:
    """Paragraphs of five long sentences, with a link now and then, about `size` bytes."""
    clause = "the council said the budget for roads and schools would rise again next year"
    paragraphs, total, n = [], 0, 0
    while total < size:
        sentences = [
            f"In district {n}-{i}, {clause}, {clause.replace('roads', 'parks')}, and {clause}."
            for i in range(5)
        ]
        if n % 50 == 0:
            sentences.append(f"See https://example.org/report/{n}.")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
        n += 1
    return "\n\n".join(paragraphs).encode()


def _peak_of_import(membership, size: int) -> tuple[int, int]:
    [job] = import_start(membership=membership, uploads=[("big.txt", _text(size))], enqueue=False)
    gc.collect()
    tracemalloc.start()
    try:
        job = import_run(job_id=job.pk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert job.status == JobStatus.SUCCEEDED, job.error
    return peak, job.document.sentence_count


def test_peak_memory_of_an_import_is_bounded_whatever_the_size(checker):
    import_run(
        job_id=import_start(
            membership=checker, uploads=[("warm.txt", _text(30_000))], enqueue=False
        )[0].pk
    )  # loads the language model once
    small, small_sentences = _peak_of_import(checker, 2_000_000)
    large, large_sentences = _peak_of_import(checker, 15_000_000)
    assert large_sentences > 7 * small_sentences
    assert small < LIMIT
    assert large < LIMIT
    # Bounded, not merely under the limit: 7.5 times the text adds less than 16 MiB.
    assert large - small < 16 * MiB

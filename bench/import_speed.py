"""Import speed: a 1 MB text article (about 10,000 sentences) through the whole import job.

Measures, on SQLite in a temporary var folder: sentences imported per second, peak Python memory
(tracemalloc) of one import, the ratio of the whole import (read, decode, normalize, segment,
save: services.imports.import_run on a queued job) to the splitter alone (annotate.text.segment
on the same normalized text), and the SQL statements of an import at two sizes (they must be
equal: sentences go in as one bulk INSERT). Target: ratio <= 3.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["FACTCHECK_VAR_DIR"] = tempfile.mkdtemp(prefix="fc-bench-import-")
os.environ.pop("DATABASE_URL", None)  # always SQLite in the temporary folder
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from annotate.models import Role  # noqa: E402
from annotate.services.imports import import_run, import_start  # noqa: E402
from annotate.services.teams import membership_set, team_create  # noqa: E402
from annotate.text.normalize import normalize_text  # noqa: E402
from annotate.text.segment import segment  # noqa: E402

TARGET_BYTES = 1024 * 1024
REPEATS = 3


def article(seed: int, target_bytes: int = TARGET_BYTES) -> str:
    """Plain text of news-like sentences in paragraphs of five, about `target_bytes` long."""
    sentences, size, i = [], 0, 0
    while size < target_bytes:
        sentence = (
            f"In {2000 + i % 24}, the council of district {seed}-{i} spent "
            f"{i % 97}.{i % 10} million euros on roads, Dr. Smith told reporters."
        )
        sentences.append(sentence)
        size += len(sentence) + 1
        i += 1
    paragraphs = [" ".join(sentences[k : k + 5]) for k in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


def import_once(membership, text: str, name: str = "article.txt"):
    [job] = import_start(membership=membership, uploads=[(name, text.encode())], enqueue=False)
    started = time.perf_counter()
    job = import_run(job_id=job.pk)
    elapsed = time.perf_counter() - started
    assert job.status == "succeeded", job.error
    return job, elapsed


def main() -> None:
    call_command("migrate", verbosity=0)
    team = team_create(name="Bench", slug="bench")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench")
    membership = membership_set(team=team, user=user, role=Role.CHECKER)

    texts = [article(seed) for seed in range(REPEATS + 2)]
    normalized = normalize_text(texts[0])
    split_times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        spans = segment(normalized)
        split_times.append(time.perf_counter() - started)
    split = min(split_times)

    import_times, sentences = [], 0
    for seed in range(REPEATS):
        job, elapsed = import_once(membership, texts[seed])
        import_times.append(elapsed)
        sentences = job.document.sentence_count
    whole = min(import_times)

    tracemalloc.start()
    import_once(membership, texts[REPEATS])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    statements = {}
    for label, size in (("small", 20_000), ("large", TARGET_BYTES)):
        text = article(100 + size, size)
        [job] = import_start(
            membership=membership, uploads=[("a.txt", text.encode())], enqueue=False
        )
        with CaptureQueriesContext(connection) as queries:
            import_run(job_id=job.pk)
        statements[label] = (len(segment(normalize_text(text))), len(queries))

    rate = sentences / whole
    ratio = whole / split
    rows = [
        ("article size", f"{len(texts[0].encode()) / 1e6:.2f}", "MB"),
        ("sentences", f"{sentences}", "sentences"),
        ("splitter alone", f"{split * 1000:.0f}", "ms"),
        ("whole import", f"{whole * 1000:.0f}", "ms"),
        ("import rate", f"{rate:,.0f}", "sentences/s"),
        ("import / splitter", f"{ratio:.2f}", "x (target <= 3)"),
        ("peak memory", f"{peak / 1e6:.1f}", "MB"),
        (
            f"SQL, {statements['small'][0]} sentences",
            f"{statements['small'][1]}",
            "statements",
        ),
        (
            f"SQL, {statements['large'][0]} sentences",
            f"{statements['large'][1]}",
            "statements",
        ),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"{'figure'.ljust(width)}  value")
    for name, value, unit in rows:
        print(f"{name.ljust(width)}  {value} {unit}")
    print(f"bench: import_sentences_per_second {rate:.0f} sentences/s")
    print(f"bench: import_peak_memory {peak / 1e6:.1f} MB")
    print(f"bench: import_to_splitter_ratio {ratio:.2f} x")
    print(f"bench: import_sql_statements_small {statements['small'][1]} statements")
    print(f"bench: import_sql_statements_large {statements['large'][1]} statements")
    if len(spans) != sentences:
        print("warning: splitter and import disagree on the sentence count", file=sys.stderr)


if __name__ == "__main__":
    main()

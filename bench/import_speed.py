"""Import speed and memory at 1, 7.5 and 15 MB of news-like plain text, against sentencex alone.

Run: .venv/bin/python bench/import_speed.py [repeats]   (default 3; medians are reported)

For each size, on SQLite in a temporary var folder:
- sentencex alone: `sentencex.segment` over the stored paragraphs (its fastest call: sentences
  as strings, no offsets) and `sentencex.get_sentence_boundaries` (its call with offsets, which
  our splitter used to wrap);
- our splitter: `annotate.text.segment.segment_paragraph` over the same paragraphs (what the
  import calls: checked code-point offsets), as a ratio to each: the wrapper's overhead;
- the whole import job (`services.imports.import_run` on a queued job: read, decode, normalize,
  segment, save): time, sentences/s and its ratio to sentencex alone;
- peak added memory of the import, in a fresh process after a warm-up import (the language
  model and sentencex loaded): the traced peak of Python allocations (tracemalloc, one run; the
  figure tests/annotate/services/test_imports_memory.py asserts at 2 and 15 MB), and the peak
  resident size (ru_maxrss) over the resident size before the import, which adds SQLite's own
  memory: appending a chunk to the stored text makes SQLite copy the whole value (two to three
  times the text at the last chunk, outside Python);
- SQL statements of an import of 194 and of 9,820 sentences (equal: one chunk each).

Absolute times depend on the machine and its load; the ratios much less. Targets: peak added
memory < 64 MiB at 15 MB, wrapper < 1.5x sentencex alone.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES_MB = (1.0, 7.5, 15.0)
MB = 1_000_000
STATEMENT_SIZES = (20_000, 1_000_000)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.pop("DATABASE_URL", None)  # always SQLite in the temporary folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    # Production settings: with DEBUG on, Django keeps every statement (and its parameters).
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
    import django

    django.setup()


def article(seed: int, target_bytes: int) -> str:
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


def _membership():
    from django.contrib.auth import get_user_model

    from annotate.models import Membership, Role
    from annotate.services.teams import membership_set, team_create

    found = Membership.objects.select_related("team", "user").first()
    if found is not None:
        return found
    team = team_create(name="Bench", slug="bench")
    user = get_user_model().objects.create_user("bench")
    return membership_set(team=team, user=user, role=Role.CHECKER)


def _best(work, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def _each(split, paragraphs: list[str]) -> None:
    for paragraph in paragraphs:
        split("en", paragraph)


def segment_paragraph_en(language: str, paragraph: str):
    from annotate.text.segment import segment_paragraph

    return segment_paragraph(paragraph, language)


def prepare(size_mb: float, seed: int, count: int) -> dict:
    """Queue `count` imports of `size_mb` of text; time the splitters on the first's paragraphs."""
    import sentencex

    from annotate.services.imports import import_start
    from annotate.text.normalize import normalize_text

    text = article(seed, int(size_mb * MB))
    data = text.encode()
    paragraphs = normalize_text(text).split("\n\n")
    del text
    # Each answer is dropped at once, as the import does (it keeps a bounded window of rows);
    # the three are timed in turn, best of 7, so that a burst of load hits them alike.
    splitters = {
        "library": sentencex.segment,
        "boundaries": sentencex.get_sentence_boundaries,
        "wrapper": segment_paragraph_en,
    }
    # At least 7.5 MB of paragraphs per timing: sentencex needs only milliseconds for 1 MB,
    # too short to time on a loaded machine.
    sample = paragraphs * max(1, round(7.5 / size_mb))
    best = dict.fromkeys(splitters, float("inf"))
    for _ in range(7):
        for name, split in splitters.items():
            best[name] = min(best[name], _best(lambda split=split: _each(split, sample), 1))
    jobs = []
    for n in range(count):
        if n:
            data = article(seed + n, int(size_mb * MB)).encode()
        [job] = import_start(membership=_membership(), uploads=[("a.txt", data)], enqueue=False)
        jobs.append(job.pk)
    scale = len(sample) / len(paragraphs)
    return {
        "jobs": jobs,
        "bytes": len(data),
        **{name: seconds / scale for name, seconds in best.items()},
    }


def run(job_id: int) -> dict:
    """Import queued job `job_id` in this fresh process: its time and peak added memory."""
    from annotate.models import JobStatus
    from annotate.services.imports import import_run, import_start

    warm = article(10_000 + job_id, 30_000).encode()
    [warm_job] = import_start(membership=_membership(), uploads=[("w.txt", warm)], enqueue=False)
    import_run(job_id=warm_job.pk)
    before = _resident_bytes()
    started = time.perf_counter()
    job = import_run(job_id=job_id)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert job.status == JobStatus.SUCCEEDED, job.error
    return {
        "seconds": elapsed,
        "sentences": job.document.sentence_count,
        "added": max(peak - before, 0),
    }


def traced(job_id: int) -> dict:
    """Import queued job `job_id` under tracemalloc: the peak of Python allocations."""
    import tracemalloc

    from annotate.services.imports import import_run, import_start

    warm = article(20_000 + job_id, 30_000).encode()
    [warm_job] = import_start(membership=_membership(), uploads=[("w.txt", warm)], enqueue=False)
    import_run(job_id=warm_job.pk)
    tracemalloc.start()
    import_run(job_id=job_id)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"traced": peak}


def statements() -> list[tuple[int, int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from annotate.services.imports import import_run, import_start

    counts = []
    for size in STATEMENT_SIZES:
        data = article(500 + size, size).encode()
        [job] = import_start(membership=_membership(), uploads=[("s.txt", data)], enqueue=False)
        with CaptureQueriesContext(connection) as queries:
            job = import_run(job_id=job.pk)
        counts.append((job.document.sentence_count, len(queries)))
    return counts


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _child(*args: str) -> dict | list:
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-3000:])
        raise SystemExit(f"bench child {args} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(repeats: int) -> None:
    os.environ["FACTCHECK_VAR_DIR"] = tempfile.mkdtemp(prefix="fc-bench-import-")
    _child("--migrate")
    rows = []
    for size in SIZES_MB:
        prepared = _child("--prepare", str(size), str(int(size * 10) * 10), str(repeats + 1))
        *timed, traced_job = prepared.pop("jobs")
        runs = [{**prepared, **_child("--run", str(job))} for job in timed]
        runs[0].update(_child("--traced", str(traced_job)))
        rows.append((size, runs))
    counts = _child("--statements")
    _report(rows, counts, repeats)


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def _report(rows, counts, repeats: int) -> None:
    print(f"Plain-text import on SQLite, medians of {repeats} (times depend on the machine)")
    print(
        f"{'size':>6} {'sentences':>9} {'wrapper/lib':>11} {'import/lib':>10} {'traced MiB':>10} "
        f"{'RSS MiB':>7} {'import s':>8} {'sent/s':>8} {'lib ms':>7} {'offsets-api ms':>14}"
    )
    figures = []
    for size, runs in rows:
        seconds = _median(runs, "seconds")
        library = _median(runs, "library")
        sentences = runs[0]["sentences"]
        added = max(run["added"] for run in runs) / (1024 * 1024)
        traced_mib = runs[0]["traced"] / (1024 * 1024)
        import_ratio = seconds / library
        wrapper_ratio = _median(runs, "wrapper") / library
        offsets_ratio = _median(runs, "wrapper") / _median(runs, "boundaries")
        print(
            f"{size:>5g}M {sentences:>9} {wrapper_ratio:>11.2f} {import_ratio:>10.1f} "
            f"{traced_mib:>10.1f} {added:>7.1f} {seconds:>8.2f} {sentences / seconds:>8,.0f} "
            f"{library * 1000:>7.0f} {_median(runs, 'boundaries') * 1000:>14.0f}"
        )
        tag = f"{size:g}mb".replace(".", "_")
        figures += [
            (f"import_{tag}_to_sentencex_ratio", f"{import_ratio:.1f}", "x"),
            (f"segment_wrapper_{tag}_to_sentencex_ratio", f"{wrapper_ratio:.2f}", "x"),
            (f"segment_wrapper_{tag}_to_sentencex_offsets_ratio", f"{offsets_ratio:.2f}", "x"),
            (f"import_{tag}_peak_added_memory", f"{traced_mib:.1f}", "MiB"),
            (f"import_{tag}_peak_added_rss", f"{added:.1f}", "MiB"),
            (f"import_{tag}_seconds", f"{seconds:.2f}", "s"),
            (f"import_{tag}_sentences_per_second", f"{sentences / seconds:.0f}", "sentences/s"),
        ]
    (small_n, small_q), (large_n, large_q) = counts
    print(
        f"SQL statements of an import: {small_q} for {small_n} sentences, {large_q} for {large_n}"
    )
    figures += [
        ("import_sql_statements_small", str(small_q), "statements"),
        ("import_sql_statements_large", str(large_q), "statements"),
    ]
    for name, value, unit in figures:
        print(f"bench: {name} {value} {unit}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("--"):
        setup_django()
        command, *rest = sys.argv[1:]
        if command == "--migrate":
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            print(json.dumps({}))
        elif command == "--prepare":
            print(json.dumps(prepare(float(rest[0]), int(rest[1]), int(rest[2]))))
        elif command == "--run":
            print(json.dumps(run(int(rest[0]))))
        elif command == "--traced":
            print(json.dumps(traced(int(rest[0]))))
        elif command == "--statements":
            print(json.dumps(statements()))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)

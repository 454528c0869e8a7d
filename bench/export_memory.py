"""Large exports: time and peak memory of a 100,000-claim CSV (and JSON) export, before and after
the streaming export of issue 20.

Builds one document of N sentences, each a claim with 2 sources, a comment and (every other one)
a review, in a fresh SQLite database in a temporary folder (bench/export_db.build). Then each
variant runs in its own Python process on that database, so one's memory does not hide the
other's:

- before: what the export did until issue 20 (the selector builds the whole DocumentData, the
  renderer the whole file in memory, then it is written out);
- after: the export job as it runs now (services.exports.export_run: claims read in keyset
  pages, the renderer writing as they come, the file stored in blocks).

Memory is the process's resident peak (VmHWM) minus its size before the export: "added MiB".

    .venv/bin/python bench/export_memory.py [--claims 100000] [--formats csv,json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _export_db():
    spec = importlib.util.spec_from_file_location("export_db", ROOT / "bench" / "export_db.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _memory_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def measure(folder: Path, variant: str, fmt: str, document_id: int) -> dict:
    """One export in this process; its time and added resident peak."""
    os.environ["FACTCHECK_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.utils import timezone

    from annotate import formats
    from annotate.models import Document
    from annotate.selectors.exports import documents_export_data, export_options
    from annotate.services.exports import export_create, export_run

    document = Document.objects.select_related("team").get(pk=document_id)
    team = document.team
    before_kib = _memory_kib("VmRSS")
    started = time.perf_counter()
    if variant == "before":
        renderer = formats.export_format(fmt).renderer
        options = export_options(team, generated_at=timezone.now())
        [doc] = documents_export_data(team, [document.pk])
        content = renderer.render(doc, options)
        with tempfile.TemporaryFile() as out:
            out.write(content)
        size = len(content)
    else:
        job = export_run(job_id=export_create(team=team, document_ids=[document.pk], fmt=fmt).pk)
        assert job.status == "succeeded", job.error
        size = job.result_file.size
    seconds = time.perf_counter() - started
    peak_kib = _memory_kib("VmHWM")
    return {
        "seconds": seconds,
        "added_mib": (peak_kib - before_kib) / 1024,
        "peak_mib": peak_kib / 1024,
        "bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--formats", default="csv,json")
    parser.add_argument("--measure", nargs=4, metavar=("FOLDER", "VARIANT", "FORMAT", "DOC"))
    args = parser.parse_args()
    if args.measure:
        folder, variant, fmt, document_id = args.measure
        print(json.dumps(measure(Path(folder), variant, fmt, int(document_id))))
        return
    with tempfile.TemporaryDirectory(prefix="bench-exmem-") as name:
        folder = Path(name)
        export_db = _export_db()
        export_db.setup_django(folder)
        started = time.perf_counter()
        _team, document = export_db.build(args.claims, 1)
        print(f"Built {args.claims:,} claims in {time.perf_counter() - started:.0f} s")
        rows = []
        for fmt in args.formats.split(","):
            for variant in ("before", "after"):
                result = subprocess.run(
                    [sys.executable, __file__, "--measure", name, variant, fmt, str(document.pk)],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                )
                rows.append((fmt, variant, json.loads(result.stdout.strip().splitlines()[-1])))
    print(f"Export of one document with {args.claims:,} claims (one process per run)")
    print(
        f"{'format':<7} {'run':<7} {'time s':>8} {'added MiB':>10} {'peak MiB':>9} {'file MiB':>9}"
    )
    for fmt, variant, r in rows:
        print(
            f"{fmt:<7} {variant:<7} {r['seconds']:>10.1f} {r['added_mib']:>10.0f} "
            f"{r['peak_mib']:>10.0f} {r['bytes'] / 2**20:>10.1f}"
        )
    for fmt, variant, r in rows:
        print(f"bench: export_memory_{fmt}_{variant}_seconds {r['seconds']:.2f} s")
        print(f"bench: export_memory_{fmt}_{variant}_added {r['added_mib']:.0f} MiB")


if __name__ == "__main__":
    main()

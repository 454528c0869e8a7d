"""Print the README's import and desk benchmark table from a real run on this machine.

Run: .venv/bin/python bench/readme_table.py [repeats]   (default 3)

Runs bench/import_speed.py and bench/desk_render.py, reads their `bench:` lines and prints the
Markdown table of the README's "Import and desk" section: ratios first (they travel between
machines), then the figures that depend on the machine, under a line naming the machine (CPU,
cores, load average when the run started). Paste its output over the table in the README.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SIZES = (("1mb", "1 MB"), ("7_5mb", "7.5 MB"), ("15mb", "15 MB"))


def figures(script: str, *args: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(BENCH.parent)}
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-3000:])
        raise SystemExit(f"{script} failed")
    found = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "bench:":
            found[parts[1]] = parts[2]
    return found


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0]
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, load {load:.1f}"


def main() -> None:
    repeats = sys.argv[1] if len(sys.argv) > 1 else "3"
    where = machine()
    imports = figures("import_speed.py", repeats)
    desk = figures("desk_render.py", repeats)
    print(f"Measured on: {where}; SQLite; medians of {repeats}.\n")
    print("| figure | " + " | ".join(label for _, label in SIZES) + " |")
    print("|---|" + "---|" * len(SIZES))
    rows = [
        (
            "our splitter / sentencex's offsets call (`get_sentence_boundaries`)",
            "segment_wrapper_{}_to_sentencex_offsets_ratio",
            "×",
        ),
        (
            "our splitter / sentencex's fastest call (`segment`)",
            "segment_wrapper_{}_to_sentencex_ratio",
            "×",
        ),
        ("whole import / sentencex's fastest call", "import_{}_to_sentencex_ratio", "×"),
        ("peak added memory, Python (traced)", "import_{}_peak_added_memory", " MiB"),
        ("peak added memory, process (RSS, SQLite's included)", "import_{}_peak_added_rss", " MiB"),
        ("import time (machine-dependent)", "import_{}_seconds", " s"),
        ("sentences/s (machine-dependent)", "import_{}_sentences_per_second", ""),
    ]
    for label, key, unit in rows:
        cells = [f"{imports[key.format(tag)]}{unit}" for tag, _ in SIZES]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print(
        f"\nSQL statements of an import: {imports['import_sql_statements_small']} for a short "
        f"article and {imports['import_sql_statements_large']} for 1 MB (one text chunk; each "
        "further 2,000,000 characters adds one append and its batches of 10,000 sentences)."
    )
    print(
        f"\nDesk, 5,000 sentences and 500 claims: {desk['desk_render_queries']} queries; "
        f"render {desk['desk_render_ms']} ms best, {desk['desk_render_median_ms']} ms median "
        f"(machine-dependent); {desk['desk_page_kb']} KiB of HTML; opening a claim "
        f"{desk['desk_open_claim_ms']} ms, marking one {desk['desk_mark_claim_ms']} ms."
    )


if __name__ == "__main__":
    main()

"""Run every benchmark script in bench/ and print one table of their `bench:` figures.

Each script prints its own table and, for every figure, a line `bench: <name> <value> <unit>`;
this runner collects those lines, echoes them, and ends with a summary table.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def main() -> int:
    # readme_table.py runs two of the others itself, to print the README's table.
    skipped = {Path(__file__).name, "readme_table.py"}
    scripts = sorted(p for p in BENCH_DIR.glob("*.py") if p.name not in skipped)
    figures: list[tuple[str, str, str, str]] = []
    failed: list[str] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        sys.stdout.write(result.stdout)
        if result.returncode != 0:
            failed.append(script.name)
            sys.stdout.write(result.stderr[-4000:])
        for line in result.stdout.splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[0] == "bench:":
                unit = " ".join(parts[3:])
                figures.append((script.stem, parts[1], parts[2], unit))
        print(f"({time.perf_counter() - started:.1f} s)", flush=True)
    _table(figures)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
        return 1
    return 0


def _table(figures: list[tuple[str, str, str, str]]) -> None:
    print("\n=== Summary ===")
    widths = [max([len(row[i]) for row in figures] + [len(h)]) for i, h in enumerate(HEADER)]
    print("  ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True)))
    for row in figures:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


HEADER = ("script", "figure", "value", "unit")

if __name__ == "__main__":
    sys.exit(main())

"""How long checking one password takes with the production hasher and the development one.

A sign-in checks one password: with Django's PBKDF2 (production) that is most of a login's
time; `make run` and the tests use the fast hasher (factcheck/settings.py, FAST_PASSWORD_HASHER).
Prints a table and `bench: <name> <value> <unit>` lines.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django

django.setup()

from django.contrib.auth.hashers import check_password, make_password  # noqa: E402

HASHERS = {
    "production_pbkdf2": "pbkdf2_sha256",
    "development_md5": "md5",
}
ROUNDS = 5


def _median_ms(algorithm: str) -> float:
    encoded = make_password("correct horse battery staple", hasher=algorithm)
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        assert check_password("correct horse battery staple", encoded)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    print(f"{'hasher':<22} {'check one password (median of 5)':>34}")
    figures = {name: _median_ms(algorithm) for name, algorithm in HASHERS.items()}
    for name, ms in figures.items():
        print(f"{name:<22} {ms:>31.2f} ms")
    for name, ms in figures.items():
        print(f"bench: password_check_{name} {ms:.2f} ms")


if __name__ == "__main__":
    main()

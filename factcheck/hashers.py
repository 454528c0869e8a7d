"""The password hasher: Argon2id at OWASP's first recommended setting.

Django's default (PBKDF2-SHA256, 1,000,000 rounds) spends about half a second of CPU per login;
51 checkers logging in together at the start of a shift kept both cores busy for a minute under
`make load`. Argon2id with 19 MiB, 2 passes and 1 lane (OWASP Password Storage Cheat Sheet) is
memory-hard, so as strong against GPU guessing, for a few tens of milliseconds a login; Django's
own Argon2 defaults (100 MiB, 8 lanes) would cost 5 GB for those 51 logins. Hashes made with
the old hasher still verify and are re-hashed with this one at the next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class NewsroomArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

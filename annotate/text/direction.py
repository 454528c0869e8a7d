"""Which way a language is written: what the desk and the exports put in ``dir``."""

from __future__ import annotations

import re

# Primary subtags of languages written right to left (in their usual script).
RIGHT_TO_LEFT = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur", "yi"}
)
_PRIMARY = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")


def direction(language: object) -> str:
    """``"rtl"`` for a language tag (``"ar"``, ``"fa-IR"``) written right to left, else "ltr"."""
    if not isinstance(language, str):
        return "ltr"
    match = _PRIMARY.fullmatch(language.strip())
    return "rtl" if match and match.group(1).lower() in RIGHT_TO_LEFT else "ltr"

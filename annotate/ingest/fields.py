"""Small helpers the readers share for titles, dates, languages and paragraph text."""

from __future__ import annotations

import datetime
import re
from pathlib import PurePath

UNTITLED = "Untitled"

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A word is a run of non-space characters, or one CJK character (those scripts have no
# spaces between words, so a character is the nearest unit).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+")
_LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")


def clean_text(text: str) -> str:
    """Return ``text`` on one line, whitespace runs folded to one space, stripped."""
    return " ".join(text.split())


def clean_paragraphs(paragraphs: list[str]) -> list[str]:
    """Return the non-empty paragraphs of ``paragraphs``, each cleaned."""
    cleaned = (clean_text(p) for p in paragraphs)
    return [p for p in cleaned if p]


def word_count(text: str) -> int:
    """Count the words of ``text``; each Chinese, Japanese or Korean character counts as one."""
    return len(_WORD.findall(text))


def title_from_filename(filename: str) -> str:
    """Return a readable title made from a file name's stem, or ``"Untitled"``.

    ``"depetris-coexist_peacefully.txt"`` becomes ``"Depetris coexist peacefully"``.
    """
    # Uploads may carry Windows paths; only the last component is the name.
    stem = PurePath(filename.replace("\\", "/")).stem
    words = clean_text(re.sub(r"[-_.]+", " ", stem))
    if not words:
        return UNTITLED
    return words[0].upper() + words[1:]


def parse_date(value: object) -> datetime.date | None:
    """Return the calendar date at the start of an ISO-like value, or ``None``.

    Accepts dates, datetimes and strings such as ``"2024-03-05"`` or
    ``"2024-03-05T10:00:00Z"``; anything else (or an impossible date) gives ``None``.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value.strip())
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_language(value: object, default: str = "en") -> str:
    """Return the primary language subtag of a tag like ``"fr-FR"`` (``"fr"``), or ``default``."""
    if not isinstance(value, str):
        return default
    match = _LANGUAGE.fullmatch(value.strip())
    if match is None:
        return default
    return match.group(1).lower()

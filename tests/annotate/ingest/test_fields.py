"""Tests for annotate.ingest.fields: helpers shared by the readers."""

from __future__ import annotations

import datetime

import pytest

from annotate.ingest.fields import (
    clean_paragraphs,
    clean_text,
    parse_date,
    parse_language,
    title_from_filename,
)


def test_clean_text_folds_whitespace() -> None:
    """Whitespace runs, line breaks included, fold to one space; ends are stripped."""
    assert clean_text("  a\n b\t\u00a0c  ") == "a b c"


def test_clean_paragraphs_drops_empty_ones() -> None:
    """Paragraphs that are only whitespace are dropped."""
    assert clean_paragraphs([" a ", "\n", "", "b\nc"]) == ["a", "b c"]


@pytest.mark.parametrize(
    ("filename", "title"),
    [
        ("depetris-coexist-peacefully.txt", "Depetris coexist peacefully"),
        ("city_budget.2024.md", "City budget 2024"),
        ("C:\\Users\\me\\draft_one.docx", "Draft one"),
        ("/tmp/x/notes.html", "Notes"),
        ("", "Untitled"),
        ("---.txt", "Untitled"),
    ],
)
def test_title_from_filename(filename: str, title: str) -> None:
    """A file name's stem becomes a readable title."""
    assert title_from_filename(filename) == title


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2024-03-05", datetime.date(2024, 3, 5)),
        ("2024-03-05T10:00:00Z", datetime.date(2024, 3, 5)),
        (datetime.datetime(2024, 3, 5, 23, 0), datetime.date(2024, 3, 5)),
        (datetime.date(2024, 3, 5), datetime.date(2024, 3, 5)),
        ("2024-02-30", None),
        ("March 5", None),
        (None, None),
        (20240305, None),
    ],
)
def test_parse_date(value: object, date: datetime.date | None) -> None:
    """ISO-like dates give a date; anything else gives None."""
    assert parse_date(value) == date


@pytest.mark.parametrize(
    ("value", "language"),
    [("fr-FR", "fr"), ("EN", "en"), ("pt_BR", "pt"), ("", "en"), ("123", "en"), (None, "en")],
)
def test_parse_language(value: object, language: str) -> None:
    """A language tag gives its primary subtag, lower-cased; junk gives the default."""
    assert parse_language(value) == language

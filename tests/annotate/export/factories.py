"""Plain DocumentData builders for the export and lossless-import tests (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path

from annotate.document_data import (
    ClaimData,
    CommentData,
    DocumentData,
    ExportOptions,
    ReviewData,
    SentenceData,
    SourceData,
    TeamData,
    VerdictData,
)
from annotate.text.layout import layout
from annotate.text.normalize import content_hash, normalize_paragraphs
from annotate.text.segment import segment

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
MOMENT = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)

SCALE = (
    VerdictData("true", "True", "#2e7d32", 0, 5, 5, 1),
    VerdictData("mostly-true", "Mostly true", "#7cb342", 1, 4, 5, 1),
    VerdictData("false", "False", "#c62828", 2, 1, 5, 1),
    VerdictData("unproven", "Unproven", "#757575", 3, None, None, None),
)
TEAM = TeamData("The Daily Check", "daily-check", "https://daily.example.org/")
OPTIONS = ExportOptions(
    fact_check_base_url="https://factcheck.example.org/claims/",
    organization_name="The Daily Check",
    organization_url="https://daily.example.org/",
    generated_at=MOMENT,
)


def source(url: str = "https://stats.example.org/report", **fields: object) -> SourceData:
    """A source citing `url`."""
    values = {
        "title": "Annual report",
        "publisher": "Statistics Office",
        "date_published": date(2023, 1, 2),
        "date_accessed": date(2024, 5, 1),
        "archive_url": "https://web.archive.org/web/2024/https://stats.example.org/report",
        "excerpt": "Numbers rose by 3%.",
        "stance": "refutes",
    }
    return SourceData(url=url, **{**values, **fields})


def claim(text: str, start: int, end: int, number: int = 1, **fields: object) -> ClaimData:
    """A claim on `text[start:end]` with every field filled."""
    values = {
        "id": number,
        "start": start,
        "end": end,
        "quote": text[start:end],
        "prefix": text[max(start - 32, 0) : start],
        "suffix": text[end : end + 32],
        "restatement": f"Restatement {number}",
        "claimant": "A. Politician",
        "verdict": "false",
        "notes_html": f"<p>Notes for claim {number}.</p>",
        "status": "approved",
        "author": "ana",
        "assignee": "ben",
        "approved_by": "carla",
        "created_at": MOMENT,
        "updated_at": MOMENT,
        "approved_at": MOMENT,
        "sentence_index": 0,
        "sources": (source(),),
        "reviews": (ReviewData("carla", "approved", "Looks right.", MOMENT),),
        "comments": (CommentData("ben", "<p>Checked the figure.</p>", MOMENT),),
    }
    return ClaimData(**{**values, **fields})


def document(text: str, claims: tuple[ClaimData, ...] = (), **fields: object) -> DocumentData:
    """A document of `text`, segmented by annotate.text.segment, with `claims` (their
    sentence_index set from their start)."""
    sentences = tuple(
        SentenceData(index, span.start, span.end, span.paragraph)
        for index, span in enumerate(segment(text))
    )
    claims = tuple(
        replace(item, sentence_index=sentence_of(sentences, item.start)) for item in claims
    )
    values = {
        "id": 7,
        "title": "Learning to Coexist",
        "byline": "By Jane Doe",
        "source_url": "https://news.example.com/articles/42",
        "published_on": date(2024, 5, 1),
        "language": "en",
        "text": text,
        "source_format": "txt",
        "content_hash": content_hash(text),
        "created_at": MOMENT,
        "team": TEAM,
        "scale": SCALE,
        "sentences": sentences,
        "claims": claims,
    }
    return DocumentData(**{**values, **fields})


def sentence_of(sentences: tuple[SentenceData, ...], position: int) -> int:
    """The index of the last sentence starting at or before `position` (0 if none)."""
    index = 0
    for sentence in sentences:
        if sentence.start <= position:
            index = sentence.index
    return index


def seed_document(name: str) -> DocumentData:
    """A seed article (one paragraph per line) with synthetic claims: every third sentence,
    one claim overlapping two sentences, one nested in another and one across a paragraph
    break; verdicts and statuses cycle."""
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    text = normalize_paragraphs(lines)
    spans = segment(text)
    claims = []
    statuses = ("approved", "draft", "in_review", "changes_requested")
    verdicts = (*(verdict.key for verdict in SCALE), None)
    for number, span in enumerate(spans[::3], start=1):
        claims.append(
            claim(
                text,
                span.start,
                span.end,
                number,
                status=statuses[number % len(statuses)],
                verdict=verdicts[number % len(verdicts)],
            )
        )
    first, second = spans[1], spans[2]
    middle = (first.start + first.end) // 2
    claims.append(claim(text, middle, second.start + 5, 100))  # overlaps two sentences
    claims.append(claim(text, first.start + 2, first.start + 9, 101))  # nested
    breaks = [span for previous, span in pairwise(spans) if span.paragraph > previous.paragraph]
    crossing = breaks[0]
    claims.append(claim(text, crossing.start - 6, crossing.start + 4, 102))  # across a break
    return document(text, tuple(claims), title=name.removesuffix(".txt"))


def seed_names() -> list[str]:
    """The seed article file names."""
    return sorted(path.name for path in SEEDS.glob("*.txt"))


def regions(doc: DocumentData) -> list[tuple[int, int]]:
    """The shown `[start, end)` of each paragraph, as annotate.text.layout shows it."""
    return [(p.start, p.end) for p in layout(doc.text, doc.sentences, [])]

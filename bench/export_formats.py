"""Time every export format on a large document against `json.dumps` of the same plain data.

Run: /tmp/probe/bin/python bench/export_formats.py [repeats]

The document is built in memory (no database): ~5,000 sentences in 500 paragraphs, 1,000
claims (some overlapping, some across a paragraph break), 2 sources, a review and a comment
each. The floor is `json.dumps(dataclasses.asdict(doc), default=str)`; each format's figure
is the best of N runs of its `render`, and its ratio to the floor (target: at most 10x).
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.document_data import (  # noqa: E402
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
from annotate.formats import EXPORTS  # noqa: E402

SENTENCES = 5_000
CLAIMS = 1_000
PER_PARAGRAPH = 10
SAMPLE = (
    "the minister said unemployment fell by percent last year while critics argued that "
    "official figures exclude part-time workers and the region's budget grew faster than "
    "inflation according to the statistics office"
)
WORDS = tuple(SAMPLE.split(" "))
MOMENT = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
SCALE = (
    VerdictData("true", "True", "#2e7d32", 0, 5, 5, 1),
    VerdictData("mostly-true", "Mostly true", "#7cb342", 1, 4, 5, 1),
    VerdictData("mixed", "Half true", "#fbc02d", 2, 3, 5, 1),
    VerdictData("false", "False", "#c62828", 3, 1, 5, 1),
    VerdictData("satire", "Satire", "#757575", 4, None, None, None),
)
OPTIONS = ExportOptions(
    fact_check_base_url="https://factcheck.example.org/claims/",
    organization_name="The Daily Check",
    organization_url="https://daily.example.org/",
    generated_at=MOMENT,
    document_base_url="https://factcheck.example.org/documents/",
)


def build_document(seed: int = 7) -> DocumentData:
    """The benchmark document (deterministic)."""
    rng = random.Random(seed)
    parts: list[str] = []
    sentences: list[SentenceData] = []
    length = 0
    for index in range(SENTENCES):
        paragraph = index // PER_PARAGRAPH
        if index and index % PER_PARAGRAPH == 0:
            parts.append("\n\n")
            length += 2
        elif index:
            parts.append(" ")
            length += 1
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
        sentence = " ".join(words).capitalize() + "."
        sentences.append(SentenceData(index, length, length + len(sentence), paragraph))
        parts.append(sentence)
        length += len(sentence)
    text = "".join(parts)
    claims = tuple(_claim(text, sentences, rng, number) for number in range(1, CLAIMS + 1))
    return DocumentData(
        id=1,
        title="A very long article",
        byline="By A. Reporter",
        source_url="https://news.example.com/articles/1",
        published_on=date(2024, 5, 1),
        language="en",
        text=text,
        source_format="txt",
        content_hash="0" * 64,
        created_at=MOMENT,
        team=TeamData("The Daily Check", "daily-check", "https://daily.example.org/"),
        scale=SCALE,
        sentences=tuple(sentences),
        claims=claims,
    )


def _claim(text: str, sentences: list[SentenceData], rng: random.Random, number: int) -> ClaimData:
    """Mostly whole sentences; every 10th claim runs into the next sentence (overlaps and
    crosses paragraph breaks)."""
    index = (number - 1) * (SENTENCES // CLAIMS)
    sentence = sentences[index]
    start, end = sentence.start, sentence.end
    if number % 10 == 0:
        start = (start + end) // 2
        end = sentences[index + 1].start + 10
    sources = tuple(
        SourceData(
            url=f"https://stats.example.org/report/{number}/{k}",
            title=f"Report {number}.{k}",
            publisher="Statistics Office",
            date_published=date(2023, 1, 2),
            date_accessed=date(2024, 5, 1),
            archive_url=f"https://web.archive.org/web/2024/https://stats.example.org/{number}",
            excerpt="Unemployment fell by 0.3 points.",
            stance="refutes" if k else "supports",
        )
        for k in range(2)
    )
    return ClaimData(
        id=number,
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(start - 32, 0) : start],
        suffix=text[end : end + 32],
        restatement=f"The minister claimed figure {number} fell.",
        claimant="The minister",
        verdict=rng.choice(SCALE).key,
        notes_html=f"<p>We checked <a href='https://stats.example.org/{number}'>the data</a>.</p>",
        status="approved" if number % 3 else "in_review",
        author="ana",
        assignee="ben",
        approved_by="carla",
        created_at=MOMENT,
        updated_at=MOMENT,
        approved_at=MOMENT,
        sentence_index=index,
        sources=sources,
        reviews=(ReviewData("carla", "approved", "Fine.", MOMENT),),
        comments=(CommentData("ben", "<p>Source added.</p>", MOMENT),),
    )


def best_of(function: Callable[[], object], repeats: int) -> float:
    """The best wall time of `repeats` calls, in milliseconds."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    doc = build_document()
    floor = best_of(lambda: json.dumps(dataclasses.asdict(doc), default=str), repeats)
    print(
        f"document: {len(doc.sentences)} sentences, {len(doc.claims)} claims, "
        f"{len(doc.text):,} characters; best of {repeats}"
    )
    print(f"{'format':<12} {'ms':>9} {'x floor':>8} {'bytes':>11}")
    print(f"{'json.dumps':<12} {floor:>9.1f} {1:>8.2f}")
    figures = []
    for fmt in EXPORTS:
        name, module = fmt.key, fmt.renderer
        size = len(module.render(doc, OPTIONS))
        elapsed = best_of(lambda module=module: module.render(doc, OPTIONS), repeats)
        figures.append((name, elapsed, elapsed / floor))
        print(f"{name:<12} {elapsed:>9.1f} {elapsed / floor:>8.2f} {size:>11,}")
    print(f"bench: export_floor_ms {floor:.1f} ms")
    for name, elapsed, ratio in figures:
        print(f"bench: export_{name}_ms {elapsed:.1f} ms")
        print(f"bench: export_{name}_ratio {ratio:.2f} x")


if __name__ == "__main__":
    main()

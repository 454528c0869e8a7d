"""A document with its claims as plain data: what the export selector fills, every export
renderer takes, and the lossless reader (annotate.ingest.lossless) gives back.

Frozen dataclasses only: no Django, no behaviour beyond small lookups. A selector on the Django side
fills them (with the team check done there); renderers never see a model or a queryset. Its own
module, below both annotate/ingest/ and annotate/export/, so that neither imports the other.

Offsets (`start`, `end`) are Unicode code points into `DocumentData.text`, the stored
normalized text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# Our lossless JSON format (annotate.export.lossless writes it, annotate.ingest.lossless reads it).
LOSSLESS_FORMAT = "factcheck-document"
LOSSLESS_VERSION = 1
# DocumentData fields written at the top level rather than inside "document".
LOSSLESS_PARTS = ("team", "scale", "sentences", "claims")

# The closed vocabularies the data may hold (the lossless reader rejects anything else).
STANCES = ("supports", "refutes", "context")
DECISIONS = ("approved", "changes_requested")
STATUSES = ("draft", "in_review", "changes_requested", "approved")
# Where a link of the article was found in its source.
LINK_ORIGINS = ("body", "footnote", "endnote")


@dataclass(frozen=True, slots=True)
class VerdictData:
    """One step of a team's verdict scale; unrated verdicts have `rating_value` None."""

    key: str
    label: str
    colour: str  # "#rrggbb"
    position: int
    rating_value: int | None
    best_rating: int | None
    worst_rating: int | None


@dataclass(frozen=True, slots=True)
class SourceData:
    """A source cited for a claim."""

    url: str
    title: str
    publisher: str
    date_published: date | None
    date_accessed: date | None
    archive_url: str
    excerpt: str
    stance: str  # one of STANCES


@dataclass(frozen=True, slots=True)
class ReviewData:
    """A review decision on a claim."""

    reviewer: str
    decision: str  # one of DECISIONS
    comment: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CommentData:
    """A comment in a claim's thread (body already sanitized HTML)."""

    author: str
    body_html: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ClaimData:
    """A claim marked in the document, with everything the newsroom attached to it."""

    id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    restatement: str
    claimant: str
    verdict: str | None  # a VerdictData.key of the document's scale
    notes_html: str
    status: str  # one of STATUSES
    author: str
    assignee: str
    approved_by: str
    created_at: datetime
    updated_at: datetime
    approved_at: datetime | None
    sentence_index: int
    sources: tuple[SourceData, ...]
    reviews: tuple[ReviewData, ...]
    comments: tuple[CommentData, ...]


@dataclass(frozen=True, slots=True)
class SentenceData:
    """A sentence span and the paragraph it belongs to."""

    index: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class LinkData:
    """A link the article had: `text[start:end]` is its text, `url` an http(s) URL."""

    start: int
    end: int
    url: str
    origin: str  # one of LINK_ORIGINS


@dataclass(frozen=True, slots=True)
class TeamData:
    """The team (newsroom) owning the document."""

    name: str
    slug: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class DocumentData:
    """A document, its sentences, its claims and the team's verdict scale.

    `source_format` and `original_name` are those of the file first imported (a document read
    back from our JSON keeps them); `links` are the article's own links, in text order.
    """

    id: int
    title: str
    byline: str
    source_url: str
    published_on: date | None
    language: str
    text: str
    source_format: str
    content_hash: str
    created_at: datetime
    team: TeamData
    scale: tuple[VerdictData, ...]
    sentences: tuple[SentenceData, ...]
    claims: tuple[ClaimData, ...]
    original_name: str = ""
    links: tuple[LinkData, ...] = ()

    def verdict(self, key: str | None) -> VerdictData | None:
        """The scale entry with this key, or None (scales are a handful of entries)."""
        for verdict in self.scale:
            if verdict.key == key:
                return verdict
        return None

    def verdicts(self) -> dict[str, VerdictData]:
        """The scale keyed by verdict key, for renderers looking up every claim."""
        return {verdict.key: verdict for verdict in self.scale}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Settings of one export run (from team settings and the site configuration).

    `document_base_url` is where document pages live (e.g. "https://factcheck.example.org/documents/");
    when empty, document URLs are "/documents/<id>/" on the host of `fact_check_base_url`.
    """

    fact_check_base_url: str
    organization_name: str
    organization_url: str
    generated_at: datetime
    document_base_url: str = ""
    # The claims hold only the approved ones (the export says so: annotate.export.common).
    approved_only: bool = False
    # The ClaimReview `url` of each published claim (by claim id): its public page, or the
    # outlet's own article with it; other claims use `fact_check_base_url` plus their id.
    review_urls: dict[int, str] = field(default_factory=dict)

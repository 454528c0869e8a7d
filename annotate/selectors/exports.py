"""Reads for exports: the plain DocumentData of a team's documents, in a fixed number of queries.

Authorization happens here: every query is filtered by `team_id`, so an id of another team is
simply not found (and reported by the caller), never read. Rows are fetched with `values_list`
(joins done by the database, no model instances) because an export of a long document is
mostly claims and building a model per row would dominate its time.

Eight statements per call, whatever the number of documents or claims: documents, sentences,
links, claims (joined to verdict, author, assignee and approver), sources, reviews, comments,
scale.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from annotate.document_data import (
    DECISIONS,
    ClaimData,
    CommentData,
    DocumentData,
    ExportOptions,
    LinkData,
    ReviewData,
    SentenceData,
    SourceData,
    TeamData,
    VerdictData,
)
from annotate.models import (
    Claim,
    ClaimStatus,
    Comment,
    Document,
    DocumentLink,
    Job,
    JobKind,
    Membership,
    Review,
    Sentence,
    Source,
    Team,
    Verdict,
)
from annotate.models.claim import SOURCE_FIELDS
from annotate.selectors.common import job_for_member
from annotate.selectors.publishing import published_review_urls

_DOCUMENT_FIELDS = (
    "id",
    "title",
    "byline",
    "source_url",
    "published_on",
    "language",
    "text",
    "source_format",
    "content_hash",
    "created_at",
    "original_name",
)
_CLAIM_FIELDS = (
    "id",
    "document_id",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "restatement",
    "claimant",
    "verdict__key",
    "notes",
    "status",
    "author__username",
    "assignee__username",
    "approved_by__username",
    "created_at",
    "updated_at",
    "approved_at",
)
# SourceData holds exactly the written fields of a source, in their order.
_SOURCE_FIELDS = ("claim_id", *SOURCE_FIELDS)
_VERDICT_FIELDS = (
    "key",
    "label",
    "colour",
    "position",
    "rating_value",
    "best_rating",
    "worst_rating",
)


def export_options(
    team: Team, *, generated_at: datetime, approved_only: bool = False
) -> ExportOptions:
    """The settings of an export for `team`: public fact-check URLs and the newsroom's name."""
    base = settings.FACTCHECK_PUBLIC_BASE_URL.rstrip("/")
    return ExportOptions(
        fact_check_base_url=f"{base}/claims/",
        organization_name=team.name,
        organization_url=team.organization_url,
        generated_at=generated_at,
        document_base_url=f"{base}/documents/",
        approved_only=approved_only,
        review_urls=published_review_urls(team),
    )


def team_document_ids(team_id: int, document_ids: Iterable[int]) -> set[int]:
    """Those of `document_ids` that are documents of the team (one statement)."""
    ids = list(document_ids)
    return set(Document.objects.filter(team_id=team_id, pk__in=ids).values_list("pk", flat=True))


def documents_export_data(
    team: Team, document_ids: Sequence[int], *, approved_only: bool = False
) -> list[DocumentData]:
    """The DocumentData of the team's documents among `document_ids`, in the order asked;
    with `approved_only`, only their approved claims.

    Ids that are not documents of `team` are left out: the caller compares lengths and says
    which are missing.
    """
    rows = Document.objects.filter(team_id=team.pk, pk__in=list(document_ids)).values_list(
        *_DOCUMENT_FIELDS
    )
    documents = {row[0]: row for row in rows}
    found = [pk for pk in dict.fromkeys(document_ids) if pk in documents]
    if not found:
        return []
    sentences = _sentences(found)
    links = _links(found)
    claims = _claims(team.pk, found, sentences, approved_only)
    team_data = TeamData(name=team.name, slug=team.slug, url=team.organization_url)
    scale = _scale(team.pk)
    return [
        _document(documents[pk], team_data, scale, sentences[pk], claims[pk], links[pk])
        for pk in found
    ]


# Claims read per page by the streaming reads: one page, its sources, reviews and comments are
# all an export holds of a document's claims at any time.
CLAIMS_PER_PAGE = 1000


def document_export_stream(
    team: Team,
    pk: int,
    *,
    order: tuple[str, str, str] = ("start", "end", "id"),
    page_size: int | None = None,
    approved_only: bool = False,
) -> tuple[DocumentData, Iterator[ClaimData]] | None:
    """The team's document `pk` without its claims (`claims` is empty), and an iterator over its
    claims in `order` (three Claim fields, "-" for descending, unique as a whole), read in keyset
    pages of `page_size` (CLAIMS_PER_PAGE) with their children: memory follows one page, not
    the claim count.

    None when `pk` is not a document of `team`. Statements: 4 for the document (with its links),
    then 4 a page.
    """
    row = Document.objects.filter(team_id=team.pk, pk=pk).values_list(*_DOCUMENT_FIELDS).first()
    if row is None:
        return None
    spans = _sentences([pk]).get(pk, [])
    team_data = TeamData(name=team.name, slug=team.slug, url=team.organization_url)
    links = _links([pk]).get(pk, [])
    document = _document(row, team_data, _scale(team.pk), spans, [], links)
    pages = _claim_pages(team.pk, pk, spans, order, page_size or CLAIMS_PER_PAGE, approved_only)
    return document, pages


def _claim_pages(
    team_id: int,
    document_id: int,
    spans: list[SentenceData],
    order: tuple[str, str, str],
    page_size: int,
    approved_only: bool = False,
) -> Iterator[ClaimData]:
    claims = Claim.objects.filter(team_id=team_id, document_id=document_id).order_by(*order)
    if approved_only:
        claims = claims.filter(status=ClaimStatus.APPROVED)
    starts = [span.start for span in spans]
    after: tuple | None = None
    while True:
        page = claims if after is None else claims.filter(_after(order, after))
        rows = list(page.values_list(*_CLAIM_FIELDS, named=True)[:page_size])
        if not rows:
            return
        ids = [row.id for row in rows]
        scope = {"claim_id__in": ids}
        sources = _sources(Source.objects.filter(**scope))
        reviews = _reviews(Review.objects.filter(**scope))
        comments = _comments(Comment.objects.filter(**scope))
        for row in rows:
            yield _claim(row, spans, starts, sources, reviews, comments)
        if len(rows) < page_size:
            return
        last = rows[-1]
        after = tuple(getattr(last, name.lstrip("-")) for name in order)


def _after(order: tuple[str, str, str], last: tuple) -> Q:
    """Rows after `last` in `order`: (a, b, c) > (a0, b0, c0), each field in its direction."""
    # The first field's bound, redundant with the rest, lets the database seek in the
    # (document, start) index instead of walking the document's claims from its first one.
    first = order[0].lstrip("-")
    bound = Q(**{f"{first}__{'lte' if order[0].startswith('-') else 'gte'}": last[0]})
    condition = Q()
    for position, name in enumerate(order):
        field = name.lstrip("-")
        step = Q(**{f"{field}__{'lt' if name.startswith('-') else 'gt'}": last[position]})
        for earlier, value in zip(order[:position], last[:position], strict=False):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return bound & condition


def export_job_for_member(membership: Membership, pk: int) -> Job:
    """The member's team's export job `pk` (404 for another team's job or an import job)."""
    job = job_for_member(membership, pk)
    if job.kind != JobKind.EXPORT:
        raise Http404("No such export in this team.")
    return job


def _document(
    row: tuple,
    team: TeamData,
    scale: tuple[VerdictData, ...],
    sentences: list[SentenceData],
    claims: list[ClaimData],
    links: list[LinkData],
) -> DocumentData:
    fields = dict(zip(_DOCUMENT_FIELDS, row, strict=True))
    return DocumentData(
        **fields,
        team=team,
        scale=scale,
        sentences=tuple(sentences),
        claims=tuple(claims),
        links=tuple(links),
    )


def _links(document_ids: list[int]) -> dict[int, list[LinkData]]:
    rows = (
        DocumentLink.objects.filter(document_id__in=document_ids)
        .order_by("document_id", "position")
        .values_list("document_id", "start", "end", "url", "origin")
    )
    result: dict[int, list[LinkData]] = defaultdict(list)
    for document_id, start, end, url, origin in rows:
        result[document_id].append(LinkData(start, end, url, origin))
    return result


def _sentences(document_ids: list[int]) -> dict[int, list[SentenceData]]:
    rows = (
        Sentence.objects.filter(document_id__in=document_ids)
        .order_by("document_id", "index")
        .values_list("document_id", "index", "start", "end", "paragraph")
    )
    result: dict[int, list[SentenceData]] = defaultdict(list)
    for document_id, index, start, end, paragraph in rows:
        result[document_id].append(SentenceData(index, start, end, paragraph))
    return result


def _claims(
    team_id: int,
    document_ids: list[int],
    sentences: dict[int, list[SentenceData]],
    approved_only: bool = False,
) -> dict[int, list[ClaimData]]:
    # Children are fetched by document rather than by a list of claim ids (as prefetch_related
    # would): the statement stays small however many claims there are.
    scope = {
        "claim__team_id": team_id,
        "claim__document_id__in": document_ids,
        "claim__deleted_at__isnull": True,  # a claim in the Trash is not published
    }
    only = {"status": ClaimStatus.APPROVED} if approved_only else {}
    if approved_only:
        scope["claim__status"] = ClaimStatus.APPROVED
    sources = _sources(Source.objects.filter(**scope))
    reviews = _reviews(Review.objects.filter(**scope))
    comments = _comments(Comment.objects.filter(**scope))
    rows = (
        Claim.objects.filter(team_id=team_id, document_id__in=document_ids, **only)
        .order_by("document_id", "start", "end", "id")
        .values_list(*_CLAIM_FIELDS, named=True)
    )
    starts = {pk: [s.start for s in spans] for pk, spans in sentences.items()}
    result: dict[int, list[ClaimData]] = defaultdict(list)
    for row in rows:
        document_id = row.document_id
        result[document_id].append(
            _claim(
                row,
                sentences.get(document_id, []),
                starts.get(document_id, []),
                sources,
                reviews,
                comments,
            )
        )
    return result


def _claim(row, spans, starts, sources, reviews, comments) -> ClaimData:
    """A claim row (values_list named, _CLAIM_FIELDS) and its children as ClaimData."""
    return ClaimData(
        id=row.id,
        start=row.start,
        end=row.end,
        quote=row.quote,
        prefix=row.prefix,
        suffix=row.suffix,
        restatement=row.restatement,
        claimant=row.claimant,
        verdict=row.verdict__key,
        notes_html=row.notes,
        status=row.status,
        author=row.author__username or "",
        assignee=row.assignee__username or "",
        approved_by=row.approved_by__username or "",
        created_at=row.created_at,
        updated_at=row.updated_at,
        approved_at=row.approved_at,
        sentence_index=_sentence_index(spans, starts, row.start),
        sources=tuple(sources.get(row.id, ())),
        reviews=tuple(reviews.get(row.id, ())),
        comments=tuple(comments.get(row.id, ())),
    )


def _sentence_index(spans: list[SentenceData], starts: list[int], offset: int) -> int:
    """The index of the sentence holding `offset` (the one before it when it falls in a gap)."""
    if not spans:
        return 0
    position = max(bisect_right(starts, offset) - 1, 0)
    return spans[position].index


def _sources(queryset: QuerySet[Source]) -> dict[int, list[SourceData]]:
    rows = queryset.order_by("claim_id", "position", "id").values_list(*_SOURCE_FIELDS)
    result: dict[int, list[SourceData]] = defaultdict(list)
    for claim_id, *fields in rows:
        result[claim_id].append(SourceData(*fields))
    return result


def _reviews(queryset: QuerySet[Review]) -> dict[int, list[ReviewData]]:
    # Only decisions go out: submissions and reopenings are workflow steps, not reviews.
    rows = (
        queryset.filter(decision__in=DECISIONS)
        .order_by("claim_id", "created_at", "id")
        .values_list("claim_id", "reviewer__username", "decision", "comment", "created_at")
    )
    result: dict[int, list[ReviewData]] = defaultdict(list)
    for claim_id, reviewer, decision, comment, created_at in rows:
        result[claim_id].append(ReviewData(reviewer, decision, comment, created_at))
    return result


def _comments(queryset: QuerySet[Comment]) -> dict[int, list[CommentData]]:
    rows = queryset.order_by("claim_id", "created_at", "id").values_list(
        "claim_id", "author__username", "body", "created_at"
    )
    result: dict[int, list[CommentData]] = defaultdict(list)
    for claim_id, author, body, created_at in rows:
        result[claim_id].append(CommentData(author, body, created_at))
    return result


def _scale(team_id: int) -> tuple[VerdictData, ...]:
    rows = (
        Verdict.objects.filter(team_id=team_id).order_by("position").values_list(*_VERDICT_FIELDS)
    )
    return tuple(VerdictData(*row) for row in rows)

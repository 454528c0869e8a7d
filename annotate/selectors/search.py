"""Search across a team's documents, claims, notes, sources and comments: the one selector the
search page and ``GET /api/search/`` call, whichever engine runs (see search_engines).

A search costs a fixed number of queries whatever the size of the archive or of the page: the
matching page of index rows, its total, the snippets of that page, the sentence each document
hit is in, and the objects of the page, fetched per kind with their joins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from annotate.models import Claim, Comment, Document, Membership, Source
from annotate.search.query import Query, parse
from annotate.search.snippet import Part, locator, parts
from annotate.selectors.search_engines import engine

PAGE_SIZE = 20
KIND_LABELS = {
    "document": "Document",
    "claim": "Claim",
    "note": "Notes",
    "source": "Source",
    "comment": "Comment",
}
_ITEM_DATE = (
    "CASE r.kind WHEN 'document' THEN d.created_at WHEN 'source' THEN src.created_at "
    "WHEN 'comment' THEN cm.created_at ELSE c.created_at END"
)
_ITEM_AUTHOR = (
    "CASE r.kind WHEN 'document' THEN d.created_by_id WHEN 'comment' THEN cm.author_id "
    "ELSE c.author_id END"
)


@dataclass
class SearchResult:
    kind: str
    object_id: int
    rank: float
    title: list[Part]
    snippet: list[Part]
    document: Document
    claim: Claim | None = None
    obj: Any = None
    sentence: int | None = None
    url: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def date(self) -> datetime:
        return self.obj.created_at


@dataclass
class SearchPage:
    query: Query
    results: list[SearchResult] = field(default_factory=list)
    total: int = 0
    page: int = 1
    engine: str = ""

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.results else 0

    @property
    def last(self) -> int:
        return self.first + len(self.results) - 1 if self.results else 0


def search(
    membership: Membership,
    *,
    q: str,
    kind: tuple[str, ...] = (),
    verdict=None,
    status: str = "",
    author=None,
    document: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
) -> SearchPage:
    """One page of the team's matches for ``q``, best first, with the filters applied."""
    query = parse(q)
    chosen = engine()
    result = SearchPage(query=query, page=page, engine=chosen.name)
    if query.is_empty:
        return result
    team_id = membership.team_id
    matched, params = chosen.match(query, team_id)
    where, filter_params = _filters(kind, verdict, status, author, document, date_from, date_to)
    base = (
        f"FROM ({matched}) r JOIN annotate_document d ON d.id = r.document_id "
        "LEFT JOIN annotate_claim c ON c.id = r.claim_id "
        "LEFT JOIN annotate_source src ON r.kind = 'source' AND src.id = r.object_id "
        "LEFT JOIN annotate_comment cm ON r.kind = 'comment' AND cm.id = r.object_id "
        "WHERE d.team_id = %s AND d.importing_since IS NULL "
        # Claims in the Trash (and their notes, sources, comments) are not found.
        "AND (r.claim_id IS NULL OR (c.id IS NOT NULL AND c.deleted_at IS NULL)) "
        "AND (r.kind <> 'source' OR src.id IS NOT NULL) "
        "AND (r.kind <> 'comment' OR cm.id IS NOT NULL)" + where
    )
    all_params = [*params, team_id, *filter_params]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {base}", all_params)
        result.total = cursor.fetchone()[0]
        result.page = page = min(page, result.pages)
        cursor.execute(
            f"SELECT r.id, r.kind, r.object_id, r.document_id, r.claim_id, r.rank {base} "
            "ORDER BY r.rank DESC, r.id DESC LIMIT %s OFFSET %s",
            [*all_params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
        )
        rows = cursor.fetchall()
    if rows:
        snippets = chosen.snippets(query, team_id, [row[0] for row in rows])
        result.results = _hydrate(rows, snippets, chosen.position_function)
    return result


def _filters(kind, verdict, status, author, document, date_from, date_to) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    if kind:
        clauses.append(f"r.kind IN ({', '.join(['%s'] * len(kind))})")
        params += list(kind)
    if verdict is not None:
        clauses.append("c.verdict_id = %s")
        params.append(verdict.pk)
    if status:
        clauses.append("c.status = %s")
        params.append(status)
    if author is not None:
        clauses.append(f"{_ITEM_AUTHOR} = %s")
        params.append(author.pk)
    if document:
        clauses.append("r.document_id = %s")
        params.append(document)
    adapt = connection.ops.adapt_datetimefield_value
    if date_from:
        clauses.append(f"{_ITEM_DATE} >= %s")
        params.append(adapt(_day_start(date_from)))
    if date_to:
        clauses.append(f"{_ITEM_DATE} < %s")
        params.append(adapt(_day_start(date_to + timedelta(days=1))))
    return "".join(f" AND {clause}" for clause in clauses), params


def _day_start(day: date) -> datetime:
    """Midnight of ``day`` where the newsroom is (settings.TIME_ZONE)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _hydrate(rows, snippets, position_function: str) -> list[SearchResult]:
    ids: dict[str, set[int]] = {name: set() for name in KIND_LABELS}
    for _, kind, object_id, document_id, claim_id, _ in rows:
        ids["document"].add(document_id)
        if claim_id:
            ids["claim"].add(claim_id)
        if kind in ("source", "comment"):
            ids[kind].add(object_id)
    documents = Document.objects.defer("text").in_bulk(ids["document"])
    claims = Claim.objects.select_related("verdict", "author").in_bulk(ids["claim"])
    sources = Source.objects.in_bulk(ids["source"]) if ids["source"] else {}
    comments = (
        Comment.objects.select_related("author").in_bulk(ids["comment"]) if ids["comment"] else {}
    )
    results: list[SearchResult] = []
    locators: dict[int, str] = {}
    for row_id, kind, object_id, document_id, claim_id, rank in rows:
        title_snip, body_snip = snippets.get(row_id, ("", ""))
        claim = claims.get(claim_id) if claim_id else None
        obj = {
            "document": documents.get(document_id),
            "claim": claim,
            "note": claim,
            "source": sources.get(object_id),
            "comment": comments.get(object_id),
        }[kind]
        result = SearchResult(
            kind=kind,
            object_id=object_id,
            rank=float(rank),
            title=parts(title_snip) if kind in ("document", "source") else [],
            snippet=parts(body_snip if body_snip else title_snip),
            document=documents[document_id],
            claim=claim,
            obj=obj,
        )
        if kind == "claim":
            title_snip = title_snip.strip()
            # The quote is the claim's title; the snippet is the checker's words (restatement,
            # claimant) when they matched, else the quote again.
            result.title = parts(title_snip)
            body_parts = parts(body_snip)
            result.snippet = body_parts if any(p.hit for p in body_parts) else result.title
        if kind == "document":
            locators[document_id] = locator(body_snip) or locator(title_snip)
        results.append(result)
    sentences = _sentences_of(locators, position_function)
    for result in results:
        if result.kind == "document":
            result.sentence = sentences.get(result.document.pk)
        result.url = _url(result)
    return results


def _sentences_of(locators: dict[int, str], position_function: str) -> dict[int, int]:
    """The sentence each document hit is in, found by where its snippet's text is (one query)."""
    wanted = {pk: text for pk, text in locators.items() if text}
    if not wanted:
        return {}
    values = " UNION ALL ".join(["SELECT %s AS document_id, %s AS needle"] * len(wanted))
    params = [value for pk, text in wanted.items() for value in (pk, text)]
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT h.document_id, (SELECT s."index" FROM annotate_sentence s '  # noqa: S608
            f"WHERE s.document_id = h.document_id AND s.start <= "
            f"{position_function}(d.text, h.needle) - 1 + length(h.needle) - 1 "
            f"ORDER BY s.start DESC LIMIT 1) FROM ({values}) h "
            f"JOIN annotate_document d ON d.id = h.document_id "
            f"WHERE {position_function}(d.text, h.needle) > 0",
            params,
        )
        return {row[0]: row[1] for row in cursor.fetchall() if row[1] is not None}


def _url(result: SearchResult) -> str:
    desk = reverse("annotate:document-detail", args=[result.document.pk])
    if result.kind == "document":
        return desk + (f"#s{result.sentence}" if result.sentence is not None else "")
    if result.kind == "comment":
        return reverse("annotate:review-claim", args=[result.claim.pk]) + (
            f"#comment-{result.object_id}"
        )
    return f"{desk}?claim={result.claim.pk}"

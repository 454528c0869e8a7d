"""Recreate a document from our lossless JSON export (a DocumentData) inside the importer's team.

Nothing in the file is trusted to point at stored rows: every document, claim, source, review
and comment is a new row of the importing membership's team, whatever ids the file carries, so a
forged id can neither overwrite nor reach another team's object. The rules:

- Text: it must already be in our normalized form (what offsets point into); its sentences are
  taken from the file (they were checked to lie in the text), or segmented again when absent.
  A text the team already has is a DuplicateDocument, as for every import.
- Verdicts are matched by key to the team's scale, then by label (case-insensitive). A verdict
  the scale lacks refuses the import with its name: changing the scale is a team admin's call.
- People are restored only when a team admin imports (a migration between installations): then
  usernames are matched to the team's members, and a name that is not a member is attributed to
  the importer with a note. Anyone else's import is attributed to the importer entirely (with a
  note naming the people in the file), since a file is easy to write and must not put words in
  a colleague's name.
- Review decisions in the file never happened here: they are stored as imported history
  (ImportedDecision: "imported: approved by X on date, in <file>"), never as live reviews, so they
  count toward nothing. A claim arrives as a draft (draft or sent back in the file) or in review
  (in review or approved in the file), submitted by the importer, who is then one of the round's
  authors and cannot approve it: approving is for a colleague of this team, here.
- Every text has the limit it has on the pages and the API (models.claim.TEXT_LIMITS), and every
  link (the document's, the sources') must be http(s): a file that breaks either is refused,
  naming the place.
- HTML (notes, comment bodies) goes through the one sanitizer; links must be http(s), the
  article's own links (`document.links`) too.
- The document keeps the source format and file name it was first imported from (a Word file
  exported as JSON and imported again is still a Word document called `story.docx`); the JSON
  file itself is stored as its original file, under its own name.
- The document is stored by services.documents.document_create, like every import (truncation,
  hashing, duplicates, the insert race); its claims and their threads are added inside the same
  transaction with bulk inserts; timestamps from the file are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Case, DateTimeField, F, Value, When
from simple_history.utils import bulk_create_with_history

from annotate import rules
from annotate.document_data import ClaimData, DocumentData
from annotate.ingest.errors import ImportRejected
from annotate.models import (
    Claim,
    ClaimStatus,
    Comment,
    Document,
    ImportedDecision,
    Membership,
    Review,
    ReviewDecision,
    Source,
    SourceFormat,
    Verdict,
)
from annotate.models.claim import too_long
from annotate.rules import Permission
from annotate.sanitize import sanitize_html
from annotate.selectors.review import claim_snapshot
from annotate.services.documents import document_create
from annotate.text.anchor import quote_selector
from annotate.text.normalize import normalize_text
from annotate.text.segment import Span, segment

StageCallback = Callable[[str, int, int], None]

NOT_NORMALIZED = (
    "The factcheck document is invalid: its text is not in normalized form "
    "(it was changed after the export)."
)
UNKNOWN_VERDICTS = (
    "The file uses verdicts this team's scale does not have: {names}. "
    "Ask a team admin to add them, or import into a team that has them."
)
BAD_LINK = "The factcheck document is invalid: {path} must start with http:// or https://."
TOO_LONG = "The factcheck document is invalid: {path}: {message}"
# What each status in the file becomes here: nothing arrives decided.
ARRIVES_AS = {
    ClaimStatus.DRAFT: ClaimStatus.DRAFT,
    ClaimStatus.CHANGES_REQUESTED: ClaimStatus.DRAFT,
    ClaimStatus.IN_REVIEW: ClaimStatus.IN_REVIEW,
    ClaimStatus.APPROVED: ClaimStatus.IN_REVIEW,
}


def _ignore_stage(stage: str, done: int, total: int) -> None:
    return None


def document_from_lossless(
    *,
    membership: Membership,
    data: DocumentData,
    original_name: str = "",
    original_bytes: bytes | None = None,
    on_stage: StageCallback = _ignore_stage,
    allow_duplicate: bool = False,
) -> Document:
    """Store `data` as a new document of `membership`'s team, with its claims and their threads.

    Raises ImportRejected (the file cannot be stored, with the reason) or DuplicateDocument
    (unless `allow_duplicate`: then it is a separate copy). The caller checks that the
    membership may import.
    """
    text = data.text
    if not text or normalize_text(text) != text:
        raise ImportRejected(NOT_NORMALIZED)
    team = membership.team
    verdicts = _verdict_map(team.pk, data)
    _check_links(data)
    on_stage("segmenting", 2, 4)
    spans = [Span(s.start, s.end, s.paragraph) for s in data.sentences] or segment(
        text, data.language
    )
    on_stage("saving", 3, 4)
    people = _people(team.pk, data)
    document = document_create(
        team=team,
        created_by=membership.user,
        title=data.title.strip() or "Untitled",
        text=text,
        source_format=_first_format(data.source_format),
        byline=data.byline,
        source_url=data.source_url.strip(),
        published_on=data.published_on,
        language=data.language,
        original_name=data.original_name or original_name,
        original_bytes=original_bytes,
        stored_name=original_name,
        spans=spans,
        links=data.links,
        allow_duplicate=allow_duplicate,
        fill=lambda document: _claims(membership, document, data, verdicts, people, original_name),
    )
    on_stage("done", 4, 4)
    return document


def _first_format(source_format: str) -> str:
    """The format the document was first imported from; "json" for one we do not know."""
    return source_format if source_format in SourceFormat.values else SourceFormat.JSON


def _verdict_map(team_id: int, data: DocumentData) -> dict[str, Verdict]:
    """The team's verdict for every verdict key the claims use; refuses unknown ones."""
    used = {claim.verdict for claim in data.claims if claim.verdict is not None}
    if not used:
        return {}
    scale = list(Verdict.objects.filter(team_id=team_id))
    by_key = {verdict.key: verdict for verdict in scale}
    by_label = {verdict.label.casefold(): verdict for verdict in scale}
    found: dict[str, Verdict] = {}
    missing = []
    for key in sorted(used):
        file_verdict = data.verdict(key)
        label = file_verdict.label.casefold() if file_verdict else ""
        verdict = by_key.get(key) or by_label.get(label)
        if verdict is None:
            missing.append(f"“{file_verdict.label if file_verdict else key}” ({key})")
        else:
            found[key] = verdict
    if missing:
        raise ImportRejected(UNKNOWN_VERDICTS.format(names=", ".join(missing)))
    return found


def _check_links(data: DocumentData) -> None:
    """Every link is http(s) and every text within its limit, or the file is refused."""
    for c, claim in enumerate(data.claims):
        for s, source in enumerate(claim.sources):
            for name in ("url", "archive_url"):
                value = getattr(source, name).strip()
                path = f"claims[{c}].sources[{s}].{name}"
                if (value or name == "url") and not _is_http(value):
                    raise ImportRejected(BAD_LINK.format(path=path))
            for name in ("url", "archive_url", "title", "publisher", "excerpt"):
                _check_length(f"claims[{c}].sources[{s}].{name}", name, getattr(source, name))
        for name, value in (
            ("restatement", claim.restatement),
            ("claimant", claim.claimant),
            ("notes", claim.notes_html),
        ):
            _check_length(f"claims[{c}].{name}", name, value)
        for r, review in enumerate(claim.reviews):
            _check_length(f"claims[{c}].reviews[{r}].comment", "comment", review.comment)
        for m, comment in enumerate(claim.comments):
            _check_length(f"claims[{c}].comments[{m}].body_html", "body", comment.body_html)
    for index, link in enumerate(data.links):
        path = f"document.links[{index}].url"
        if not link.url.strip().lower().startswith(("http://", "https://")):
            raise ImportRejected(BAD_LINK.format(path=path))
        _check_length(path, "url", link.url)
    source_url = data.source_url.strip()
    if source_url and not _is_http(source_url):
        raise ImportRejected(BAD_LINK.format(path="document.source_url"))
    _check_length("document.source_url", "url", source_url)


def _is_http(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _check_length(path: str, field: str, value: str) -> None:
    message = too_long(field, (value or "").strip())
    if message:
        raise ImportRejected(TOO_LONG.format(path=path, message=message))


def _people(team_id: int, data: DocumentData) -> dict:
    """Team members named in the file, by username (one query)."""
    names: set[str] = set()
    for claim in data.claims:
        names.update((claim.author, claim.assignee, claim.approved_by))
        names.update(review.reviewer for review in claim.reviews)
        names.update(comment.author for comment in claim.comments)
    names.discard("")
    users = (
        get_user_model().objects.filter(memberships__team_id=team_id, username__in=names).distinct()
    )
    return {user.get_username(): user for user in users}


class _Attribution:
    """Maps the file's usernames to team members, remembering who fell back to the importer."""

    def __init__(self, people: dict, importer) -> None:
        self.people = people
        self.importer = importer
        self.stand_ins: list[str] = []

    def user(self, name: str, role: str):
        user = self.people.get(name)
        if user is not None:
            return user
        if name:
            self.stand_ins.append(f"{name} ({role})")
        return self.importer


def _claims(
    membership: Membership,
    document: Document,
    data: DocumentData,
    verdicts: dict[str, Verdict],
    people: dict,
    original_name: str,
) -> None:
    claims, threads = [], []
    for item in data.claims:
        claim, thread = _claim(membership, document, item, verdicts, people, original_name)
        claims.append(claim)
        threads.append(thread)
    if not claims:
        return
    claims = bulk_create_with_history(claims, Claim, default_user=membership.user)
    sources, reviews, comments = [], [], []
    for claim, (item_sources, item_reviews, item_comments) in zip(claims, threads, strict=True):
        for row in item_sources:
            row.claim = claim
        for row in item_reviews:
            row.claim = claim
        for row in item_comments:
            row.claim = claim
        sources += item_sources
        reviews += item_reviews
        comments += item_comments
    bulk_create_with_history(sources, Source, default_user=membership.user)
    ImportedDecision.objects.bulk_create(reviews)
    comments = Comment.objects.bulk_create(comments)
    # A claim arriving in review was submitted here by the importer: a live row, now.
    in_review = [
        (claim, thread[0])
        for claim, thread in zip(claims, threads, strict=True)
        if claim.status == ClaimStatus.IN_REVIEW
    ]
    Review.objects.bulk_create(
        Review(
            claim=claim,
            reviewer=membership.user,
            decision=ReviewDecision.SUBMITTED,
            from_status=ClaimStatus.DRAFT,
            to_status=ClaimStatus.IN_REVIEW,
            comment=f"Imported from {original_name or 'a factcheck export'}.",
            snapshot=claim_snapshot(claim, claim_sources),
        )
        for claim, claim_sources in in_review
    )
    Claim.round_editors.through.objects.bulk_create(
        Claim.round_editors.through(claim_id=claim.pk, user_id=membership.user.pk)
        for claim, _ in in_review
    )
    # auto_now_add stamped the rows "now"; put back the moments the file recorded.
    _restore_times(Claim, [(c.pk, c._imported_at) for c in claims], ("created_at", "updated_at"))
    _restore_times(Comment, [(c.pk, c._imported_at) for c in comments], ("created_at",))


def _claim(
    membership: Membership,
    document: Document,
    item: ClaimData,
    verdicts: dict[str, Verdict],
    people: dict,
    original_name: str,
) -> tuple[Claim, tuple[list[Source], list[Review], list[Comment]]]:
    trusted = rules.can(membership, Permission.IMPORT_PEOPLE)
    who = _Attribution(people if trusted else {}, membership.user)
    author = who.user(item.author, "author")
    status = ARRIVES_AS.get(item.status, ClaimStatus.DRAFT)
    was_approved = item.status == ClaimStatus.APPROVED
    selector = quote_selector(document.text, item.start, item.end)
    claim = Claim(
        team_id=document.team_id,
        document=document,
        start=item.start,
        end=item.end,
        quote=selector.exact,
        prefix=selector.prefix,
        suffix=selector.suffix,
        restatement=item.restatement.strip(),
        claimant=item.claimant.strip(),
        verdict=verdicts.get(item.verdict) if item.verdict else None,
        notes=sanitize_html(item.notes_html),
        status=status,
        assignee=people.get(item.assignee) if trusted else None,
        author=author,
    )
    claim._imported_at = (item.created_at, item.updated_at)
    sources = [_source(position, source) for position, source in enumerate(item.sources)]
    decisions = [_decision(review, original_name) for review in item.reviews]
    if was_approved and not any(d.decision == ReviewDecision.APPROVED for d in decisions):
        decisions.append(
            ImportedDecision(
                decision=ReviewDecision.APPROVED,
                reviewer_name=item.approved_by,
                decided_at=item.approved_at,
                imported_from=original_name or "a factcheck export",
            )
        )
    comments = [_comment(comment, who) for comment in item.comments]
    note = _provenance(original_name, who.stand_ins, was_approved, trusted)
    if note:
        comments.append(
            _stamped(Comment(author=membership.user, body=sanitize_html(note)), _now(comments))
        )
    return claim, (sources, decisions, comments)


def _source(position: int, source) -> Source:
    return Source(
        url=source.url.strip(),
        title=source.title.strip(),
        publisher=source.publisher.strip(),
        date_published=source.date_published,
        date_accessed=source.date_accessed,
        archive_url=source.archive_url.strip(),
        excerpt=source.excerpt.strip(),
        stance=source.stance,
        position=position,
    )


def _decision(review, original_name: str) -> ImportedDecision:
    """A decision from the file, kept as history under the name the file gives."""
    return ImportedDecision(
        decision=review.decision,
        reviewer_name=review.reviewer[:150],
        decided_at=review.created_at,
        comment=review.comment.strip(),
        imported_from=original_name or "a factcheck export",
    )


def _comment(comment, who: _Attribution) -> Comment:
    row = Comment(author=who.user(comment.author, "comment"), body=sanitize_html(comment.body_html))
    return _stamped(row, comment.created_at)


def _stamped(row, moment: datetime | None):
    row._imported_at = moment
    return row


def _now(comments: list[Comment]) -> datetime | None:
    moments = [c._imported_at for c in comments if c._imported_at is not None]
    return max(moments) if moments else None


def _provenance(original_name: str, stand_ins: list[str], downgraded: bool, trusted: bool) -> str:
    """The note added to a claim whose people or status could not be imported as they were."""
    if not stand_ins and not downgraded:
        return ""
    parts = [f"<p>Imported from {original_name or 'a factcheck export'}.</p>"]
    if stand_ins:
        names = ", ".join(dict.fromkeys(stand_ins))
        why = (
            "Not members of this team"
            if trusted
            else "Only a team admin's import keeps the people named in the file"
        )
        parts.append(f"<p>{why}, so attributed to the importer: {names}.</p>")
    if downgraded:
        parts.append(
            "<p>It was approved in the file; it is in review here until a reviewer of this "
            "team approves it. The file's decisions are kept as imported history.</p>"
        )
    return "".join(parts)


def _restore_times(model, rows: Iterable[tuple[int, object]], names: tuple[str, ...]) -> None:
    """Set each row's timestamps from the file in one UPDATE per model."""
    whens: dict[str, list[When]] = {name: [] for name in names}
    pks = []
    for pk, moment in rows:
        moments = moment if isinstance(moment, tuple) else (moment,) * len(names)
        if any(m is None for m in moments):
            continue
        pks.append(pk)
        for name, value in zip(names, moments, strict=True):
            whens[name].append(When(pk=pk, then=Value(value)))
    if not pks:
        return
    model.objects.filter(pk__in=pks).update(
        **{
            name: Case(*cases, default=F(name), output_field=DateTimeField())
            for name, cases in whens.items()
        }
    )

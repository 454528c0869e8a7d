"""The annotation desk: a document with its claims highlighted, and the claim editor beside it.

Views are thin: fetch through the team-scoped selectors (another team's ids are a 404), parse
the form, call one service, render. htmx requests get partials (the editor, the sources list)
plus out-of-band updates of the claim list, the verdict chart and the paragraphs a claim
touches; plain requests get the whole page or a redirect, so every form also works without JS.

Offsets arrive from the browser as UTF-16 code units and are converted to code points here, at
the edge; everything below works in code points.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from annotate import rules, selectors
from annotate.forms import ClaimForm, SourceForm, VersionForm, claim_initial, source_initial
from annotate.models import Claim, ClaimStatus, Document, Stance
from annotate.models.claim import SOURCE_FIELDS
from annotate.rules import Permission
from annotate.selectors import desk as desk_selectors
from annotate.selectors import newsroom
from annotate.services import claims as claim_services
from annotate.services.errors import ServiceError
from annotate.text.anchor import Utf16Index
from annotate.text.layout import layout
from annotate.views import desk_links
from annotate.views.decorators import member_required, permission_required
from annotate.views.desk_article import NO_VERDICT_COLOUR, article_html, claim_look
from annotate.views.responses import act

TEMPLATE = "annotate/desk/desk.html"
CHART_WIDTH = 120  # px of the longest bar


# ---------------------------------------------------------------- page


@member_required
@require_GET
def desk_page(request, pk: int):
    """The document as the desk; ``?claim=<id>`` opens that claim in the editor."""
    document = selectors.document_for_member(request.membership, pk)
    claim = None
    if request.GET.get("claim"):
        claim = selectors.claim_for_member(request.membership, request.GET["claim"])
        if claim.document_id != document.pk:
            return redirect(_claim_url(claim))
    return _render_page(request, document, claim)


def _render_page(request, document: Document, claim: Claim | None, **editor):
    claims = list(desk_selectors.claims_for_desk(document))
    sentences = desk_selectors.sentence_spans(document)
    paragraphs = layout(document.text, list(sentences), claims)
    index = Utf16Index(document.text)
    context = {
        "document": document,
        "article": article_html(document.text, paragraphs, _colours(claims), index),
        **_list_context(request, document, claims),
        **desk_links.page_context(document, index),
    }
    context.update(_assignment_context(request, document))
    if claim is not None:
        context.update(_editor_context(request, claim, **editor))
    return render(request, TEMPLATE, context)


def _assignment_context(request, document: Document) -> dict[str, Any]:
    """The document's current assignment, and the members to assign it to (for editors)."""
    current = newsroom.document_assignment(document)
    may = rules.can(request.membership, Permission.DOCUMENT_ASSIGN, document)
    return {
        "doc_assignment": current,
        "assign_members": _members(request, document.team_id) if may else [],
        "can_assign": may,
    }


def _list_context(request, document: Document, claims: list[Claim]) -> dict[str, Any]:
    verdicts = _verdicts(request, document.team_id)
    return {
        "document": document,
        "can_edit": rules.can(request.membership, Permission.CLAIM_EDIT),
        "claims": claims,
        "chart": _chart(verdicts, claims),
        "statuses": ClaimStatus.choices,
    }


def _verdicts(request, team_id: int) -> list:
    """The team's verdict scale, read once per request (the chart and the editor share it)."""
    cache = request.__dict__.setdefault("_desk_verdicts", {})
    if team_id not in cache:
        cache[team_id] = list(selectors.verdicts_for_team(team_id))
    return cache[team_id]


def _members(request, team_id: int) -> list:
    """The team's memberships (assignee choices), read once per request."""
    cache = request.__dict__.setdefault("_desk_members", {})
    if team_id not in cache:
        cache[team_id] = list(desk_selectors.members_for_team(team_id))
    return cache[team_id]


def _colours(claims: list[Claim]) -> dict[int, str]:
    """Each claim's look in the article: its verdict's colour class and its status."""
    return {c.pk: claim_look(c.verdict_id, c.status) for c in claims}


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    colour: str
    count: int
    width: int
    y: int


def _chart(verdicts, claims: list[Claim]) -> dict[str, Any]:
    """Bars of claims per verdict (the team's scale in order, then "No verdict")."""
    counts = Counter(c.verdict_id for c in claims)
    rows = [(v.key, v.label, v.colour, counts.get(v.pk, 0)) for v in verdicts]
    rows.append(("none", "No verdict", NO_VERDICT_COLOUR, counts.get(None, 0)))
    most = max((row[3] for row in rows), default=0) or 1
    bars = [
        Bar(key, label, colour, n, round(CHART_WIDTH * n / most), 14 * i)
        for i, (key, label, colour, n) in enumerate(rows)
    ]
    return {"bars": bars, "height": 14 * len(bars), "total": len(claims)}


# ---------------------------------------------------------------- editor


@dataclass
class SourceRow:
    """One source form in the editor: its values and errors (``source`` is None for "add")."""

    key: str
    source: Any
    values: dict[str, str]
    errors: dict[str, str]
    open: bool = False


def _editor_context(
    request,
    claim: Claim,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    saved: str = "",
    failing_source: str | None = None,
    source_values: dict[str, str] | None = None,
    source_errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the editor partial shows for ``claim`` (fetched with claims_with_details)."""
    can_edit = rules.can(request.membership, Permission.CLAIM_EDIT)
    rows = []
    for source in claim.sources.all():
        key = str(source.pk)
        failing = failing_source == key
        rows.append(
            SourceRow(
                key,
                source,
                source_values if failing else source_initial(source),
                source_errors if failing else {},
                open=failing,
            )
        )
    new_failing = failing_source == "new"
    new_row = SourceRow(
        "new",
        None,
        source_values if new_failing else {"stance": Stance.SUPPORTS},
        source_errors if new_failing else {},
        open=new_failing,
    )
    context = {
        "claim": claim,
        "membership": request.membership,
        "can_edit": can_edit,
        "can_delete": rules.can(request.membership, Permission.CLAIM_DELETE, claim),
        "document": claim.document,
        "form": values or claim_initial(claim),
        "errors": errors or {},
        "saved": saved,
        "source_rows": rows,
        "new_source": new_row,
        "stances": Stance.choices,
    }
    if can_edit:
        context["verdicts"] = _verdicts(request, claim.team_id)
        context["members"] = _members(request, claim.team_id)
        context.update(desk_links.claim_context(claim, {row.source.url for row in rows}))
    return context


@member_required
@require_GET
def claim_open(request, pk: int):
    """The editor for one claim (htmx), or the desk with it open."""
    claim = selectors.claim_for_member(request.membership, pk)
    if not request.htmx:
        return redirect(_claim_url(claim))
    return render(request, TEMPLATE + "#editor", _editor_context(request, claim))


@member_required
@require_GET
def claim_refresh(request, pk: int):
    """The claim's list entry, highlight and the chart as they are now (htmx, out of band).

    The desk asks for it after a change made elsewhere on the page (a review decision in the
    editor's panel), so that the list, the text and the chart never show a stale status.
    """
    claim = selectors.claim_for_member(request.membership, pk)
    if not request.htmx:
        return redirect(_claim_url(claim))
    return _refreshed(request, claim.document, claim.start, claim.end)


# ---------------------------------------------------------------- marking


class BadInput(ServiceError):
    """Offsets from the browser that cannot be used; the message is shown as it is."""


class SpanTaken(ServiceError):
    """The span already has a claim: the desk asks first (the person may mean another claim)."""

    status_code = 409

    def __init__(self, claim: Claim) -> None:
        super().__init__(SPAN_TAKEN)
        self.claim = claim


SPAN_TAKEN = "This span already has a claim: open it?"


@member_required
@require_POST
@permission_required(Permission.CLAIM_EDIT)
def claim_create(request, pk: int):
    """Mark document text as a claim from UTF-16 offsets and the quote the browser saw."""
    document = selectors.document_for_member(request.membership, pk)
    taken: list[Claim] = []  # the claim already on the span, when the desk asks first

    def mark() -> Claim:
        start, end = utf16_span(document.text, request.POST.get("start"), request.POST.get("end"))
        existing = desk_selectors.claim_on_span(document, start, end)
        if existing is not None and request.POST.get("again") != "1":
            taken.append(existing)
            raise SpanTaken(existing)
        return claim_services.claim_create(
            membership=request.membership,
            document=document,
            start=start,
            end=end,
            quote=request.POST.get("quote", ""),
        )

    def done(claim: Claim) -> HttpResponse:
        claim = selectors.claim_for_member(request.membership, claim.pk)
        if not request.htmx:
            return redirect(_claim_url(claim))
        return _changed(request, claim, claim.start, claim.end, saved="Claim marked.")

    def flash(errors) -> HttpResponse:
        if taken:
            context = {"taken": taken[0], "post": request.POST}
            response = render(request, "annotate/desk/_span_taken.html", context)
        else:
            message = f"Could not mark the claim: {_first(errors)}"
            response = render(request, TEMPLATE + "#flash", {"flash": message})
        response["HX-Retarget"] = "#desk-flash"
        response["HX-Reswap"] = "innerHTML"
        return response

    def back(errors) -> HttpResponse:
        if taken:
            messages.info(request, SPAN_TAKEN)
            return redirect(_claim_url(taken[0]))
        messages.error(request, f"Could not mark the claim: {_first(errors)}")
        return redirect("annotate:document-detail", pk=document.pk)

    return act(request, mark, done=done, partial=flash, page=back)


def utf16_span(text: str, start: Any, end: Any) -> tuple[int, int]:
    """Return the code-point offsets of UTF-16 offsets ``start``/``end`` (form strings)."""
    try:
        u16_start, u16_end = int(start), int(end)
    except (TypeError, ValueError):
        raise BadInput("The selection's offsets must be whole numbers.") from None
    index = Utf16Index(text)
    try:
        return index.to_codepoint(u16_start), index.to_codepoint(u16_end)
    except ValueError as error:
        raise BadInput(str(error)) from None


def _first(errors: dict[str, str]) -> str:
    return next(iter(errors.values()))


# ---------------------------------------------------------------- editing

CLAIM_FORM_FIELDS = (
    "restatement",
    "claimant",
    "verdict",
    "assignee",
    "due_at",
    "notes",
    "version",
)


@member_required
@require_POST
@permission_required(Permission.CLAIM_EDIT)
def claim_update(request, pk: int):
    """Save the claim form (optimistic locking on ``version``)."""
    claim = selectors.claim_for_member(request.membership, pk)
    values = {name: request.POST.get(name, "") for name in CLAIM_FORM_FIELDS}

    def save() -> Claim:
        form = ClaimForm(
            request.POST,
            verdicts=lambda: _verdicts(request, claim.team_id),
            members=lambda: _members(request, claim.team_id),
        )
        changes, version = form.changes()
        return claim_services.claim_update(
            membership=request.membership, claim=claim, version=version, **changes
        )

    def done(_) -> HttpResponse:
        saved = selectors.claim_for_member(request.membership, pk)
        if not request.htmx:
            messages.success(request, "Claim saved.")
            return redirect(_claim_url(saved))
        return _changed(request, saved, saved.start, saved.end, saved="Saved.")

    return act(request, save, done=done, **_editor_refusal(request, claim, values=values))


def _editor_refusal(request, claim: Claim, **editor) -> dict:
    """How the editor shows a refusal: the editor partial (htmx) or the whole desk."""
    return {
        "partial": lambda errors: render(
            request, TEMPLATE + "#editor", _editor_context(request, claim, errors=errors, **editor)
        ),
        "page": lambda errors: _render_page(
            request, claim.document, claim, errors=errors, **editor
        ),
    }


@member_required
@require_POST
@permission_required(Permission.CLAIM_EDIT)
def claim_delete(request, pk: int):
    """Delete a claim (the page asks first) and clear the editor."""
    claim = selectors.claim_for_member(request.membership, pk)
    document = claim.document

    def done(_) -> HttpResponse:
        if not request.htmx:
            messages.success(request, "Claim moved to the Trash.")
            return redirect("annotate:document-detail", pk=document.pk)
        return _changed(request, None, claim.start, claim.end, document=document)

    def delete() -> None:
        claim_services.claim_delete(membership=request.membership, claim=claim)

    return act(request, delete, done=done, **_editor_refusal(request, claim))


def _changed(
    request,
    claim: Claim | None,
    start: int,
    end: int,
    *,
    document: Document | None = None,
    saved: str = "",
) -> HttpResponse:
    """The editor, plus out-of-band: claim list, chart and the paragraphs of text[start:end]."""
    document = claim.document if claim is not None else document
    context = _marks_context(request, document, start, end)
    if claim is not None:
        context.update(_editor_context(request, claim, saved=saved))
    return render(request, "annotate/desk/changed.html", context)


def _refreshed(request, document: Document, start: int, end: int) -> HttpResponse:
    """Out-of-band only: claim list, chart, claim count and the paragraphs of text[start:end]."""
    context = _marks_context(request, document, start, end)
    return render(request, "annotate/desk/refreshed.html", context)


def _marks_context(request, document: Document, start: int, end: int) -> dict[str, Any]:
    claims = list(desk_selectors.claims_for_desk(document))
    context = _list_context(request, document, claims)
    context["paragraphs_html"] = _paragraphs_html(document, start, end)
    return context


def _paragraphs_html(document: Document, start: int, end: int):
    sentences = desk_selectors.sentences_around_span(document, start, end)
    if not sentences:
        return ""
    first, last = sentences[0].start, sentences[-1].end
    claims = list(desk_selectors.claims_overlapping(document, first, last))
    paragraphs = layout(document.text, sentences, claims)
    index = Utf16Index(document.text)
    return article_html(document.text, paragraphs, _colours(claims), index, oob=True)


# ---------------------------------------------------------------- sources


@member_required
@require_POST
@permission_required(Permission.CLAIM_EDIT)
def source_add(request, pk: int):
    claim = selectors.claim_for_member(request.membership, pk)
    return _source_save(request, claim, None)


@member_required
@require_POST
@permission_required(Permission.CLAIM_EDIT)
def source_update(request, pk: int):
    source = selectors.source_for_member(request.membership, pk)
    claim = selectors.claim_for_member(request.membership, source.claim_id)
    return _source_save(request, claim, source)


def _source_save(request, claim: Claim, source) -> HttpResponse:
    # The version stays as posted, so a refused (stale) form is not resent as if fresh.
    values = {name: request.POST.get(name, "") for name in [*SOURCE_FIELDS, "version"]}

    def save() -> None:
        data, version = SourceForm(request.POST, new=source is None).changes()
        membership = request.membership
        if source is None:
            claim_services.source_add(membership=membership, claim=claim, version=version, **data)
        else:
            claim_services.source_update(
                membership=membership, source=source, version=version, **data
            )

    saved = "Source added." if source is None else "Source saved."
    return act(
        request,
        save,
        done=lambda _: _sources_changed(request, claim.pk, saved),
        **_sources_refusal(request, claim, source, values),
    )


@member_required
@require_POST
@permission_required(Permission.CLAIM_EDIT)
def source_remove(request, pk: int):
    source = selectors.source_for_member(request.membership, pk)
    claim_id = source.claim_id

    def remove() -> None:
        version = VersionForm(request.POST).read_version()
        claim_services.source_remove(membership=request.membership, source=source, version=version)

    values = {**source_initial(source), "version": request.POST.get("version", "")}
    claim = selectors.claim_for_member(request.membership, claim_id)
    return act(
        request,
        remove,
        done=lambda _: _sources_changed(request, claim_id, "Source removed."),
        **_sources_refusal(request, claim, source, values),
    )


def _sources_changed(request, claim_id: int, saved: str) -> HttpResponse:
    """The sources section, the claim's new version (out of band) and the claim list."""
    claim = selectors.claim_for_member(request.membership, claim_id)
    if not request.htmx:
        messages.success(request, saved)
        return redirect(_claim_url(claim))
    claims = list(desk_selectors.claims_for_desk(claim.document))
    context = _list_context(request, claim.document, claims)
    context.update(_editor_context(request, claim))
    context["source_saved"] = saved
    return render(request, "annotate/desk/sources_changed.html", context)


def _sources_refusal(request, claim: Claim, source, values: dict[str, str]) -> dict:
    """How the sources section shows a refusal, with the failing form open and as posted."""
    editor = {
        "failing_source": "new" if source is None else str(source.pk),
        "source_values": values,
    }

    def partial(errors) -> HttpResponse:
        context = _editor_context(request, claim, source_errors=errors, **editor)
        return render(request, TEMPLATE + "#sources", context)

    def page(errors) -> HttpResponse:
        return _render_page(request, claim.document, claim, source_errors=errors, **editor)

    return {"partial": partial, "page": page}


def _claim_url(claim: Claim) -> str:
    return reverse("annotate:document-detail", args=[claim.document_id]) + f"?claim={claim.pk}"

"""One form per input: a claim's fields, a source, a comment, a review decision, a page's URL,
an assignment, notification choices.

The desk, the review page and the API (through annotate.api.forms) all parse their input with
these forms before calling the services, so one input always gets one answer and one status
code: a refused form is `InvalidInput` (400) with one message per field, whatever the face.
The forms only parse and check shapes (types, lengths, links, the team's own verdicts and
members); every rule about what may change stays in the services, which check it again.

Forms are "partial" where an input may name only some fields (the review page's small editor,
an API PATCH): fields missing from the data are left out and keep their stored value, except
those that must always come (a claim edit's `version`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils import timezone

from annotate.models import ClaimStatus, EmailMode, NotificationKind, Source, SourceFormat, Stance
from annotate.models.claim import SOURCE_FIELDS, TEXT_LIMITS, TEXT_NAMES
from annotate.services.errors import InvalidInput

# The document list's choices (annotate.selectors.newsroom reads the same keys).
STANDING_CHOICES = [
    ("in_review", "Has claims in review"),
    ("changes_requested", "Has claims sent back"),
    ("drafts", "Has drafts"),
    ("all_approved", "All claims approved"),
    ("no_claims", "No claims yet"),
]
SORT_CHOICES = [("newest", "Newest first"), ("activity", "Last activity"), ("title", "Title")]

NO_VERSION = "The form lacks the claim's version; reload the page."
OUT_OF_DATE = "This form is out of date: reload the page and edit again."
NOT_A_LINK = "Enter a full link, like https://example.org/page."
NOT_AN_ARCHIVE_LINK = "Enter a full link, like https://web.archive.org/…"
NOT_A_DATE = "Enter a date as YYYY-MM-DD."
NOT_OUR_VERDICT = "Choose a verdict from the team's scale."
NOT_OUR_MEMBER = "Choose a member of this team."
NOT_A_TIME = "Enter a due time as YYYY-MM-DD HH:MM."
# What <input type="datetime-local"> posts, then the usual ones (the API sends ISO 8601).
TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
VERSION_HELP = "The claim's `version` this input is based on; a stale one is refused with 409."
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def limited(field: forms.CharField, limit: str) -> forms.CharField:
    """`field` refusing more than TEXT_LIMITS[limit] characters, in the services' words."""
    field.max_length = TEXT_LIMITS[limit]
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(field.max_length))
    field.error_messages["max_length"] = (
        f"{TEXT_NAMES[limit]} is at most {field.max_length:,} characters; "
        "this one has %(show_value)d."
    )
    field.widget.attrs["maxlength"] = str(field.max_length)
    return field


class InputForm(forms.Form):
    """A form whose `cleaned()` gives the service arguments or raises InvalidInput."""

    always_given: tuple[str, ...] = ()

    def __init__(self, data, *, partial: bool = False, **kwargs) -> None:
        super().__init__(data, **kwargs)
        if partial:
            for name in list(self.fields):
                if name not in data and name not in self.always_given:
                    del self.fields[name]

    def cleaned(self) -> dict[str, Any]:
        """The cleaned values of the fields this form kept; InvalidInput when any is wrong."""
        if not self.is_valid():
            raise InvalidInput({name: " ".join(errors) for name, errors in self.errors.items()})
        return self.normalize(dict(self.cleaned_data))

    def normalize(self, data: dict[str, Any]) -> dict[str, Any]:
        """The service's arguments from the cleaned values (defaults for what was left empty)."""
        return data

    def changes(self) -> tuple[dict[str, Any], int | None]:
        """(the service's keyword arguments, the claim version read), or InvalidInput."""
        data = self.cleaned()
        return data, data.pop("version", None)


class VersionField(forms.IntegerField):
    """The claim version a form was rendered with (optimistic locking)."""

    def __init__(self, *, required: bool = True, **kwargs) -> None:
        messages = {"required": NO_VERSION, "invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE}
        super().__init__(
            required=required,
            min_value=1,
            error_messages=messages,
            help_text=VERSION_HELP,
            **kwargs,
        )


class HttpUrlField(forms.URLField):
    """A link: `stats.example.org/report` is taken as https://; other schemes are the service's
    to refuse (it allows http and https only, and says so the same way on every face)."""

    default_validators: list = []

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("assume_scheme", "https")
        kwargs["error_messages"] = {"invalid": NOT_A_LINK, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def to_python(self, value):
        text = (value or "").strip() if isinstance(value, str) else value
        if text and _SCHEME.match(text) and not text.lower().startswith(("http:", "https:")):
            return text  # not an http(s) link: the service refuses it with its message
        return super().to_python(text)

    def validate(self, value) -> None:
        super().validate(value)
        if value and value.lower().startswith(("http://", "https://")):
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class TeamChoiceField(forms.Field):
    """One of the team's objects (a verdict, a member), named by `key` of each option.

    The options come from a callable, read only when a value is given, so a form that does not
    name the field costs no query.
    """

    def __init__(self, *, message: str, **kwargs) -> None:
        super().__init__(required=False, **kwargs)
        self.message = message
        self.options: Callable[[], dict[str, Any]] = dict

    def to_python(self, value):
        if value in (None, ""):
            return None
        found = self.options().get(str(value))
        if found is None:
            raise ValidationError(self.message, code="invalid_choice")
        return found


class ClaimForm(InputForm):
    """A claim's editable fields (the desk's editor, the review page's, the API's PATCH).

    Partial: only the fields given change. `verdicts` and `members` give the team's verdict
    scale and memberships (callables, read only when needed); pages name them by id, the API
    by verdict key and username (`by_name=True`). `with_version=False` for a new claim.
    """

    always_given = ("version",)

    restatement = limited(
        forms.CharField(required=False, help_text="The claim in the checker's words."),
        "restatement",
    )
    claimant = limited(forms.CharField(required=False), "claimant")
    verdict = TeamChoiceField(message=NOT_OUR_VERDICT, help_text="A verdict of the team's scale.")
    notes = limited(
        forms.CharField(required=False, strip=False, help_text="HTML, sanitized on save."),
        "notes",
    )
    assignee = TeamChoiceField(message=NOT_OUR_MEMBER, help_text="A member of the team.")
    due_at = forms.DateTimeField(
        required=False,
        input_formats=TIME_FORMATS,
        error_messages={"invalid": NOT_A_TIME},
        help_text="When the assignee should be done (ISO 8601; empty: no due time).",
    )
    version = VersionField()

    def __init__(
        self,
        data,
        *,
        verdicts: Callable[[], Iterable],
        members: Callable[[], Iterable],
        by_name: bool = False,
        with_version: bool = True,
        partial: bool = True,
    ) -> None:
        super().__init__(data, partial=partial)
        if not with_version:
            del self.fields["version"]
        if "verdict" in self.fields:
            self.fields["verdict"].options = lambda: {
                (v.key if by_name else str(v.pk)): v for v in verdicts()
            }
        if "assignee" in self.fields:
            self.fields["assignee"].options = lambda: {
                (m.user.get_username() if by_name else str(m.user_id)): m.user for m in members()
            }


class SourceForm(InputForm):
    """A claim's source (the desk's source forms, the review page's, the API's).

    For a `new` source an empty access date is left out, so the service stamps today.
    """

    version = VersionField(required=False)

    def __init__(self, data, *, partial: bool = False, new: bool = False) -> None:
        super().__init__(data, partial=partial)
        self.new = new
        # A form without a stance (the API, the review page) takes the model's default.
        if "stance" in self.fields:
            self.fields["stance"].required = False

    def normalize(self, data: dict[str, Any]) -> dict[str, Any]:
        if "stance" in data and not data["stance"]:
            data["stance"] = Stance.SUPPORTS
        if self.new and data.get("date_accessed") is None:
            data.pop("date_accessed", None)
        return data


# The source's fields are the model's, named once in models.claim.SOURCE_FIELDS (the service
# refuses any other); the links and dates get the messages people read.
SourceForm.base_fields = {
    **forms.fields_for_model(
        Source,
        fields=SOURCE_FIELDS,
        field_classes={"url": HttpUrlField, "archive_url": HttpUrlField},
        error_messages={
            "url": {"required": "A source needs a URL."},
            "archive_url": {"invalid": NOT_AN_ARCHIVE_LINK},
            "date_published": {"invalid": NOT_A_DATE},
            "date_accessed": {"invalid": NOT_A_DATE},
        },
        help_texts={"url": "An http(s) link; https:// is assumed when none is given."},
    ),
    **SourceForm.base_fields,
}
for _name in ("title", "publisher", "excerpt", "url", "archive_url"):
    limited(SourceForm.base_fields[_name], _name)


class AssignmentForm(InputForm):
    """Assign a claim or a document: a member of the team (empty: nobody) and a due time.

    `members` gives the team's memberships (a callable, read only when a value is given); pages
    name the member by user id, the API by username (`by_name=True`).
    """

    assignee = TeamChoiceField(message=NOT_OUR_MEMBER, help_text="A member of the team.")
    due_at = ClaimForm.base_fields["due_at"]
    version = VersionField(required=False)

    def __init__(self, data, *, members: Callable[[], Iterable], by_name: bool = False) -> None:
        super().__init__(data)
        self.fields["assignee"].options = lambda: {
            (m.user.get_username() if by_name else str(m.user_id)): m.user for m in members()
        }


class CommentForm(InputForm):
    """A comment on a claim (the review panel, the API); the service sanitizes and checks it."""

    body = limited(
        forms.CharField(required=False, strip=False, help_text="HTML, sanitized on save."),
        "body",
    )


class ImportUrlForm(InputForm):
    """The address of a web page to import (the upload page, the API, `import_document`)."""

    url = HttpUrlField(
        max_length=2000,
        error_messages={"required": "Enter the address of the page to import."},
        help_text="An http:// or https:// address; the server fetches the page.",
    )


class VersionForm(InputForm):
    """Only the claim version a form was rendered with (removing a source)."""

    version = VersionField(required=False)

    def read_version(self) -> int | None:
        return self.changes()[1]


class DecisionForm(VersionForm):
    """Submit, approve or request changes: an optional comment and the version read."""

    comment = limited(forms.CharField(required=False, strip=False), "comment")

    def decision(self) -> tuple[str, int | None]:
        """(the comment, the claim version read), or InvalidInput."""
        data, version = self.changes()
        return data.get("comment", ""), version


class NotificationPreferenceForm(InputForm):
    """A user's email choices: which events, and at once, in a daily digest or never."""

    email_mode = forms.ChoiceField(
        choices=EmailMode.choices, error_messages={"invalid_choice": "Choose how often."}
    )
    email_kinds = forms.MultipleChoiceField(
        required=False,
        choices=NotificationKind.choices,
        error_messages={"invalid_choice": "Choose among the listed events."},
    )


class DocumentFilterForm(forms.Form):
    """The document list's filters (query string). A wrong value is reported and left out; the
    assignee must be one of `members` (the team's memberships) or "none"."""

    STANDINGS = [("", "Any"), *STANDING_CHOICES]

    standing = forms.ChoiceField(
        required=False, choices=STANDINGS, error_messages={"invalid_choice": "Unknown status."}
    )
    assignee = forms.CharField(required=False)
    overdue = forms.BooleanField(required=False)
    format = forms.ChoiceField(
        required=False,
        choices=[("", "Any"), *SourceFormat.choices],
        error_messages={"invalid_choice": "Unknown format."},
    )
    since = forms.DateField(required=False, error_messages={"invalid": NOT_A_DATE})
    until = forms.DateField(required=False, error_messages={"invalid": NOT_A_DATE})
    q = forms.CharField(required=False, max_length=200)
    sort = forms.ChoiceField(required=False, choices=list(SORT_CHOICES))

    def __init__(self, data, *, members: Iterable) -> None:
        super().__init__(data)
        self.member_ids = {str(m.user_id) for m in members}

    def clean_assignee(self) -> str:
        value = self.cleaned_data.get("assignee", "")
        if value and value != "none" and value not in self.member_ids:
            raise ValidationError("There is no such member in this team.")
        return value

    def filters(self) -> tuple[dict[str, Any], list[str]]:
        """(the valid filters, a message per wrong one); a wrong filter is simply left out."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        messages = [
            f"{self.fields[name].label or name.capitalize()}: {' '.join(errors)} "
            "That filter was ignored."
            for name, errors in self.errors.items()
        ]
        return data, messages


class TokenForm(InputForm):
    """A new personal API token: when it expires, and whether it may replace the current one."""

    EXPIRY_CHOICES = (
        ("30", "In 30 days"),
        ("90", "In 90 days"),
        ("365", "In a year"),
        ("never", "Never"),
    )

    expires_in_days = forms.TypedChoiceField(
        choices=EXPIRY_CHOICES,
        coerce=lambda value: None if value == "never" else int(value),
        error_messages={"invalid_choice": "Choose when the token expires from the list."},
    )
    replace = forms.BooleanField(required=False)


SEARCH_KINDS = {
    "document": "Documents",
    "claim": "Claims",
    "note": "Notes",
    "source": "Sources",
    "comment": "Comments",
    "reference": "Other outlets' fact-checks",
}
DATES_REVERSED = "The end date is before the start date."


class SearchForm(InputForm):
    """The search box and its filters (the search page and `GET /api/search/`).

    Verdicts and authors are the team's own: pages name them by id, the API by verdict key and
    username (`by_name=True`), as the claim editor does.
    """

    q = forms.CharField(
        required=False,
        max_length=500,
        error_messages={"max_length": "A search is at most 500 characters."},
        help_text='Words to find; "a phrase", OR between alternatives, -word to exclude.',
    )
    kind = forms.MultipleChoiceField(
        required=False,
        choices=list(SEARCH_KINDS.items()),
        error_messages={
            "invalid_choice": "Choose documents, claims, notes, sources, comments or other "
            "outlets' fact-checks."
        },
    )
    verdict = TeamChoiceField(message=NOT_OUR_VERDICT, help_text="A verdict of the team's scale.")
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status"), *ClaimStatus.choices],
        error_messages={"invalid_choice": "Choose a claim status."},
    )
    author = TeamChoiceField(message=NOT_OUR_MEMBER, help_text="A member of the team.")
    document = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={"invalid": "A document is named by its number."},
    )
    date_from = forms.DateField(required=False, error_messages={"invalid": NOT_A_DATE})
    date_to = forms.DateField(required=False, error_messages={"invalid": NOT_A_DATE})
    page = forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": "A page is a number from 1."}
    )

    def __init__(
        self,
        data,
        *,
        verdicts: Callable[[], Iterable],
        members: Callable[[], Iterable],
        by_name: bool = False,
    ) -> None:
        super().__init__(data)
        self.fields["verdict"].options = lambda: {
            (v.key if by_name else str(v.pk)): v for v in verdicts()
        }
        self.fields["author"].options = lambda: {
            (m.user.get_username() if by_name else str(m.user_id)): m.user for m in members()
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", DATES_REVERSED)
        return data

    def normalize(self, data: dict[str, Any]) -> dict[str, Any]:
        data["page"] = data.get("page") or 1
        data["q"] = data.get("q") or ""
        data["kind"] = tuple(data.get("kind") or ())
        return data


class PublishForm(VersionForm):
    """Publish an approved claim: the outlet's own article with it (optional), the version read."""

    published_at_url = limited(
        HttpUrlField(
            required=False,
            help_text="The outlet's own article with this fact-check (the ClaimReview url).",
        ),
        "url",
    )


# --- What the page forms show for stored objects ------------------------------------------------


def claim_initial(claim) -> dict[str, str]:
    """A claim's editable fields as the strings the claim editor shows."""
    return {
        "restatement": claim.restatement,
        "claimant": claim.claimant,
        "verdict": str(claim.verdict_id or ""),
        "assignee": str(claim.assignee_id or ""),
        "due_at": local_input(claim.due_at),
        "notes": claim.notes,
        "version": str(claim.version),
    }


def local_input(moment) -> str:
    """A time as <input type="datetime-local"> shows it, in the current time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def source_initial(source) -> dict[str, str]:
    """A source's fields as the strings its form shows (dates as YYYY-MM-DD)."""
    return {
        name: (value.isoformat() if hasattr(value, "isoformat") else str(value or ""))
        for name in SOURCE_FIELDS
        for value in [getattr(source, name)]
    }

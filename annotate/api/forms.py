"""Request bodies validated by the pages' own forms (annotate.forms), documented as serializers.

`FormSerializer` is a DRF serializer whose fields are generated from a form's fields (so the
OpenAPI schema shows them) and whose validation is the form's: the API refuses what the desk
and the review page refuse, with the same messages, as a 400 with per-field `errors`. Fields
declared on the serializer itself (ids of the caller's objects, offsets) are DRF's to check.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.http import QueryDict
from rest_framework import serializers

from annotate import selectors
from annotate.forms import HttpUrlField, TeamChoiceField, VersionField
from annotate.selectors.desk import members_for_team
from annotate.services.errors import InvalidInput


class FormSerializer(serializers.Serializer):
    """A serializer for `form_class`; `validated_data` is the form's cleaned values."""

    form_class: type[forms.Form]
    exclude: tuple[str, ...] = ()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name, field in self.form_class.base_fields.items():
            if name not in fields and name not in self.exclude:
                fields[name] = api_field(field, partial=self.partial)
        return fields

    def form_kwargs(self) -> dict[str, Any]:
        """What the form needs besides the data (the team's verdicts and members, say)."""
        return {}

    def to_internal_value(self, data) -> dict[str, Any]:
        errors: dict[str, Any] = {}
        values: dict[str, Any] = {}
        for name in self._declared_fields:
            field = self.fields[name]
            try:
                values[name] = field.run_validation(field.get_value(data))
            except serializers.ValidationError as error:
                errors[name] = error.detail
            except serializers.SkipField:
                pass
        form = self.form_class(as_form_data(data, self.exclude), **self.form_kwargs())
        try:
            values.update(form.cleaned())
        except InvalidInput as invalid:
            errors.update({name: [message] for name, message in invalid.errors.items()})
        if errors:
            raise serializers.ValidationError(errors)
        return values


def as_form_data(data, exclude: tuple[str, ...] = ()) -> QueryDict | dict:
    """JSON values as the strings a form reads (a form post is strings already).

    null is "" (no value); numbers and booleans their text; lists and objects their JSON, which
    no field accepts, so they are refused with the field's message rather than crash it.
    """
    if isinstance(data, QueryDict):
        return data
    if not isinstance(data, dict):
        return {}
    converted = {}
    for name, value in data.items():
        if name in exclude:
            continue
        if value is None:
            converted[name] = ""
        elif isinstance(value, str):
            converted[name] = value
        elif isinstance(value, (list, dict)):
            converted[name] = json.dumps(value)
        else:
            converted[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return converted


def api_field(field: forms.Field, *, partial: bool = False) -> serializers.Field:
    """The schema's description of one form field (the form still does the validating)."""
    options: dict[str, Any] = {
        "required": field.required and not partial,
        "help_text": field.help_text or None,
    }
    if isinstance(field, VersionField):
        return serializers.IntegerField(min_value=1, **options)
    if isinstance(field, HttpUrlField):
        return serializers.CharField(allow_blank=not field.required, **options, max_length=2000)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(allow_null=True, **options)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=True, **options)
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(choices=[c for c in field.choices if c[0]], **options)
    if isinstance(field, TeamChoiceField):
        return serializers.CharField(allow_null=True, allow_blank=True, **options)
    if isinstance(field, forms.CharField):
        length = {"max_length": field.max_length} if field.max_length else {}
        return serializers.CharField(allow_blank=True, trim_whitespace=False, **options, **length)
    raise TypeError(f"No API field for {type(field).__name__}")  # pragma: no cover


class TeamForm(FormSerializer):
    """A form that names the team's verdicts and members: by verdict key and by username."""

    def form_kwargs(self) -> dict[str, Any]:
        team_id = self.context["membership"].team_id
        return {
            "verdicts": lambda: list(selectors.verdicts_for_team(team_id)),
            "members": lambda: list(members_for_team(team_id)),
            "by_name": True,
        }

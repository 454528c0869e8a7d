"""The format registry in templates: `{% export_formats as choices %}` gives (key, label) pairs."""

from django import template

from annotate import formats

register = template.Library()


@register.simple_tag
def export_formats() -> list[tuple[str, str]]:
    return formats.export_choices()


@register.simple_tag
def publishable_formats() -> str:
    """The formats that hold approved claims only unless asked otherwise, in words."""
    return formats.publishable_labels()

"""The format registry in templates: `{% export_formats as choices %}` gives (key, label) pairs."""

from django import template

from annotate import formats

register = template.Library()


@register.simple_tag
def export_formats() -> list[tuple[str, str]]:
    return formats.export_choices()

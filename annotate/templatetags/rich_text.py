"""The one way templates show user rich text: `{{ value|sanitized }}`.

Stored notes and comments were sanitized when saved, but rows can also arrive through the admin
or an old version of the code; sanitizing again at render costs little and means no template
ever trusts stored HTML.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from annotate.sanitize import sanitize_html

register = template.Library()


@register.filter
def sanitized(value: str | None) -> SafeString:
    return mark_safe(sanitize_html(value))  # noqa: S308 - the output of the sanitizer

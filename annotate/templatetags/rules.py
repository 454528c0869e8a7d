"""The one way templates ask who may do what: `{% if membership|can:"document.import" %}`.

The argument is a `annotate.rules.Permission` value; the answer is `rules.can` for the current
membership (False for none). Claim-specific flags come with the claim panel (`panel.may`).
"""

from django import template

from annotate import rules

register = template.Library()


@register.filter
def can(membership, permission: str) -> bool:
    return rules.can(membership, permission)

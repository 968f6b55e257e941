from __future__ import annotations

from django import template
from django.utils.translation import gettext

from hirehall.reputation import rules

register = template.Library()


@register.filter
def translated(value: object) -> str:
    """`{{ criterion.label|translated }}`: a label kept in English in code and stored evaluations
    (rules.py marks them with gettext_noop), in the page's language. Unlike `{% translate var %}`,
    it finds labels that contain a percent sign ("Profile 100% complete")."""
    return gettext(str(value))


@register.filter
def outcome_sentence(outcome: dict[str, object]) -> str:
    """`{{ o|outcome_sentence }}`: a stored JSS input's reason, from its code, in the page's language."""
    return rules.outcome_sentence(outcome)

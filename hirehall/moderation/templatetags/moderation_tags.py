from __future__ import annotations

from django import template
from django.utils.translation import gettext

from hirehall.moderation.services import AUTO_REASON, STRIKE_REASONS

register = template.Library()

# The reasons Hirehall itself writes (stored in English because the API returns them); a reason
# written by staff is shown exactly as written, never run through the catalogue.
_OWN_REASONS = frozenset({AUTO_REASON, *STRIKE_REASONS.values()})


@register.filter
def reason_text(value: object) -> str:
    """`{{ strike.reason|reason_text }}`: a stored reason in the page's language when Hirehall wrote it."""
    text = str(value)
    return gettext(text) if text in _OWN_REASONS else text

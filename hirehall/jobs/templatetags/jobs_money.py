from __future__ import annotations

from django import template

from hirehall.core.money import format_cents

register = template.Library()


@register.filter
def dollars(cents: int | None) -> str:
    """600_00 → "$600.00"; None → "—"."""
    return format_cents(int(cents)) if cents is not None else "—"

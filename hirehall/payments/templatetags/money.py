from __future__ import annotations

from django import template

from hirehall.core.money import format_cents

register = template.Library()


@register.filter
def cents(value: int | None) -> str:
    """600_00 → "$600.00" in templates. Money is integer cents everywhere."""
    return format_cents(int(value or 0))


@register.filter
def bps(value: int) -> str:
    """Basis points as a percentage: 2000 → "20%", 250 → "2.5%"."""
    whole, rest = divmod(int(value), 100)
    return f"{whole}%" if not rest else f"{whole}.{rest:02d}".rstrip("0") + "%"

"""`{% load money %}`: the one template library for amounts (integer cents everywhere)."""

from __future__ import annotations

from django import template

from hirehall.core.money import format_bps, format_cents

register = template.Library()


@register.filter
def cents(value: int | None) -> str:
    """600_00 → "$600.00", 200_000 → "$2,000.00"; None → "—" (no amount, never a made-up $0)."""
    return format_cents(None if value is None else int(value))


@register.filter
def bps(value: int) -> str:
    """Basis points as a percentage: 2000 → "20%", 250 → "2.5%"."""
    return format_bps(value)

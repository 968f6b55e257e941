from __future__ import annotations

from typing import Any

from django import template

from hirehall.core.money import cents_to_decimal_str

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ names|get_item:code }}`: look a key up in a dict (templates cannot index by variable)."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key


@register.filter
def cents(value: int | None) -> str:
    """4550 → "45.50"."""
    return "" if value is None else cents_to_decimal_str(int(value))


@register.filter
def in_set(value: Any, collection: Any) -> bool:
    return value in collection

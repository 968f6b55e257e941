from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ names|get_item:code }}`: look a key up in a dict (templates cannot index by variable)."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key


@register.filter
def in_set(value: Any, collection: Any) -> bool:
    return value in collection

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours: 90 → "1:30 h"."""
    minutes = int(minutes or 0)
    return f"{minutes // 60}:{minutes % 60:02d} h"


@register.filter
def activity(segment: object) -> list[int]:
    """Per-minute activity bar heights (0–100) from the keyboard and mouse counts."""
    keyboard = list(getattr(segment, "keyboard", []) or [])
    mouse = list(getattr(segment, "mouse", []) or [])
    totals = [k + m for k, m in zip(keyboard, mouse, strict=False)]
    return [min(100, t * 2) for t in totals]

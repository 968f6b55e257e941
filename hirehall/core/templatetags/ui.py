"""`{% load ui %}`: small template helpers of the design system (docs/web.md)."""

from __future__ import annotations

from django import template
from django.template import TemplateDoesNotExist
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def optional_include(context: template.Context, name: str) -> SafeString:
    """`{% include %}` for a template that another app may or may not provide (the header's
    notification bell, the inbox link): renders it with the page's context, or nothing."""
    try:
        included = context.template.engine.get_template(name)  # type: ignore[union-attr]
    except TemplateDoesNotExist:
        return mark_safe("")
    with context.push():
        return mark_safe(included.render(context))  # noqa: S308 - a rendered template is already escaped


@register.filter
def initial(text: str) -> str:
    """The first letter of a name for an avatar chip ("" → "?")."""
    text = (text or "").strip()
    return text[:1].upper() or "?"

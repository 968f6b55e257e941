"""`{% load ui %}`: small template helpers of the design system (docs/web.md)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_skeleton
from django import template
from django.template import TemplateDoesNotExist
from django.utils import timezone
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


def _in_language(value: date | datetime | None, skeleton: str) -> str:
    """A date the active language's way (CLDR skeletons through babel), in the active timezone."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(format_skeleton(skeleton, value, locale=_babel_locale()))


def _babel_locale() -> str:
    from django.utils import translation

    return translation.to_locale(translation.get_language() or "en")


@register.filter
def shortdate(value: date | datetime | None) -> str:
    """Month and day: "Dec 16" in English, "16 dic" in Spanish (`|date:"M j"` keeps English order)."""
    return _in_language(value, "MMMd")


@register.filter
def mediumdate(value: date | datetime | None) -> str:
    """ "Dec 16, 2026" in English, "16 dic 2026" in Spanish."""
    return _in_language(value, "yMMMd")


@register.filter
def monthyear(value: date | datetime | None) -> str:
    """ "Dec 2026" in English, "dic 2026" in Spanish."""
    return _in_language(value, "yMMM")

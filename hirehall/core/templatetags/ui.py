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


@register.filter
def longmonthyear(value: date | datetime | None) -> str:
    """ "December 2026" in English, "diciembre de 2026" in Spanish (`|date:"F Y"` drops the "de")."""
    return _in_language(value, "yMMMM")


@register.filter
def monthabbr(value: date | datetime | None) -> str:
    """The month alone: "Dec" in English, "dic" in Spanish (`|date:"M"` writes "Dic")."""
    return _in_language(value, "MMM")


def _clock(value: date | datetime | None) -> str:
    if not isinstance(value, datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%H:%M")  # 24-hour digits read the same in both languages


@register.filter
def shortdatetime(value: date | datetime | None) -> str:
    """ "Dec 16, 14:05" in English, "16 dic, 14:05" in Spanish (was `|date:"M j, H:i"`)."""
    if value is None or value == "":
        return ""
    return f"{shortdate(value)}, {_clock(value)}"


@register.filter
def mediumdatetime(value: date | datetime | None) -> str:
    """ "Dec 16, 2026 14:05" in English, "16 dic 2026 14:05" in Spanish (was `|date:"M j, Y H:i"`)."""
    if value is None or value == "":
        return ""
    return f"{mediumdate(value)} {_clock(value)}"


def script_texts() -> dict[str, str]:
    """The texts hirehall.js writes into the page, in the active language. The script has no
    catalog of its own: the page hands it these in `<meta name="hirehall-texts">` (no extra request, nothing
    for the CSP to allow). `%(name)s` placeholders are filled in by the script."""
    from django.utils.translation import gettext as _

    return {
        "deadline_passed": _("deadline passed"),
        "days_hours_left": _("%(days)s d %(hours)s h left"),
        "hours_minutes_left": _("%(hours)s h %(minutes)s min left"),
        "remove_name": _("Remove %(name)s"),
    }


@register.simple_tag
def script_i18n() -> str:
    """`<meta name="hirehall-texts" content="{% script_i18n %}">`: script_texts() as JSON
    (simple_tag escapes it for the attribute)."""
    import json

    return json.dumps(script_texts(), ensure_ascii=False)

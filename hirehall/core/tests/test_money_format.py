"""Money formatting has one home: `hirehall.core.money` and the `money` template library."""

from __future__ import annotations

import pytest
from django.template import Context, Template, engines

from hirehall.core.money import NO_AMOUNT, cents_to_decimal_str, format_bps, format_cents


def render(source: str, **context: object) -> str:
    return Template("{% load money %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("cents", "text"),
    [(0, "$0.00"), (5, "$0.05"), (200_000, "$2,000.00"), (123_456_789, "$1,234,567.89"), (-1_999, "-$19.99")],
)
def test_cents_filter_formats_dollars_with_separators(cents, text):
    assert render("{{ x|cents }}", x=cents) == text


def test_none_is_a_dash_everywhere_people_read_it():
    # One policy for a missing amount: never "" (reads as a layout bug) nor "$0.00" (a made-up figure).
    assert render("{{ x|cents }}", x=None) == NO_AMOUNT == "—"
    assert format_cents(None) == "—"


def test_api_representation_keeps_none_as_null():
    assert cents_to_decimal_str(None) is None
    assert cents_to_decimal_str(60_000) == "600.00"


@pytest.mark.parametrize(("bps", "text"), [(2000, "20%"), (250, "2.5%"), (500, "5%"), (1, "0.01%")])
def test_bps_filter(bps, text):
    assert render("{{ x|bps }}", x=bps) == text
    assert format_bps(bps) == text


def test_no_app_ships_its_own_money_filter():
    """The copies (payments `money`, jobs `jobs_money`, contracts and profiles `cents`) are gone:
    a new one would bring back a second format or a second None policy."""
    engine = engines["django"].engine
    money_filters = {"cents", "dollars", "money"}
    owners = sorted(
        name for name, library in engine.template_libraries.items() if money_filters & set(library.filters)
    )
    assert owners == ["money"]
    assert engine.libraries["money"] == "hirehall.core.templatetags.money"

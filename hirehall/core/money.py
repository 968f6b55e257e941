"""Money is integer cents. These helpers only format and parse; they never compute fees.

Formatting has one policy for a missing amount (`None`): people see "—" (`NO_AMOUNT`), the API
sends `null`. Templates use the `money` library in core (`{% load money %}`, `{{ x|cents }}`).
Amounts are written the way the active language writes them (CLDR data through babel): English
"$2,000.00", Spanish "2.000,00 US$". Text that is stored or sent to integrators (API errors,
notification titles) passes `locale="en"` so it never depends on who happened to trigger it.

`parse_money` is the one parser for every money input (API schemas and web forms): it works on the
text the person typed, with integer arithmetic only, so no precision, exponent or locale surprise
can round an amount or raise `decimal.Overflow`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import overload

from babel import Locale
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils import translation

from hirehall.core.errors import DomainError

CURRENCY = "USD"
NO_AMOUNT = "—"

# Plain ASCII decimal notation only: no sign but "-", no exponent, no separators, no other digits.
_AMOUNT = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?", re.ASCII)
# More integer digits than this is above any configurable maximum; refuse before converting.
_MAX_INTEGER_DIGITS = 16


@overload
def cents_to_decimal_str(cents: int) -> str: ...
@overload
def cents_to_decimal_str(cents: None) -> None: ...
@overload
def cents_to_decimal_str(cents: int | None) -> str | None: ...
def cents_to_decimal_str(cents: int | None) -> str | None:
    """600_00 -> "600.00" (the API's money representation); None stays None (JSON null)."""
    if cents is None:
        return None
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"


@lru_cache(maxsize=16)
def _babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(translation.to_locale(language))
    except (ValueError, LookupError):  # a language babel does not know is written the English way
        return Locale.parse("en")


def _locale(locale: str | None) -> Locale:
    return _babel_locale(locale or translation.get_language() or settings.LANGUAGE_CODE)


def format_cents(cents: int | None, currency: str = CURRENCY, *, locale: str | None = None) -> str:
    """600_00 -> "$600.00", 1234567 -> "$12,345.67", None -> "—" (for people).

    In the active language unless `locale` (a language code such as "en") is given: Spanish writes
    200_000 as "2.000,00 US$". The amount is built from integers (Decimal), never a float.
    """
    if cents is None:
        return NO_AMOUNT
    return str(format_currency(Decimal(int(cents)).scaleb(-2), currency, locale=_locale(locale)))


def format_bps(bps: int, *, locale: str | None = None) -> str:
    """Basis points as a percentage: 2000 -> "20%", 250 -> "2.5%", 1 -> "0.01%" (Spanish "2,5 %")."""
    loc = _locale(locale)
    number = Decimal(int(bps)).scaleb(-2).normalize()
    pattern = loc.percent_formats[None].pattern
    # CLDR's percent pattern (with the locale's spacing) around the decimal written the locale's way.
    text = str(format_decimal(number, format="#,##0.##", locale=loc))
    return pattern.replace("#,##0", text, 1).replace("%", loc.number_symbols["latn"]["percentSign"])


def max_amount_cents() -> int:
    """The largest amount any input may carry (settings.HIREHALL_MAX_AMOUNT_CENTS)."""
    return int(settings.HIREHALL_MAX_AMOUNT_CENTS)


def parse_money(value: str | int | Decimal, *, field: str = "amount", allow_negative: bool = False) -> int:
    """ "600.00" / "600" / "600.5" -> cents, or a 422 DomainError whose code and message name the problem.

    Codes: `invalid_amount` (not plain decimal notation), `amount_too_precise` (a non-zero digit
    after the cents: refused, never rounded), `amount_negative`, `amount_too_large` (above
    settings.HIREHALL_MAX_AMOUNT_CENTS).
    """
    text = _as_text(value, field)
    match = _AMOUNT.fullmatch(text)
    if match is None:
        raise DomainError("invalid_amount", f"{field} {_what_is_wrong(text)}", field=field)
    sign, whole, frac = match.group(1), match.group(2).lstrip("0"), (match.group(3) or "").rstrip("0")
    if len(frac) > 2:
        raise DomainError(
            "amount_too_precise", f"{field} has more than two decimal places (whole cents only)", field=field
        )
    limit = max_amount_cents()
    if len(whole) > _MAX_INTEGER_DIGITS:
        raise _too_large(field, limit)
    cents = int(whole or "0") * 100 + int(frac.ljust(2, "0"))
    if sign and cents:
        if not allow_negative:
            raise DomainError("amount_negative", f"{field} must not be negative", field=field)
        cents = -cents
    if abs(cents) > limit:
        raise _too_large(field, limit)
    return cents


def _too_large(field: str, limit: int) -> DomainError:
    return DomainError(
        "amount_too_large", f"{field} is above the maximum of {format_cents(limit, locale='en')}", field=field
    )


def _as_text(value: object, field: str) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        # Floats are never money: 0.1 + 0.2 is not 0.3.
        raise DomainError("invalid_amount", f"{field} must be a decimal string like 600.00", field=field)
    if isinstance(value, int):
        return str(value)
    if not value.is_finite():
        raise DomainError("invalid_amount", f"{field} must be a finite number", field=field)
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # only NaN/Infinity have a letter exponent; refused above
        raise DomainError("invalid_amount", f"{field} must be a finite number", field=field)
    if value.adjusted() >= _MAX_INTEGER_DIGITS:
        raise _too_large(field, max_amount_cents())
    # Drop trailing zeros exactly (no context rounding) so Decimal("1.500") is 1.50, then refuse
    # what is still finer than a cent.
    digit_list = list(digits)
    while exponent < 0 and len(digit_list) > 1 and digit_list[-1] == 0:
        digit_list.pop()
        exponent += 1
    if exponent < -2 and any(digit_list):
        raise DomainError(
            "amount_too_precise", f"{field} has more than two decimal places (whole cents only)", field=field
        )
    return format(Decimal((sign, tuple(digit_list), max(exponent, -2))), "f")


def _what_is_wrong(text: str) -> str:
    """The message for text that is not plain decimal notation: name the actual problem."""
    if not text:
        return "is empty: write an amount like 600.00"
    lowered = text.lower().lstrip("+-")
    if lowered in {"nan", "snan", "inf", "infinity"}:
        return "must be a finite number like 600.00"
    if any(ch.isdigit() and ch not in "0123456789" for ch in text):
        return "must be written with the digits 0-9"
    if "_" in text or "," in text or " " in text:
        return "must be written without separators, like 1000.00"
    if re.fullmatch(r"[+-]?[0-9.]+[eE][+-]?[0-9]+", text):
        return "must be written without an exponent, like 600.00"
    if text.startswith("+"):
        return "must be written without a + sign"
    return "must be a decimal amount like 600.00"

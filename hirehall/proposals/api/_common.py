"""What the proposals API's modules share."""

from __future__ import annotations

from hirehall.core.api import problems
from hirehall.core.errors import DomainError
from hirehall.core.money import parse_money

ACTION = problems(401, 404, 409, 422)


def positive_cents(value: str, field: str) -> int:
    cents = parse_money(value, field=field)
    if cents <= 0:
        raise DomainError("validation_error", f"{field} must be greater than 0")
    return cents

"""What the contracts API's modules share: loading the contract, parsing, serving stored files."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Schema

from hirehall.accounts.models import User
from hirehall.contracts import selectors
from hirehall.contracts.models import Contract
from hirehall.core.api import problems
from hirehall.core.clock import parse_instant
from hirehall.core.errors import DomainError
from hirehall.core.money import parse_money
from hirehall.core.web import request_user

MUTATE = problems(400, 401, 403, 404, 409, 413, 415, 422)


def get_contract(request: HttpRequest, contract_id: int) -> tuple[User, Contract]:
    user = request_user(request)
    return user, selectors.contract_get_for(user, contract_id)


def instant(value: str, field: str) -> datetime:
    try:
        return parse_instant(value)
    except ValueError:
        raise DomainError("validation_error", f"{field} must be an ISO 8601 date-time") from None


def amount(value: str | None, field: str = "amount") -> int | None:
    return None if value is None or value == "" else parse_money(value, field=field)


class ContractMessageIn(Schema):
    message: str = Field(..., max_length=5000)


class ReasonIn(Schema):
    reason: str = Field("", max_length=3000)

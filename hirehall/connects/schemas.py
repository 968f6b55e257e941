"""The Connects API's output shapes, each defined once, read from models and selector results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ninja import Field, Schema

from hirehall.connects import policy
from hirehall.connects.models import ConnectsEntry, ConnectsLot
from hirehall.connects.selectors import ConnectsSummary
from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.core.schemas import IdStr


@dataclass(frozen=True)
class ConnectsPage:
    """What the Connects endpoints answer: the summary and one page of the history."""

    summary: ConnectsSummary
    history: Sequence[ConnectsEntry]
    next: str | None


class LotOut(Schema):
    id: IdStr
    source: str
    remaining: int
    expires_at: datetime


class EntryOut(Schema):
    id: IdStr
    kind: str
    delta: int
    balance_after: int
    reference: str
    description: str
    created_at: datetime


class PriceOut(Schema):  # the price list (policy), whatever object it is read from
    per_connect: str
    bundles: list[int]
    plus_monthly: str
    currency: str

    @staticmethod
    def resolve_per_connect(_: object) -> str:
        return cents_to_decimal_str(policy.PRICE_PER_CONNECT_CENTS)

    @staticmethod
    def resolve_bundles(_: object) -> list[int]:
        return list(policy.BUNDLES)

    @staticmethod
    def resolve_plus_monthly(_: object) -> str:
        return cents_to_decimal_str(policy.PLUS_PRICE_CENTS)

    @staticmethod
    def resolve_currency(_: object) -> str:
        return CURRENCY


class ConnectsOut(Schema):  # from ConnectsPage
    balance: int
    plan: str
    next_cycle_at: datetime | None
    plus_cancelled: bool
    expiring_soon: list[LotOut] = Field(description="lots with Connects left expiring in the next 30 days")
    history: list[EntryOut]
    next: str | None
    prices: PriceOut

    @staticmethod
    def resolve_balance(p: ConnectsPage) -> int:
        return p.summary.balance

    @staticmethod
    def resolve_plan(p: ConnectsPage) -> str:
        return p.summary.plan

    @staticmethod
    def resolve_next_cycle_at(p: ConnectsPage) -> datetime | None:
        return p.summary.next_cycle_at

    @staticmethod
    def resolve_plus_cancelled(p: ConnectsPage) -> bool:
        return p.summary.plus_cancelled

    @staticmethod
    def resolve_expiring_soon(p: ConnectsPage) -> list[ConnectsLot]:
        return p.summary.expiring

    @staticmethod
    def resolve_prices(p: ConnectsPage) -> ConnectsPage:
        return p

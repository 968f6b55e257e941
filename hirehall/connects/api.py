"""Connects API: balance, plan, history, upcoming expiries; buy bundles; Freelancer Plus."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from hirehall.connects import policy
from hirehall.connects.models import ConnectsEntry
from hirehall.connects.selectors import connects_history, connects_summary
from hirehall.connects.services import connects_plus_cancel, connects_plus_subscribe, connects_purchase
from hirehall.core.api import problems
from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.payments.selectors import payment_method_get_for

router = Router(tags=["connects"])


class LotOut(Schema):
    id: str
    source: str
    remaining: int
    expires_at: datetime


class EntryOut(Schema):
    id: str
    kind: str
    delta: int
    balance_after: int
    reference: str
    description: str
    created_at: datetime


class PriceOut(Schema):
    per_connect: str
    bundles: list[int]
    plus_monthly: str
    currency: str


class ConnectsOut(Schema):
    balance: int
    plan: str
    next_cycle_at: datetime | None
    plus_cancelled: bool
    expiring_soon: list[LotOut] = Field(description="lots with Connects left expiring in the next 30 days")
    history: list[EntryOut]
    next: str | None
    prices: PriceOut


def _entry_out(e: ConnectsEntry) -> dict[str, object]:
    return {
        "id": str(e.pk),
        "kind": e.kind,
        "delta": e.delta,
        "balance_after": e.balance_after,
        "reference": e.reference,
        "description": e.description,
        "created_at": e.created_at,
    }


def _connects_out(request: HttpRequest, cursor: str | None, limit: int) -> dict[str, object]:
    user = request_user(request)
    summary = connects_summary(user)
    rows, nxt = paginate(connects_history(user), cursor=cursor, limit=limit)
    return {
        "balance": summary.balance,
        "plan": summary.plan,
        "next_cycle_at": summary.next_cycle_at,
        "plus_cancelled": summary.plus_cancelled,
        "expiring_soon": [
            {
                "id": str(lot.pk),
                "source": lot.source,
                "remaining": lot.remaining,
                "expires_at": lot.expires_at,
            }
            for lot in summary.expiring
        ],
        "history": [_entry_out(e) for e in rows],
        "next": nxt,
        "prices": {
            "per_connect": cents_to_decimal_str(policy.PRICE_PER_CONNECT_CENTS),
            "bundles": list(policy.BUNDLES),
            "plus_monthly": cents_to_decimal_str(policy.PLUS_PRICE_CENTS),
            "currency": CURRENCY,
        },
    }


@router.get("/connects", response={200: ConnectsOut, **problems(400, 401)}, summary="Your Connects")
def get_connects(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    return _connects_out(request, cursor, limit)


class PurchaseIn(Schema):
    quantity: Literal[10, 20, 40, 60, 80]
    payment_method_id: Id | None = Field(None, description="a saved card; the wallet when omitted")


class PlusIn(Schema):
    payment_method_id: Id | None = None


@router.post(
    "/connects/purchases",
    response={201: ConnectsOut, **problems(401, 402, 403, 404, 409, 422)},
    summary="Buy a bundle of Connects ($0.15 each)",
)
def buy_connects(request: HttpRequest, payload: PurchaseIn) -> tuple[int, dict[str, object]]:
    user = request_user(request)
    method = payment_method_get_for(user, payload.payment_method_id) if payload.payment_method_id else None
    connects_purchase(
        actor=user,
        quantity=payload.quantity,
        key=request.META.get("HTTP_IDEMPOTENCY_KEY") or None,
        payment_method=method,
    )
    return 201, _connects_out(request, None, 20)


@router.post(
    "/connects/plus",
    response={200: ConnectsOut, **problems(401, 402, 403, 404, 409, 422)},
    summary="Subscribe to Freelancer Plus ($14.99/month, 80 Connects a month)",
)
def subscribe_plus(request: HttpRequest, payload: PlusIn) -> dict[str, object]:
    user = request_user(request)
    method = payment_method_get_for(user, payload.payment_method_id) if payload.payment_method_id else None
    connects_plus_subscribe(actor=user, payment_method=method)
    return _connects_out(request, None, 20)


@router.post(
    "/connects/plus/cancel",
    response={200: ConnectsOut, **problems(401, 409)},
    summary="Cancel Freelancer Plus at the end of the paid month",
)
def cancel_plus(request: HttpRequest) -> dict[str, object]:
    connects_plus_cancel(actor=request_user(request))
    return _connects_out(request, None, 20)

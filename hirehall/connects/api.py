"""Connects API: balance, plan, history, upcoming expiries; buy bundles; Freelancer Plus."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hirehall.connects.schemas import ConnectsOut, ConnectsPage
from hirehall.connects.selectors import connects_history, connects_summary
from hirehall.connects.services import connects_plus_cancel, connects_plus_subscribe, connects_purchase
from hirehall.core.api import problems
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.payments.selectors import payment_method_get_for

router = Router(tags=["connects"])


def _connects_out(request: HttpRequest, cursor: str | None, limit: int) -> ConnectsPage:
    user = request_user(request)
    rows, nxt = paginate(connects_history(user), cursor=cursor, limit=limit)
    return ConnectsPage(summary=connects_summary(user), history=rows, next=nxt)


@router.get("/connects", response={200: ConnectsOut, **problems(400, 401)}, summary="Your Connects")
def get_connects(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> ConnectsPage:
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
def buy_connects(request: HttpRequest, payload: PurchaseIn) -> Status:
    user = request_user(request)
    method = payment_method_get_for(user, payload.payment_method_id) if payload.payment_method_id else None
    connects_purchase(
        actor=user,
        quantity=payload.quantity,
        key=request.META.get("HTTP_IDEMPOTENCY_KEY") or None,
        payment_method=method,
    )
    return Status(201, _connects_out(request, None, 20))


@router.post(
    "/connects/plus",
    response={200: ConnectsOut, **problems(401, 402, 403, 404, 409, 422)},
    summary="Subscribe to Freelancer Plus ($14.99/month, 80 Connects a month)",
)
def subscribe_plus(request: HttpRequest, payload: PlusIn) -> ConnectsPage:
    user = request_user(request)
    method = payment_method_get_for(user, payload.payment_method_id) if payload.payment_method_id else None
    connects_plus_subscribe(actor=user, payment_method=method)
    return _connects_out(request, None, 20)


@router.post(
    "/connects/plus/cancel",
    response={200: ConnectsOut, **problems(401, 409)},
    summary="Cancel Freelancer Plus at the end of the paid month",
)
def cancel_plus(request: HttpRequest) -> ConnectsPage:
    connects_plus_cancel(actor=request_user(request))
    return _connects_out(request, None, 20)

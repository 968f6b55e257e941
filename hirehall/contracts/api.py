"""Contracts API (read-only for now): the records accepted offers created."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from hirehall.contracts.models import Contract
from hirehall.contracts.selectors import contract_get_for, contracts_for
from hirehall.core.api import problems, request_user
from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.core.pagination import paginate

router = Router(tags=["contracts"])


class MilestoneOut(Schema):
    id: str
    position: int
    description: str
    amount: str
    due_date: date | None
    status: str


class ContractOut(Schema):
    id: str
    title: str
    kind: str
    status: str
    job_id: str
    client_id: str
    freelancer_id: str
    hourly_rate: str | None
    weekly_limit_hours: int | None
    manual_time_allowed: bool
    total: str | None
    currency: str
    is_trial: bool
    start_date: date | None
    started_at: datetime
    milestones: list[MilestoneOut]


class ContractPage(Schema):
    items: list[ContractOut]
    next: str | None


def contract_out(c: Contract) -> dict[str, object]:
    return {
        "id": str(c.pk),
        "title": c.title,
        "kind": c.kind,
        "status": c.status,
        "job_id": str(c.job_id),
        "client_id": str(c.client_id),
        "freelancer_id": str(c.freelancer_id),
        "hourly_rate": cents_to_decimal_str(c.hourly_rate_cents) if c.hourly_rate_cents is not None else None,
        "weekly_limit_hours": c.weekly_limit_hours,
        "manual_time_allowed": c.manual_time_allowed,
        "total": cents_to_decimal_str(c.total_cents) if c.total_cents is not None else None,
        "currency": CURRENCY,
        "is_trial": c.is_trial,
        "start_date": c.start_date,
        "started_at": c.started_at,
        "milestones": [
            {
                "id": str(m.pk),
                "position": m.position,
                "description": m.description,
                "amount": cents_to_decimal_str(m.amount_cents),
                "due_date": m.due_date,
                "status": m.status,
            }
            for m in c.milestones.all()
        ],
    }


@router.get("/contracts", response={200: ContractPage, **problems(400, 401)}, summary="Your contracts")
def list_contracts(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(contracts_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": [contract_out(c) for c in rows], "next": nxt}


@router.get(
    "/contracts/{contract_id}", response={200: ContractOut, **problems(401, 404)}, summary="One contract"
)
def get_contract(request: HttpRequest, contract_id: str) -> dict[str, object]:
    return contract_out(contract_get_for(request_user(request), contract_id))

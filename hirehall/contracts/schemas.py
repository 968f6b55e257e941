"""The contracts app's output shapes that other apps' API handlers return too (offer acceptance)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema

from hirehall.accounts.models import User
from hirehall.contracts import selectors
from hirehall.contracts.models import Contract, ContractMilestone
from hirehall.core.money import CURRENCY, cents_to_decimal_str

MoneyStr = str


def money(cents: int) -> str:
    return cents_to_decimal_str(cents)


class PartyOut(Schema):
    id: str
    name: str


class MilestoneOut(Schema):
    id: str
    position: int
    description: str
    amount: MoneyStr
    currency: str = CURRENCY
    due_date: date | None
    status: str
    funded_at: datetime | None
    submitted_at: datetime | None
    auto_approve_at: datetime | None
    paid: MoneyStr


class ContractOut(Schema):
    id: str
    kind: str
    title: str
    status: str
    job_id: str
    client: PartyOut
    freelancer: PartyOut
    client_id: str
    freelancer_id: str
    is_trial: bool
    start_date: date | None
    milestones: list[MilestoneOut]
    currency: str = CURRENCY
    hourly_rate: MoneyStr | None
    weekly_limit_hours: int | None
    next_weekly_limit_hours: int | None
    next_limit_from: date | None
    manual_time_allowed: bool
    total: MoneyStr | None
    in_escrow: MoneyStr
    started_at: datetime
    ended_at: datetime | None


def _party(user: User) -> dict[str, str]:
    return {"id": str(user.pk), "name": user.display_name}


def contract_out(c: Contract) -> dict[str, Any]:
    """The contract's terms and state (used by this API and by offer acceptance)."""
    return {
        "id": str(c.pk),
        "kind": c.kind,
        "title": c.title,
        "status": c.status,
        "job_id": str(c.job_id),
        "client": _party(c.client),
        "freelancer": _party(c.freelancer),
        "client_id": str(c.client_id),
        "freelancer_id": str(c.freelancer_id),
        "is_trial": c.is_trial,
        "start_date": c.start_date,
        "milestones": [_milestone(m) for m in c.milestones.all()],
        "hourly_rate": money(c.hourly_rate_cents) if c.hourly_rate_cents is not None else None,
        "weekly_limit_hours": c.weekly_limit_hours,
        "next_weekly_limit_hours": c.next_weekly_limit_hours,
        "next_limit_from": c.next_limit_from,
        "manual_time_allowed": c.manual_time_allowed,
        "total": money(c.total_cents) if c.total_cents is not None else None,
        "in_escrow": money(selectors.in_escrow_cents(c)),
        "started_at": c.started_at,
        "ended_at": c.ended_at,
    }


def _milestone(m: ContractMilestone) -> dict[str, Any]:
    return {
        "id": str(m.pk),
        "position": m.position,
        "description": m.description,
        "amount": money(m.amount_cents),
        "due_date": m.due_date,
        "status": m.status,
        "funded_at": m.funded_at,
        "submitted_at": m.submitted_at,
        "auto_approve_at": m.auto_approve_at,
        "paid": money(m.paid_cents),
    }

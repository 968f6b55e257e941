"""Profiles' output shapes that other apps' API handlers return too (jobs show the taxonomy and the
client's stats)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


# (No docstrings on schemas: they would become descriptions in the published document.)
class Ref(Schema):  # a taxonomy entry (category, subcategory or skill)
    slug: str
    name: str


class ClientSummaryOut(Schema):  # what a job says about its client
    payment_verified: bool
    total_spent: str
    hires: int
    hire_rate_percent: int | None
    open_jobs: int
    member_since: datetime
    country: str
    currency: str


class ClientStatsOut(ClientSummaryOut):  # the client's page: the summary plus rates, hours, reviews
    avg_hourly_rate_paid: str | None
    hours_billed: str
    rating: str | None
    reviews: int

"""What profiles, search, Best Match, job pages and rate guidance read about reputation.

Profiles sits below reputation, so it exposes replaceable source functions
(`hirehall.profiles.sources`); this module installs them at start-up. Each answers a whole page of
users in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from hirehall.contracts.models import Contract, ContractKind, Invoice, InvoiceStatus
from hirehall.core import fragments
from hirehall.core.clock import now as clock_now
from hirehall.jobs.models import Job, JobStatus
from hirehall.profiles import sources
from hirehall.reputation import rules, selectors
from hirehall.reputation.models import Feedback, FreelancerReputation, Side


def reputation(user_ids: Sequence[int]) -> dict[int, sources.Reputation]:
    """Stored JSS, rating and badges; live totals (earnings, hours, jobs). Six queries."""
    ids = list(user_ids)
    stored = {r.user_id: r for r in FreelancerReputation.objects.filter(user_id__in=ids)}
    contracts = dict(Contract.objects.filter(freelancer_id__in=ids).values_list("pk", "freelancer_id"))
    earned = selectors.paid_by_party("freelancer_id", ids)
    hours: dict[int, int] = defaultdict(int)
    for cid, h in selectors.hours(Q(contract__freelancer_id__in=ids)).items():
        hours[contracts[cid]] += h
    jobs: dict[int, int] = defaultdict(int)
    for owner in contracts.values():
        jobs[owner] += 1
    out = {}
    for uid in ids:
        rep = stored.get(uid)
        out[uid] = sources.Reputation(
            jss=rep.jss if rep else None,
            rating=rep.rating if rep else None,
            earnings_cents=earned.get(uid, 0),
            hours=hours[uid],
            jobs=jobs[uid],
            badges=tuple(b for b in rules.BADGE_ORDER if rep and b in rep.badges),
        )
    return out


def client_activity(user_ids: Sequence[int]) -> dict[int, sources.ClientActivity]:
    """Spent, hires, job counts, hourly paid and hours, and the rating freelancers gave. Eight queries."""
    ids = list(user_ids)
    now = clock_now()
    contracts = dict(Contract.objects.filter(client_id__in=ids).values_list("pk", "client_id"))
    spent = selectors.paid_by_party("client_id", ids)
    hourly = (
        Invoice.objects.filter(contract__client_id__in=ids)
        .exclude(status=InvoiceStatus.REFUNDED)
        .values("contract__client_id")
        .annotate(paid=Sum("paid_cents"), minutes=Sum("billable_minutes"))
    )
    hourly_by = {r["contract__client_id"]: r for r in hourly}
    jobs = (
        Job.objects.filter(client_id__in=ids)
        .values("client_id")
        .annotate(
            open=Count("pk", filter=Q(status=JobStatus.OPEN)),
            posted=Count("pk", filter=Q(opened_at__isnull=False)),
            closed=Count("pk", filter=Q(status=JobStatus.CLOSED)),
            closed_hired=Count("pk", filter=Q(status=JobStatus.CLOSED, hires_count__gt=0)),
        )
    )
    jobs_by = {r["client_id"]: r for r in jobs}
    hires: dict[int, int] = defaultdict(int)
    for owner in contracts.values():
        hires[owner] += 1
    fbs = list(Feedback.objects.filter(subject_id__in=ids, side=Side.FREELANCER).select_related("window"))
    paid = selectors.paid_by_contract([fb.contract_id for fb in fbs])
    scores: dict[int, list[Decimal]] = defaultdict(list)
    for fb in fbs:
        if (
            selectors.is_visible(fb.window, now)
            and paid.get(fb.contract_id, 0) >= rules.MIN_PUBLIC_PAID_CENTS
        ):
            scores[fb.subject_id].append(fb.score)
    out = {}
    for uid in ids:
        h = hourly_by.get(uid, {})
        j = jobs_by.get(uid, {})
        s = scores.get(uid, [])
        out[uid] = sources.ClientActivity(
            total_spent_cents=spent.get(uid, 0),
            hires=hires[uid],
            closed_jobs=j.get("closed", 0),
            closed_jobs_with_hire=j.get("closed_hired", 0),
            open_jobs=j.get("open", 0),
            jobs_posted=j.get("posted", 0),
            hourly_paid_cents=h.get("paid") or 0,
            hours_billed=(Decimal(h.get("minutes") or 0) / 60).quantize(Decimal("0.01")),
            rating=(sum(s, Decimal(0)) / len(s)).quantize(Decimal("0.01")) if s else None,
            reviews=len(s),
        )
    return out


def contract_rates(skill_ids: Sequence[int], since: datetime) -> list[int]:
    """Agreed rates of hourly contracts on jobs with any of these skills, started since `since`."""
    rows = (
        Contract.objects.filter(
            kind=ContractKind.HOURLY, started_at__gte=since, job__skills__in=list(skill_ids)
        )
        .values_list("pk", "hourly_rate_cents")
        .distinct()
    )
    return [rate for _, rate in rows if rate]


def work_history(user_id: int, side: str) -> list[Any]:
    return selectors.work_history([user_id], as_side=side, now=clock_now())[user_id]


def cached_reputation(user_ids: Sequence[int]) -> dict[int, sources.Reputation]:
    """`reputation`, per user from the cache at the user's version (receivers.py bumps it)."""
    return fragments.cached_many("rep", user_ids, reputation)


def cached_client_activity(user_ids: Sequence[int]) -> dict[int, sources.ClientActivity]:
    return fragments.cached_many("client-activity", user_ids, client_activity)


def cached_work_history(user_id: int, side: str) -> list[Any]:
    found = fragments.cached_many(
        f"history-{side}", [user_id], lambda ids: {ids[0]: work_history(ids[0], side)}
    )
    return found[user_id]


def install() -> None:
    sources.install_sources(
        reputation=cached_reputation,
        contract_rates=contract_rates,
        client_activity=cached_client_activity,
        work_history=cached_work_history,
    )

"""Deadline processing for reputation (`manage.py sweep --now` runs them with every other sweep).

- reputation.feedback_windows: a 90-day round for long-running contracts; the end window of any
  ended contract that has none (safety net for the signal).
- reputation.feedback_closing: a reminder to each side missing from a window 2 days before it closes.
- reputation.feedback_reveal: windows that closed become visible as of their closing instant.
- reputation.jss_daily: each freelancer with contracts, once per UTC day.
- reputation.badges_weekly: each freelancer, once per week (Monday-based), history kept.
Each step is idempotent (UNIQUE rows, conditional claims), so running twice is harmless.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef

from hirehall.accounts.models import User
from hirehall.contracts.models import Contract, ContractStatus
from hirehall.core.sweeps_registry import run_batch, sweep
from hirehall.reputation import rules
from hirehall.reputation.models import BadgeEvaluation, FeedbackWindow, FreelancerReputation
from hirehall.reputation.services import (
    CLOSING_REMINDER,
    badges_evaluate,
    end_window_ensure,
    feedback_closing_remind,
    feedback_window_reveal,
    interim_window_open,
    jss_recompute,
)


@sweep("reputation.feedback_windows")
def feedback_windows(now: datetime) -> int:
    missing_end = (
        Contract.objects.filter(status=ContractStatus.ENDED)
        .exclude(Exists(FeedbackWindow.objects.filter(contract=OuterRef("pk"), period=0)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = run_batch(
        "reputation.feedback_windows", missing_end, lambda pk: end_window_ensure(contract_id=pk)
    ).done
    # Running contracts past a 90-day mark without that period's window.
    running = (
        Contract.objects.exclude(status=ContractStatus.ENDED)
        .filter(started_at__lte=now - timedelta(days=rules.INTERIM_DAYS))
        .order_by("pk")
        .values_list("pk", "started_at")
    )
    rows = list(running)
    have = set(
        FeedbackWindow.objects.filter(contract_id__in=[pk for pk, _ in rows], period__gte=1).values_list(
            "contract_id", "period"
        )
    )
    due = [pk for pk, started in rows if (pk, (now - started).days // rules.INTERIM_DAYS) not in have]
    counts = run_batch(
        "reputation.feedback_windows",
        Contract.objects.filter(pk__in=due).order_by("pk").values_list("pk", flat=True),
        lambda pk: interim_window_open(contract_id=pk, now=now),
    )
    return done + counts.done


@sweep("reputation.feedback_closing")
def feedback_closing(now: datetime) -> int:
    # A window both sides have answered is revealed at once, so an unrevealed one misses someone.
    due = (
        FeedbackWindow.objects.filter(
            revealed_at__isnull=True,
            reminded_at__isnull=True,
            closes_at__gt=now,
            closes_at__lte=now + CLOSING_REMINDER,
        )
        .order_by("closes_at")
        .values_list("pk", flat=True)
    )
    return run_batch(
        "reputation.feedback_closing", due, lambda pk: feedback_closing_remind(window_id=pk, now=now)
    ).done


@sweep("reputation.feedback_reveal")
def feedback_reveal(now: datetime) -> int:
    due = (
        FeedbackWindow.objects.filter(revealed_at__isnull=True, closes_at__lte=now)
        .order_by("closes_at")
        .values_list("pk", flat=True)
    )
    return run_batch(
        "reputation.feedback_reveal", due, lambda pk: feedback_window_reveal(window_id=pk, now=now)
    ).done


@sweep("reputation.jss_daily")
def jss_daily(now: datetime) -> int:
    fresh = FreelancerReputation.objects.filter(user=OuterRef("pk"), computed_on=now.date())
    due = (
        User.objects.filter(Exists(Contract.objects.filter(freelancer=OuterRef("pk"))))
        .exclude(Exists(fresh))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return run_batch("reputation.jss_daily", due, lambda pk: jss_recompute(user_id=pk, now=now)).done


@sweep("reputation.badges_weekly")
def badges_weekly(now: datetime) -> int:
    week = rules.week_start(now.date())
    done = BadgeEvaluation.objects.filter(user=OuterRef("pk"), week_start=week)
    due = (
        User.objects.filter(is_freelancer=True, is_active=True)
        .exclude(Exists(done))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return run_batch("reputation.badges_weekly", due, lambda pk: badges_evaluate(user_id=pk, now=now)).done

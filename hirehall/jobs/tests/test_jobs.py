from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from hirehall.core.errors import DomainError
from hirehall.core.sweeps_registry import run_sweeps
from hirehall.jobs import pricing
from hirehall.jobs.models import Job, JobStatus
from hirehall.jobs.services import JobFields, job_close, job_create, job_publish, job_update
from hirehall.jobs.testing import job_fields, open_job

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("budget_type", "fixed", "low", "high", "workload", "length", "connects"),
    [
        ("fixed", 499_99, None, None, "lt30", "lt1", 4),
        ("fixed", 500_00, None, None, "lt30", "lt1", 6),
        ("fixed", 5_000_00, None, None, "lt30", "lt1", 6),
        ("fixed", 5_000_01, None, None, "lt30", "lt1", 8),
        # $10–$14/h, as needed (10 h) × < 1 month (4 w) = $480 → 4
        ("hourly", None, 10_00, 14_00, "as_needed", "lt1", 4),
        # $20/h × 20 h × 13 w = $5,200 → 8
        ("hourly", None, 20_00, 20_00, "lt30", "1to3", 8),
        # $25/h × 40 × 4 = $4,000 → 6
        ("hourly", None, 20_00, 30_00, "gt30", "lt1", 6),
        # $3/h × 10 × 39 = $1,170 → 6
        ("hourly", None, 3_00, 3_00, "as_needed", "gt6", 6),
        # $50/h × 40 × 26 = $52,000 → 8
        ("hourly", None, 50_00, 50_00, "gt30", "3to6", 8),
    ],
)
def test_connects_cost_card(budget_type, fixed, low, high, workload, length, connects) -> None:
    value = pricing.projected_value_cents(
        budget_type=budget_type,
        fixed_cents=fixed,
        hourly_min_cents=low,
        hourly_max_cents=high,
        workload=workload,
        length=length,
    )
    assert pricing.connects_for_value(value) == connects


def test_cost_is_fixed_when_the_job_opens(user_factory) -> None:
    client = user_factory()
    job = job_create(actor=client, fields=job_fields(fixed_cents=400_00), publish=False)
    assert job.status == JobStatus.DRAFT and job.connects_required is None
    job = job_publish(actor=client, job=job)
    assert job.connects_required == 4
    job_update(actor=client, job=job, fields=JobFields(fixed_cents=9_000_00))
    job.refresh_from_db()
    assert job.connects_required == 4  # applicants already paid 4; the price does not move


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"budget_type": "hourly", "hourly_min_cents": 2_99, "hourly_max_cents": 10_00}, False),
        ({"budget_type": "hourly", "hourly_min_cents": 3_00, "hourly_max_cents": 3_00}, True),
        ({"budget_type": "fixed", "fixed_cents": 4_99}, False),
        ({"budget_type": "fixed", "fixed_cents": 5_00}, True),
    ],
)
def test_minimum_rates(user_factory, fields, ok) -> None:
    client = user_factory()
    if ok:
        assert open_job(client, **fields).is_open
    else:
        with pytest.raises(DomainError) as exc:
            open_job(client, **fields)
        assert exc.value.code == "rate_below_minimum"
        assert not Job.objects.exists()


def test_screening_questions_at_most_five(user_factory) -> None:
    client = user_factory()
    with pytest.raises(DomainError):
        open_job(client, questions=[f"Q{i}?" for i in range(6)])
    job = open_job(client, questions=[f"Q{i}?" for i in range(5)])
    assert job.questions.count() == 5


def test_draft_needs_details_before_posting(user_factory) -> None:
    client = user_factory()
    job = job_create(actor=client, fields=JobFields(title="Logo design"), publish=False)
    with pytest.raises(DomainError) as exc:
        job_publish(actor=client, job=job)
    assert set(exc.value.extra["missing"]) >= {"description", "category", "budget"}


def test_expiry_and_warning_by_moving_the_clock(user_factory, django_capture_on_commit_callbacks) -> None:
    client = user_factory()

    def sweep() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            results = run_sweeps(timezone.now())
        assert all(r.error is None for r in results), results

    with time_machine.travel(START, tick=False) as traveller:
        job = open_job(client)
        assert job.expires_at == START + timedelta(days=30)
        traveller.move_to(START + timedelta(days=24, hours=23))
        sweep()
        assert len(mail.outbox) == 0
        traveller.move_to(START + timedelta(days=25))
        sweep()
        sweep()  # idempotent: one warning only
        assert len(mail.outbox) == 1 and "expires" in mail.outbox[0].subject
        # Editing is activity: 30 more days, and a new warning later.
        job_update(actor=client, job=job, fields=JobFields(description="Updated scope: also Parquet files."))
        job.refresh_from_db()
        assert job.expires_at == START + timedelta(days=55)
        traveller.move_to(START + timedelta(days=50))
        sweep()
        assert len(mail.outbox) == 2
        traveller.move_to(START + timedelta(days=55))
        sweep()
        job.refresh_from_db()
        assert job.status == JobStatus.CLOSED and job.close_reason == "expired"
        sweep()


def test_close_with_reason(user_factory) -> None:
    client, other = user_factory(), user_factory()
    job = open_job(client)
    with pytest.raises(DomainError) as exc:
        job_close(actor=other, job=job, reason="cancelled")
    assert exc.value.code == "not_found"
    with pytest.raises(DomainError):
        job_close(actor=client, job=job, reason="expired")
    job = job_close(actor=client, job=job, reason="cancelled", note="Budget cut")
    assert job.status == JobStatus.CLOSED and job.close_reason == "cancelled"
    with pytest.raises(DomainError) as exc:
        job_close(actor=client, job=job, reason="cancelled")
    assert exc.value.code == "invalid_state"

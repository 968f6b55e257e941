"""Job budgets are bounded by the one maximum amount (issue 9, item 3): 422 `amount_too_large`."""

from __future__ import annotations

import pytest

from hirehall.core.errors import DomainError
from hirehall.jobs.models import Job
from hirehall.jobs.services import job_create, job_update
from hirehall.jobs.testing import job_fields, open_job

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "budget",
    [
        {"budget_type": "fixed", "fixed_cents": 9_999_999_999},
        {"budget_type": "hourly", "fixed_cents": None, "hourly_min_cents": 100_000_001},
        {"budget_type": "hourly", "fixed_cents": None, "hourly_min_cents": 50_00, "hourly_max_cents": 2**40},
    ],
)
def test_budgets_above_the_maximum_are_refused(user_factory, budget):
    client = user_factory()
    with pytest.raises(DomainError) as exc:
        job_create(actor=client, fields=job_fields(**budget), publish=True)
    assert exc.value.code == "amount_too_large" and exc.value.status == 422
    assert not Job.objects.exists()


def test_the_maximum_itself_is_accepted_and_an_update_above_it_refused(user_factory):
    client = user_factory()
    job = open_job(client, fixed_cents=100_000_000)
    with pytest.raises(DomainError) as exc:
        job_update(actor=client, job=job, fields=job_fields(fixed_cents=100_000_001))
    assert exc.value.code == "amount_too_large"
    job.refresh_from_db()
    assert job.fixed_cents == 100_000_000


def test_budget_columns_hold_amounts_beyond_32_bits(user_factory):
    """64-bit columns (migration 0002): PostgreSQL's int4 would refuse this with a 500."""
    job = open_job(user_factory(), fixed_cents=5_00)
    Job.objects.filter(pk=job.pk).update(fixed_cents=2**31 + 5)
    job.refresh_from_db()
    assert job.fixed_cents == 2**31 + 5

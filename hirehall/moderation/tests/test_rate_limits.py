"""Rate limits (DESIGN §10) on reports, proposals, messages and job posts: 429 problem+json with
Retry-After, configurable through HIREHALL_RATE_LIMITS; the window passes with time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache

from hirehall.core.errors import DomainError
from hirehall.jobs.services import job_create
from hirehall.jobs.testing import job_fields, open_job
from hirehall.moderation.models import Report
from hirehall.proposals.models import Proposal
from hirehall.proposals.tests.helpers import apply

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def limits(settings):
    cache.clear()
    settings.HIREHALL_RATE_LIMITS = {
        "reports": (2, 3600),
        "proposals": (2, 3600),
        "job_posts": (2, 3600),
        "messages": (2, 600),
    }
    yield
    cache.clear()


def test_reports_past_the_limit_get_429_with_retry_after(user_factory, api_client_for) -> None:
    reporter = user_factory("r@example.com")
    targets = [user_factory(f"t{i}@example.com") for i in range(3)]
    api = api_client_for(reporter)
    with time_machine.travel(START, tick=False) as traveller:
        statuses = [
            api.post("/api/v1/reports", {"target_type": "user", "target_id": str(t.pk), "reason": "spam"})
            for t in targets
        ]
        assert [r.status_code for r in statuses] == [201, 201, 429]
        refused = statuses[-1]
        assert refused.json()["code"] == "rate_limited"
        assert refused["Content-Type"] == "application/problem+json"
        assert 0 < int(refused["Retry-After"]) <= 3600
        assert Report.objects.count() == 2  # the refused one changed nothing
        traveller.shift(timedelta(hours=1))
        again = api.post(
            "/api/v1/reports", {"target_type": "user", "target_id": str(targets[2].pk), "reason": "spam"}
        )
        assert again.status_code == 201


def test_proposals_and_job_posts_are_limited_per_user(user_factory) -> None:
    client, freelancer, other = (user_factory(f"{n}@example.com") for n in ("c", "f", "o"))
    with time_machine.travel(START, tick=False):
        jobs = [open_job(client, title=f"Job {i}") for i in range(2)]
        with pytest.raises(DomainError, match="rate_limited"):
            job_create(actor=client, fields=job_fields(), publish=True)
        job_create(actor=client, fields=job_fields(), publish=False)  # drafts are not limited
        third = open_job(other, title="Other's job")  # another user has their own budget
        apply(freelancer, jobs[0])
        apply(freelancer, jobs[1])
        with pytest.raises(DomainError, match="rate_limited"):
            apply(freelancer, third)
    assert Proposal.objects.filter(freelancer=freelancer).count() == 2


def test_unconfigured_scope_is_not_limited(user_factory, settings) -> None:
    settings.HIREHALL_RATE_LIMITS = {}
    client = user_factory("c@example.com")
    for i in range(4):
        open_job(client, title=f"Job {i}")

"""Two submissions racing for the same Connects: exactly one wins (real threads, real PostgreSQL)."""

from __future__ import annotations

import pytest

from hirehall.connects.models import ConnectsEntry
from hirehall.connects.selectors import connects_balance
from hirehall.core.errors import DomainError
from hirehall.core.testing import race
from hirehall.jobs.testing import open_job
from hirehall.proposals.models import Proposal
from hirehall.proposals.tests.helpers import apply


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_proposals_with_connects_for_one(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    job_a = open_job(client, fixed_cents=9_000_00)  # 8 Connects each
    job_b = open_job(client, fixed_cents=9_000_00)
    # 8 + 30 boost = 38 each; the freelancer has 40.
    results = race(2, lambda i: apply(freelancer, (job_a, job_b)[i], boost=30))
    wins = [r.value for r in results if isinstance(r.value, Proposal)]
    losses = [r.error for r in results if isinstance(r.error, DomainError)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert losses[0].code == "insufficient_connects"
    assert Proposal.objects.count() == 1
    assert connects_balance(freelancer) == 2
    assert ConnectsEntry.objects.filter(user=freelancer, kind="spend").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_submit_to_one_job(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    job = open_job(client)
    results = race(2, lambda i: apply(freelancer, job))
    assert sorted(type(r.error or r.value).__name__ for r in results) == ["DomainError", "Proposal"], results
    assert connects_balance(freelancer) == 34

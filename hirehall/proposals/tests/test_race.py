"""Two submissions racing for the same Connects: exactly one wins (real threads, real PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from hirehall.connects.models import ConnectsEntry
from hirehall.connects.selectors import connects_balance
from hirehall.core.errors import DomainError
from hirehall.jobs.testing import open_job
from hirehall.proposals.models import Proposal
from hirehall.proposals.tests.helpers import apply, restore_seed_data


@pytest.fixture(scope="module", autouse=True)
def _seed_data_back(django_db_blocker):
    # Module scope: this teardown runs after the last test's flush, so later test files in this
    # process find the fee schedule and the taxonomy again.
    yield
    with django_db_blocker.unblock():
        restore_seed_data()


def race(*calls):
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # collected and asserted on below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_proposals_with_connects_for_one(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    job_a = open_job(client, fixed_cents=9_000_00)  # 8 Connects each
    job_b = open_job(client, fixed_cents=9_000_00)
    # 8 + 30 boost = 38 each; the freelancer has 40.
    results = race(lambda: apply(freelancer, job_a, boost=30), lambda: apply(freelancer, job_b, boost=30))
    wins = [r for r in results if isinstance(r, Proposal)]
    losses = [r for r in results if isinstance(r, DomainError)]
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
    results = race(lambda: apply(freelancer, job), lambda: apply(freelancer, job))
    assert sorted(type(r).__name__ for r in results) == ["DomainError", "Proposal"], results
    assert connects_balance(freelancer) == 34

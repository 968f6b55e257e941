"""`run_batch`: the one loop every sweep walks its due rows with (one bad row never stops a batch)."""

from __future__ import annotations

import inspect
import logging
from datetime import timedelta

import pytest
from django.db import transaction

from hirehall.core import sweeps_registry
from hirehall.core.errors import DomainError
from hirehall.core.models import IdempotencyRecord
from hirehall.core.sweeps_registry import BatchCounts, run_batch
from hirehall.jobs import sweeps as job_sweeps
from hirehall.jobs.models import Job, JobStatus
from hirehall.jobs.testing import open_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(user):
    return [IdempotencyRecord.objects.create(user=user, key=f"k{i}", fingerprint="f") for i in range(4)]


def complete(pk: int, *, poisoned: set[int], exc: Exception) -> bool:
    """A real step: its own transaction, a write, then (for a poisoned row) a failure after the write."""
    with transaction.atomic(durable=True):
        updated = IdempotencyRecord.objects.filter(pk=pk, state="in_progress").update(state="complete")
        if pk in poisoned:
            raise exc
        return bool(updated)


@pytest.mark.parametrize("exc", [RuntimeError("bug in one row"), ValueError("bad data")])
def test_one_poisoned_row_never_stops_the_batch(records, exc, caplog):
    poisoned = {records[1].pk}
    due = IdempotencyRecord.objects.order_by("pk").values_list("pk", flat=True)
    with caplog.at_level(logging.ERROR, logger="hirehall.core.sweeps_registry"):
        counts = run_batch("test.complete", due, lambda pk: complete(pk, poisoned=poisoned, exc=exc))
    assert counts == BatchCounts(done=3, skipped=0, failed=1)
    states = dict(IdempotencyRecord.objects.values_list("pk", "state"))
    # The poisoned row's own write was rolled back with it; the others committed.
    assert states == {r.pk: ("in_progress" if r.pk in poisoned else "complete") for r in records}
    assert f"row {records[1].pk} failed" in caplog.text and str(exc) in caplog.text


def test_a_refusal_is_a_warning_and_nothing_to_do_is_skipped(records, caplog):
    IdempotencyRecord.objects.filter(pk=records[0].pk).update(state="complete")  # already handled
    due = IdempotencyRecord.objects.order_by("pk").values_list("pk", flat=True)
    refused = DomainError("invalid_state", "resolved meanwhile")
    with caplog.at_level(logging.WARNING, logger="hirehall.core.sweeps_registry"):
        counts = run_batch(
            "test.complete", due, lambda pk: complete(pk, poisoned={records[3].pk}, exc=refused)
        )
    assert counts == BatchCounts(done=2, skipped=1, failed=1)
    assert "refused: invalid_state: resolved meanwhile" in caplog.text


def test_at_most_limit_rows_per_run(records):
    due = IdempotencyRecord.objects.order_by("pk").values_list("pk", flat=True)
    counts = run_batch(
        "test.complete", due, lambda pk: complete(pk, poisoned=set(), exc=RuntimeError()), limit=3
    )
    assert counts.done == 3
    assert IdempotencyRecord.objects.filter(state="in_progress").count() == 1  # left for the next run


def test_a_real_sweep_with_a_poisoned_row_processes_the_others(user, monkeypatch):
    jobs = [open_job(user) for _ in range(3)]
    later = max(j.expires_at for j in jobs if j.expires_at) + timedelta(minutes=1)
    poisoned = jobs[1].pk
    real = job_sweeps.job_expire

    def expire(*, job_id: int, now):  # fault injection around the real service, for one row only
        if job_id == poisoned:
            raise RuntimeError("poisoned row")
        return real(job_id=job_id, now=now)

    monkeypatch.setattr(job_sweeps, "job_expire", expire)
    assert job_sweeps.expire_jobs(later) == 2
    statuses = dict(Job.objects.filter(pk__in=[j.pk for j in jobs]).values_list("pk", "status"))
    assert statuses == {j.pk: JobStatus.OPEN if j.pk == poisoned else JobStatus.CLOSED for j in jobs}

    monkeypatch.setattr(job_sweeps, "job_expire", real)  # fixed: the row is still due and goes next run
    assert job_sweeps.expire_jobs(later) == 1
    assert Job.objects.get(pk=poisoned).status == JobStatus.CLOSED


def test_every_sweep_walks_its_rows_with_run_batch():
    """One error policy: no app keeps its own loop (the copies stopped at the first exception)."""
    modules = {inspect.getmodule(fn) for fn in sweeps_registry.registered_sweeps().values()}
    for module in modules - {inspect.getmodule(sweeps_registry)}:
        source = inspect.getsource(module)
        if module.__name__ in ("hirehall.core.sweeps", "hirehall.search.sweeps"):
            continue  # one bulk DELETE (search: plus one batched apply to the node's index), no rows to walk
        assert "run_batch(" in source, module.__name__
        assert "for pk in" not in source and "sum(" not in source, module.__name__


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_killed_outside_a_transaction_fails_one_row_not_the_rest_of_the_batch(user):
    """Regression (issue 16): a step's autocommit statement on a killed connection left the
    connection unusable, so every later row of the batch, and every later sweep of the run, failed
    too. run_batch now drops a broken connection after a failed row; the next row reconnects."""
    from hirehall.core.testing.faults import kill_connection

    for i in range(3):
        IdempotencyRecord.objects.create(user=user, key=f"kill{i}", fingerprint="f")
    due = IdempotencyRecord.objects.order_by("pk").values_list("pk", flat=True)

    def step(pk: int) -> bool:  # no transaction: the first statement after the kill fails
        return IdempotencyRecord.objects.filter(pk=pk, state="in_progress").update(state="complete") == 1

    with kill_connection(after=1) as kill:  # right after the query that lists the due rows
        counts = run_batch("test.kill", due, step)
    assert kill.fired
    assert counts == BatchCounts(done=2, skipped=0, failed=1)
    assert IdempotencyRecord.objects.filter(state="complete").count() == 2
    assert run_batch("test.kill", due, step) == BatchCounts(done=1, skipped=2, failed=0)

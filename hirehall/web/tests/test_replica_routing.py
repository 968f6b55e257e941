"""The read-replica router (hirehall/core/db_router.py) with two database aliases.

`replica` is a test MIRROR of `default` (config/test_settings.py): the same rows, its own connection,
so counting each connection's queries shows where every read went. Transactional tests: the replica's
connection sees only committed rows, as a real replica would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connections, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from hirehall.core.db_router import PIN_COOKIE, ReplicaRouter, read_alias, replica_reads, unit_of_work
from hirehall.core.testing import PASSWORD, make_user
from hirehall.jobs.models import Job
from hirehall.jobs.selectors import JobSearch, job_get_for, job_search
from hirehall.jobs.testing import open_job
from hirehall.profiles.selectors import TalentQuery, talent_search

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

replica_on = override_settings(HIREHALL_READ_REPLICA="replica", HIREHALL_REPLICA_STICKY_SECONDS=5)


@contextmanager
def counting() -> Iterator[tuple[CaptureQueriesContext, CaptureQueriesContext]]:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield primary, replica


@pytest.fixture
def job() -> Job:
    return open_job(make_user("client@example.com", freelancer=False))


def test_without_a_replica_everything_reads_the_primary(job: Job) -> None:
    with unit_of_work(), counting() as (primary, replica):
        page = job_search(JobSearch())
    assert [j.pk for j in page.jobs] == [job.pk]
    assert len(replica) == 0 and len(primary) > 0


@replica_on
def test_search_selectors_read_the_replica(job: Job) -> None:
    with unit_of_work(), counting() as (primary, replica):
        page = job_search(JobSearch())
        talent_search(None, TalentQuery())
    assert [j.pk for j in page.jobs] == [job.pk]  # the replica has the committed rows
    assert len(primary) == 0, [q["sql"] for q in primary.captured_queries]
    assert len(replica) > 0


@replica_on
def test_other_reads_stay_on_the_primary(job: Job) -> None:
    with unit_of_work(), counting() as (primary, replica):
        assert job_get_for(job.client, job.pk) == job  # not marked @replica_reads
    assert len(replica) == 0 and len(primary) > 0


@replica_on
def test_reads_inside_a_transaction_go_to_the_primary(job: Job) -> None:
    with unit_of_work(), counting() as (primary, replica), transaction.atomic():
        page = job_search(JobSearch())
    assert [j.pk for j in page.jobs] == [job.pk]
    assert len(replica) == 0 and len(primary) > 0


@replica_on
def test_after_a_write_the_same_unit_of_work_reads_the_primary(job: Job) -> None:
    with unit_of_work():
        assert replica_reads(read_alias)() == "replica"
        Job.objects.filter(pk=job.pk).update(title="Renamed")  # any ORM write
        with counting() as (primary, replica):
            page = job_search(JobSearch())
        assert page.jobs[0].title == "Renamed"
        assert len(replica) == 0 and len(primary) > 0
    with unit_of_work():  # the next request starts clean
        assert replica_reads(read_alias)() == "replica"


@replica_on
def test_writes_and_migrations_use_the_primary_only() -> None:
    router = ReplicaRouter()
    with unit_of_work():
        assert router.db_for_write(Job) == "default"
        assert router.allow_migrate("default", "jobs") is True
        assert router.allow_migrate("replica", "jobs") is False


@replica_on
def test_a_browser_that_wrote_reads_the_primary_for_a_few_seconds(job: Job) -> None:
    browser = Client()
    with counting() as (primary, replica):
        assert browser.get("/jobs/").status_code == 200
    assert len(replica) > 0  # an anonymous visitor's search: the replica

    # Signing in writes (last_login): the response pins this browser to the primary.
    response = browser.post("/accounts/login/", {"login": "client@example.com", "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    assert PIN_COOKIE in response.cookies and response.cookies[PIN_COOKIE]["max-age"] == 5
    with counting() as (primary, replica):
        assert browser.get("/jobs/").status_code == 200
    assert len(replica) == 0 and len(primary) > 0

    # Once the cookie is gone (it lives 5 s), the same browser's searches use the replica again.
    browser.cookies.pop(PIN_COOKIE)
    with counting() as (primary, replica):
        assert browser.get("/jobs/").status_code == 200
    assert len(replica) > 0


@replica_on
def test_a_forged_or_expired_pin_cookie_is_harmless(job: Job) -> None:
    browser = Client()
    for value in ("1", "not-a-number", "9" * 40):
        browser.cookies[PIN_COOKIE] = value
        with counting() as (_primary, replica):
            assert browser.get("/jobs/").status_code == 200
        assert len(replica) > 0, value

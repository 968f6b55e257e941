"""Ghost-job signal: a near-duplicate repost within 30 days without a hire (docs/spam-signals.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hirehall.core.clock import now
from hirehall.core.tests.similarity_pairs import BASE_JOB
from hirehall.jobs.models import Job
from hirehall.jobs.services import JobFields, job_create, job_publish, job_update
from hirehall.jobs.spam import repost_of
from hirehall.jobs.testing import job_fields, open_job

pytestmark = pytest.mark.django_db

TITLE = "Customer portal for a logistics company"


def test_near_duplicate_repost_is_flagged(user_factory) -> None:
    client = user_factory()
    first = open_job(client, title=TITLE, description=BASE_JOB)
    assert first.repost_of_id is None
    second = open_job(client, title=TITLE, description="URGENT: " + BASE_JOB)
    assert second.repost_of_id == first.pk
    different = open_job(client, title="Logo for a bakery", description="Warm, modern, two colours.")
    assert different.repost_of_id is None


def test_a_hire_on_the_first_job_clears_it(user_factory) -> None:
    client = user_factory()
    first = open_job(client, title=TITLE, description=BASE_JOB)
    Job.objects.filter(pk=first.pk).update(hires_count=1)
    assert open_job(client, title=TITLE, description=BASE_JOB).repost_of_id is None


def test_another_clients_job_is_not_a_repost(user_factory) -> None:
    open_job(user_factory(), title=TITLE, description=BASE_JOB)
    assert open_job(user_factory(), title=TITLE, description=BASE_JOB).repost_of_id is None


def test_window_is_30_days(user_factory) -> None:
    client = user_factory()
    start = now()
    with time_machine.travel(start, tick=False):
        open_job(client, title=TITLE, description=BASE_JOB)
    with time_machine.travel(start + timedelta(days=29), tick=False):
        assert open_job(client, title=TITLE, description=BASE_JOB).repost_of_id is not None
    with time_machine.travel(start + timedelta(days=61), tick=False):
        assert open_job(client, title=TITLE, description=BASE_JOB).repost_of_id is None


def test_drafts_are_checked_when_published(user_factory) -> None:
    client = user_factory()
    first = open_job(client, title=TITLE, description=BASE_JOB)
    draft = job_create(actor=client, fields=job_fields(title=TITLE, description=BASE_JOB), publish=False)
    assert draft.repost_of_id is None
    assert job_publish(actor=client, job=draft).repost_of_id == first.pk


def test_one_query_whatever_the_history(user_factory) -> None:
    client = user_factory()
    job = open_job(client, title=TITLE, description=BASE_JOB)
    with CaptureQueriesContext(connection) as few:
        repost_of(job, now())
    for i in range(5):
        open_job(client, title=f"Other job {i}", description=f"Different work number {i}.")
    with CaptureQueriesContext(connection) as many:
        repost_of(job, now())
    assert len(few) == len(many) == 1


def test_reading_check_phrase_validated_and_private(user_factory) -> None:
    client = user_factory()
    job = open_job(client, reading_check="  blue   kite ")
    assert job.reading_check == "blue kite"
    from hirehall.core.errors import DomainError

    with pytest.raises(DomainError):
        job_update(actor=client, job=job, fields=JobFields(reading_check="x" * 81))
    api = Client()
    api.force_login(user_factory())
    response = api.get(f"/api/v1/jobs/{job.pk}")
    assert response.status_code == 200 and "blue kite" not in response.content.decode()


def test_admin_lists_flagged_jobs(user_factory, staff_user) -> None:
    client = user_factory()
    open_job(client, title=TITLE, description=BASE_JOB)
    repost = open_job(client, title=TITLE, description=BASE_JOB)
    browser = Client()
    browser.force_login(staff_user)
    page = browser.get("/admin/jobs/job/?repost=yes")
    assert page.status_code == 200
    assert f"/admin/jobs/job/{repost.pk}/change/" in page.content.decode()


def test_job_page_shows_jobs_posted_hires_and_hire_rate(user_factory) -> None:
    from hirehall.jobs.services import job_close

    client = user_factory()
    job = open_job(client)
    job_create(actor=client, fields=job_fields(), publish=False)  # a draft is not "posted"
    viewer = Client()
    viewer.force_login(user_factory())
    with CaptureQueriesContext(connection) as few:
        page = viewer.get(f"/jobs/{job.pk}/").content.decode()
    assert '<dd data-testid="jobs-posted">1</dd>' in page
    assert "hire rate — (no closed jobs yet)" in page
    cancelled, filled = open_job(client), open_job(client)
    job_close(actor=client, job=cancelled, reason="cancelled")
    job_close(actor=client, job=filled, reason="filled")
    Job.objects.filter(pk=filled.pk).update(hires_count=1)
    for _ in range(3):
        open_job(client)
    with CaptureQueriesContext(connection) as many:
        page = viewer.get(f"/jobs/{job.pk}/").content.decode()
    assert '<dd data-testid="jobs-posted">6</dd>' in page
    assert "50% hire rate" in page
    assert len(many) == len(few)


@pytest.mark.parametrize("phrase", ["blue\x00kite", "x" * 81, 12345])
def test_bad_reading_check_over_the_api_is_a_4xx_and_creates_nothing(
    api_client_for, user_factory, phrase: object
) -> None:
    from hirehall.jobs.tests.test_api import JOB, category_slug

    client = user_factory()
    response = api_client_for(client).post(
        "/api/v1/jobs", {**JOB, "category": category_slug(), "reading_check": phrase}
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Job.objects.filter(client=client).exists()


def test_reading_check_set_and_changed_over_the_api(api_client_for, user_factory) -> None:
    from hirehall.jobs.tests.test_api import JOB, category_slug

    client = user_factory()
    api = api_client_for(client)
    response = api.post("/api/v1/jobs", {**JOB, "category": category_slug(), "reading_check": "Blue kite"})
    assert response.status_code == 201, response.content
    job = Job.objects.get(client=client)
    assert job.reading_check == "Blue kite"
    assert api.patch(f"/api/v1/jobs/{job.pk}", {"reading_check": ""}).status_code == 200
    job.refresh_from_db()
    assert job.reading_check == ""

"""Job search filters (DESIGN §11). The same tests run on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hirehall.core.sweeps_registry import run_sweeps
from hirehall.jobs.models import JobAlert
from hirehall.jobs.selectors import JobSearch, best_matches_search, job_search
from hirehall.jobs.services import job_close, saved_search_create
from hirehall.jobs.testing import open_job
from hirehall.profiles.models import ClientProfile, FreelancerProfile, ProfileSkill, Skill
from hirehall.proposals.tests.helpers import apply
from hirehall.search.tests.backends import search_backend  # noqa: F401 - every test runs on both backends

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]
START = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


def titles(search: JobSearch) -> set[str]:
    return {j.title for j in job_search(search, limit=50).jobs}


@pytest.fixture
def jobs(user_factory):
    skills = list(Skill.objects.order_by("pk")[:3])
    with time_machine.travel(START, tick=False) as traveller:
        verified = user_factory()
        ClientProfile.objects.create(user=verified, payment_verified=True)
        plain = user_factory()
        open_job(
            verified,
            title="Django shop backend",
            skills=[skills[0]],
            experience="expert",
            fixed_cents=6_000_00,
        )
        traveller.move_to(START + timedelta(days=5))
        open_job(
            plain,
            title="Logo for a bakery",
            skills=[skills[1]],
            experience="entry",
            budget_type="hourly",
            hourly_min_cents=5_00,
            hourly_max_cents=10_00,
            workload="as_needed",
            length="lt1",
        )
        traveller.move_to(START + timedelta(days=9))
        busy = open_job(
            plain, title="Django data migration", skills=[skills[0], skills[2]], fixed_cents=700_00
        )
        for _ in range(5):
            apply(user_factory(), busy)
        open_job(plain, title="Secret invite-only django job", visibility="invite_only")
        closed = open_job(plain, title="Closed django job")
        job_close(actor=plain, job=closed, reason="cancelled")
        traveller.move_to(START + timedelta(days=10))
        yield skills, traveller


def test_words_and_visibility(jobs) -> None:
    assert titles(JobSearch(q="django")) == {"Django shop backend", "Django data migration"}
    assert titles(JobSearch(q="bakery logo")) == {"Logo for a bakery"}


def test_filters(jobs) -> None:
    skills, _ = jobs
    assert titles(JobSearch(skills=(skills[2].slug,))) == {"Django data migration"}
    assert titles(JobSearch(experience=("entry", "expert"))) == {"Django shop backend", "Logo for a bakery"}
    assert titles(JobSearch(budget_type="hourly")) == {"Logo for a bakery"}
    assert titles(JobSearch(budget_min_cents=1_000_00)) == {"Django shop backend"}
    assert titles(JobSearch(budget_max_cents=800_00, budget_type="fixed")) == {"Django data migration"}
    assert titles(JobSearch(client_verified=True)) == {"Django shop backend"}
    assert titles(JobSearch(client_hires=("none",), q="django")) == {
        "Django shop backend",
        "Django data migration",
    }
    assert titles(JobSearch(posted_within="3d")) == {"Django data migration"}
    assert titles(JobSearch(proposals=("5to10",))) == {"Django data migration"}
    assert titles(JobSearch(proposals=("lt5",))) == {"Django shop backend", "Logo for a bakery"}
    assert titles(JobSearch(connects=("8",))) == {"Django shop backend"}
    assert titles(JobSearch(connects=("4",))) == {"Logo for a bakery"}
    page = job_search(JobSearch(), facets=True)
    assert dict(page.facets["connects"]) == {"4": 1, "6": 1, "8": 1}


def test_best_matches_from_profile_skills(jobs, user_factory) -> None:
    skills, _ = jobs
    freelancer = user_factory()
    profile = FreelancerProfile.objects.create(user=freelancer, title="Data engineer")
    ProfileSkill.objects.create(profile=profile, skill=skills[2], position=1)
    assert titles(best_matches_search(freelancer)) == {"Django data migration"}


def test_saved_search_alerts(jobs, user_factory, django_capture_on_commit_callbacks) -> None:
    _, traveller = jobs
    freelancer = user_factory()
    saved_search_create(actor=freelancer, name="django", params={"q": "django"})
    traveller.move_to(START + timedelta(days=10, minutes=30))
    new = open_job(user_factory(), title="New django admin work")
    traveller.move_to(START + timedelta(days=10, hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        run_sweeps(timezone.now())
        run_sweeps(timezone.now())
    assert list(JobAlert.objects.values_list("job_id", flat=True)) == [new.pk]
    assert len(mail.outbox) == 1 and "New django admin work" in mail.outbox[0].body


def test_search_page_queries_do_not_grow(jobs, user_factory) -> None:
    viewer = user_factory()
    web = Client()
    web.force_login(viewer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert web.get("/jobs/", {"q": "django"}).status_code == 200
        return len(ctx.captured_queries)

    web.get("/jobs/")
    before = count()
    client = user_factory()
    for i in range(5):
        open_job(client, title=f"More django work {i}")
    assert count() == before

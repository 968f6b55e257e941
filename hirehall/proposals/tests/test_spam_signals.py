"""Template proposals and the reading check (docs/spam-signals.md): stored at submit, shown to the
client on the proposal list (web and API) in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hirehall.core.clock import now
from hirehall.core.tests.similarity_pairs import BASE_PROPOSAL
from hirehall.jobs.testing import open_job
from hirehall.proposals.spam import followed_reading_check
from hirehall.proposals.tests.helpers import apply

pytestmark = pytest.mark.django_db


def _letter(i: int) -> str:
    return f"Hi client number {i}! " + BASE_PROPOSAL


def test_third_near_identical_proposal_is_a_template(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    jobs = [open_job(client) for _ in range(4)]
    first = apply(freelancer, jobs[0], cover_letter=_letter(0))
    second = apply(freelancer, jobs[1], cover_letter=_letter(1))
    third = apply(freelancer, jobs[2], cover_letter=_letter(2))
    fresh = apply(freelancer, jobs[3], cover_letter="A letter written for this job about CSV loading.")
    assert (first.is_template, second.is_template, third.is_template, fresh.is_template) == (
        False,
        False,
        True,
        False,
    )


def test_template_window_is_30_days(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    jobs = [open_job(client) for _ in range(3)]
    start = now()
    with time_machine.travel(start, tick=False):
        apply(freelancer, jobs[0], cover_letter=_letter(0))
        apply(freelancer, jobs[1], cover_letter=_letter(1))
    with time_machine.travel(start + timedelta(days=31), tick=False):
        later = open_job(client)
        assert apply(freelancer, later, cover_letter=_letter(2)).is_template is False


def test_other_freelancers_letters_do_not_count(user_factory) -> None:
    client = user_factory()
    jobs = [open_job(client) for _ in range(3)]
    proposals = [apply(user_factory(), job, cover_letter=_letter(i)) for i, job in enumerate(jobs)]
    assert not any(p.is_template for p in proposals)


@pytest.mark.parametrize(
    ("phrase", "letter", "expected"),
    [
        ("", "anything", None),
        ("blue kite", "Blue kite! I read your brief.", True),
        ("blue kite", "Hello Anna, “blue kite” — I read your brief.", True),
        ("'blue kite'", "BLUE   KITE. Here is my plan.", True),
        ("blue kite", "I read your brief. " * 20 + "blue kite", False),
        ("blue kite", "Hello, I am an expert in everything.", False),
        ("blue kite", "bluekite", False),
        ("blue kite", "blue kites are great", False),
    ],
)
def test_reading_check_rule(phrase: str, letter: str, expected: bool | None) -> None:
    assert followed_reading_check(phrase, letter) is expected


def test_reading_check_is_stored_and_marked_for_the_client_only(user_factory) -> None:
    client, good, bad, nocheck = user_factory(), user_factory(), user_factory(), user_factory()
    job = open_job(client, reading_check="blue kite")
    plain = open_job(client)
    assert apply(good, job, cover_letter="Blue kite. I read it all.").reading_check_followed is True
    assert apply(bad, job, cover_letter="Dear sir, I am an expert.").reading_check_followed is False
    assert apply(nocheck, plain).reading_check_followed is None
    browser = Client()
    browser.force_login(client)
    page = browser.get(f"/jobs/{job.pk}/proposals/?status=all").content.decode()
    assert page.count('data-testid="reading-check-yes"') == 1
    assert page.count('data-testid="reading-check-no"') == 1
    freelancer_view = Client()
    freelancer_view.force_login(good)
    job_page = freelancer_view.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="reading-check"' in job_page and "blue kite" not in job_page
    owner_page = browser.get(f"/jobs/{job.pk}/").content.decode()
    assert "blue kite" in owner_page


def test_review_list_marks_and_keeps_query_count_constant(user_factory) -> None:
    client, spammer = user_factory(), user_factory()
    target = open_job(client, reading_check="blue kite")
    others = [open_job(user_factory()) for _ in range(2)]
    for i, job in enumerate(others):
        apply(spammer, job, cover_letter=_letter(i))
    apply(spammer, target, cover_letter=_letter(9))
    browser = Client()
    browser.force_login(client)
    url = f"/jobs/{target.pk}/proposals/?status=all"
    with CaptureQueriesContext(connection) as one:
        page = browser.get(url).content.decode()
    assert page.count('data-testid="template-tag"') == 1
    for i in range(5):
        apply(user_factory(), target, cover_letter=f"blue kite — plan {i} for the pipeline, step by step.")
    with CaptureQueriesContext(connection) as many:
        page = browser.get(url).content.decode()
    assert page.count('data-testid="reading-check-yes"') == 5
    assert len(many) == len(one)


def test_api_review_list_carries_both_signals(user_factory, api_client_for) -> None:
    client, spammer, reader = user_factory(), user_factory(), user_factory()
    target = open_job(client, reading_check="blue kite")
    for i in range(2):
        apply(spammer, open_job(user_factory()), cover_letter=_letter(i))
    template = apply(spammer, target, cover_letter=_letter(5))
    careful = apply(reader, target, cover_letter="Blue kite: here is my plan for your pipeline.")
    response = api_client_for(client).get(f"/api/v1/jobs/{target.pk}/proposals", status="all")
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["items"]}
    assert rows[str(template.pk)]["template"] is True
    assert rows[str(template.pk)]["reading_check_followed"] is False
    assert rows[str(careful.pk)]["template"] is False
    assert rows[str(careful.pk)]["reading_check_followed"] is True
    mine = api_client_for(spammer).get(f"/api/v1/proposals/{template.pk}").json()
    assert "template" not in mine and "reading_check_followed" not in mine

"""The Work Diary page: a week strip with each day's total, a month calendar, opens on the latest day
with time, screenshots enlarge; its query count does not grow with the time logged."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hirehall.contracts.tests.helpers import track, verified_parties
from hirehall.proposals.testing import hourly_contract

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def browser(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _page(c: Client, url: str) -> str:
    response = c.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_week_totals_calendar_latest_day_and_enlargeable_screenshots(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    with time_machine.travel(datetime(2024, 6, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=40)
        clock.move_to(datetime(2024, 6, 6, 20, 0, tzinfo=UTC))
        track(freelancer, contract, datetime(2024, 6, 3, 9, 0, tzinfo=UTC), 9)  # Mon 1:30 h
        track(freelancer, contract, datetime(2024, 6, 5, 14, 0, tzinfo=UTC), 4)  # Wed 0:40 h
        clock.move_to(datetime(2024, 6, 12, 9, 0, tzinfo=UTC))  # a week later, nothing logged today
        c = browser(client)
        page = _page(c, f"/contracts/{contract.pk}/diary/")
        # Opens on the latest day with time (Wednesday 5 June), not on today's empty page.
        assert "Wednesday, 5 June 2024" in page and "No time logged on this day" not in page
        week = page.split('data-testid="week-days"')[1].split("</ol>")[0]
        assert week.count("<li>") == 7
        assert "<span>Mon</span><span>3</span>" in week and ">1:30<" in week and ">0:40<" in week
        assert 'href="?date=2024-06-05" aria-current="date"' in week
        assert 'data-testid="day-total">0:40 h<' in page
        calendar = page.split('data-testid="calendar"')[1].split("</table>")[0]
        assert "June 2024" in page
        assert 'href="?date=2024-06-03"' in calendar and 'href="?date=2024-06-05"' in calendar
        assert 'href="?date=2024-06-04"' not in calendar  # no time that day: not a link
        # Each screenshot opens enlarged (CSS :target, no script) and closes back to its segment.
        assert page.count('class="shot-full" id="shot-') == 4
        assert 'href="#shot-' in page and 'href="#segment-' in page
        monday = _page(c, f"/contracts/{contract.pk}/diary/?date=2024-06-03")
        assert "Monday, 3 June 2024" in monday and monday.count('data-testid="segment"') == 9
        # A date nobody can have worked on is ignored rather than a 500.
        for bad in ("0001-01-01", "9999-12-31", "2024-13-40", "x"):
            assert c.get(f"/contracts/{contract.pk}/diary/?date={bad}").status_code == 200


def test_diary_page_runs_a_constant_number_of_queries(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    with time_machine.travel(datetime(2024, 6, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=40)
        clock.move_to(datetime(2024, 6, 8, 20, 0, tzinfo=UTC))
        track(freelancer, contract, datetime(2024, 6, 3, 9, 0, tzinfo=UTC), 1)
        c = browser(client)
        url = f"/contracts/{contract.pk}/diary/?date=2024-06-03"
        with CaptureQueriesContext(connection) as one:
            assert c.get(url).status_code == 200
        for day in (3, 4, 5, 6, 7):
            track(freelancer, contract, datetime(2024, 6, day, 12, 0, tzinfo=UTC), 6)
        with CaptureQueriesContext(connection) as many:
            assert c.get(url).status_code == 200
        assert len(many) == len(one)

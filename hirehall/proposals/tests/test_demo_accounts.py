"""Demo data that shows the product: every demo account has something real to look at (freelancer@
has contracts, one of them hourly with a Work Diary), the README says what each account holds, and a
job page's client box counts the job being viewed."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hirehall.accounts.demo import DEMO_USERS
from hirehall.accounts.models import User
from hirehall.contracts.demo import FREELANCER_FIXED_TITLE, FREELANCER_HOURLY_TITLE
from hirehall.contracts.models import Contract, WorkSegment
from hirehall.jobs.models import Job, JobStatus
from hirehall.jobs.services import job_close
from hirehall.jobs.testing import open_job
from hirehall.proposals.models import Offer, Proposal

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[3] / "README.md"


def as_user(email: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(email=email))
    return c


def text(c: Client, url: str) -> str:
    response = c.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def test_every_demo_account_has_something_real_to_look_at(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=None)
    freelancer = User.objects.get(email="freelancer@hirehall.test")
    mine = Contract.objects.filter(freelancer=freelancer)
    assert {c.title for c in mine} == {FREELANCER_HOURLY_TITLE, FREELANCER_FIXED_TITLE}
    hourly = mine.get(kind="hourly")
    assert WorkSegment.objects.filter(contract=hourly).count() > 20

    f = as_user("freelancer@hirehall.test")
    contracts = text(f, "/contracts/")
    assert FREELANCER_HOURLY_TITLE in contracts and FREELANCER_FIXED_TITLE in contracts
    diary = text(f, f"/contracts/{hourly.pk}/diary/")
    assert "No time logged on this day" not in diary and 'data-testid="segment"' in diary
    earnings = text(f, "/earnings/")
    assert f"'Parser for the suppliers' CSV exports' — {FREELANCER_FIXED_TITLE}" in earnings
    assert "milestone:" not in earnings and "offer:" not in earnings

    # Every client has a contract or an offer to look at; every freelancer a contract, an offer,
    # a proposal or an invitation.
    for email in ("client@hirehall.test", "acme@hirehall.test", "northwind@hirehall.test"):
        assert Contract.objects.filter(client__email=email).exists(), email
    for email in ("writer@hirehall.test", "designer@hirehall.test"):
        assert Contract.objects.filter(freelancer__email=email).exists(), email
    assert Offer.objects.filter(freelancer__email="designer@hirehall.test", status="sent").exists()
    assert Proposal.objects.filter(freelancer__email="dev@hirehall.test").count() >= 2
    assert Proposal.objects.filter(freelancer__email="both@hirehall.test").exists()
    assert Job.objects.filter(client__email="both@hirehall.test").exists()

    # The client box on a job page counts the open job being viewed.
    acme = User.objects.get(email="acme@hirehall.test")
    job = Job.objects.filter(client=acme, status=JobStatus.OPEN).first()
    assert job is not None
    page = text(as_user("dev@hirehall.test"), f"/jobs/{job.pk}/")
    opened = Job.objects.filter(client=acme, status=JobStatus.OPEN).count()
    assert f"<dt>Open jobs</dt><dd>{opened}</dd>" in page and opened >= 1
    hires = Contract.objects.filter(client=acme).count()
    assert f"<dt>Hires</dt><dd>{hires}" in page and hires >= 1


def test_readme_demo_table_says_what_each_account_holds() -> None:
    table = README.read_text().split("## Demo logins", 1)[1].split("\n## ", 1)[0]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([^`]+)` \| [^|]+ \| (.+) \|$", table, re.M)}
    for spec in DEMO_USERS:
        email = str(spec["email"])
        assert email in rows, email
        assert len(rows[email]) > 30, f"{email}: say what the account holds"
    assert "Fleet API maintenance" in rows["freelancer@hirehall.test"]


def test_client_box_counts_open_jobs_hires_and_constant_queries(user_factory) -> None:
    client, viewer = user_factory(), user_factory()
    job = open_job(client)
    c = Client()
    c.force_login(viewer)
    page = text(c, f"/jobs/{job.pk}/")
    assert "<dt>Open jobs</dt><dd>1</dd>" in page  # the job being viewed
    other = open_job(client)
    job_close(actor=client, job=other, reason="cancelled")
    with CaptureQueriesContext(connection) as few:
        text(c, f"/jobs/{job.pk}/")
    for _ in range(3):
        open_job(client)
    with CaptureQueriesContext(connection) as many:
        page = text(c, f"/jobs/{job.pk}/")
    assert "<dt>Open jobs</dt><dd>4</dd>" in page
    assert len(many) == len(few)

"""Public browsing (visitors see jobs; applying needs sign-in), the crawl files, the header, the
confirmation dialogs, and the rule that no page shows internal references or basis points."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client

from hirehall.accounts.models import User
from hirehall.contracts.models import Contract
from hirehall.core.demo_seed import seed_demo
from hirehall.jobs.models import Job, JobStatus
from hirehall.jobs.services import job_create
from hirehall.jobs.testing import job_fields, open_job
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.payments.tests.helpers import bank, card
from hirehall.proposals.models import Proposal
from hirehall.proposals.testing import fixed_contract
from hirehall.proposals.tests.helpers import apply

pytestmark = pytest.mark.django_db

# "milestone:5", "contract:12", "offer:3:m1"...: ledger references are for the ledger, not for people.
INTERNAL_REFERENCE = re.compile(
    r"\b(milestone|contract|offer|invoice|proposal|job|user|deposit|withdrawal):[\w-]+"
)


def visible_text(html: str) -> str:
    """The text a person reads: no tags, attributes, scripts or comments."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


# --- public job browsing -------------------------------------------------------------------------
def test_visitors_browse_jobs_and_job_pages(user_factory):
    job = open_job(user_factory(), title="Visible to visitors")
    anonymous = Client()
    listing = anonymous.get("/jobs/")
    assert listing.status_code == 200
    assert "Visible to visitors" in listing.content.decode()
    detail = anonymous.get(f"/jobs/{job.pk}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Log in to apply" in html
    assert f"/accounts/login/?next=/jobs/{job.pk}/" in html
    assert "Saved searches" not in listing.content.decode()


def test_drafts_and_invite_only_jobs_stay_hidden_from_visitors(user_factory):
    client = user_factory()
    draft = job_create(actor=client, fields=job_fields(title="Secret draft"), publish=False)
    invite_only = open_job(client, title="Invite only job", visibility="invite_only")
    anonymous = Client()
    assert anonymous.get(f"/jobs/{draft.pk}/").status_code == 404
    assert anonymous.get(f"/jobs/{invite_only.pk}/").status_code == 404
    assert "Invite only job" not in anonymous.get("/jobs/").content.decode()


def test_applying_and_the_personal_feed_need_sign_in(user_factory):
    job = open_job(user_factory())
    anonymous = Client()
    assert anonymous.get(f"/jobs/{job.pk}/apply/").status_code == 302
    response = anonymous.get("/jobs/?feed=best")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_pages_have_titles_and_meta_descriptions(user_factory):
    job = open_job(user_factory(), title="Pipeline in Python", description="Load CSV files nightly. " * 20)
    anonymous = Client()
    for url, title in [
        ("/", "A marketplace for independent work"),
        ("/jobs/", "Browse freelance jobs"),
        (f"/jobs/{job.pk}/", "Pipeline in Python"),
        ("/accounts/signup/", "Join Hirehall"),
        ("/accounts/login/", "Log in"),
    ]:
        html = anonymous.get(url).content.decode()
        assert re.search(rf"<title>{re.escape(title)} · Hirehall</title>", html), url
        description = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert description and len(description.group(1)) > 40, url
    detail = anonymous.get(f"/jobs/{job.pk}/").content.decode()
    assert 'content="Fixed price job' in detail and "Load CSV files nightly" in detail


def test_sitemap_lists_open_public_jobs_only(user_factory):
    client = user_factory()
    public = open_job(client, title="Public job")
    draft = job_create(actor=client, fields=job_fields(), publish=False)
    invite_only = open_job(client, visibility="invite_only")
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert f"/jobs/{public.pk}/</loc>" in xml
    assert f"/jobs/{draft.pk}/</loc>" not in xml and f"/jobs/{invite_only.pk}/</loc>" not in xml
    assert "<loc>http://testserver/jobs/</loc>" in xml


def test_sitemap_runs_a_constant_number_of_queries(user_factory, django_assert_max_num_queries):
    client = user_factory()
    open_job(client)
    with django_assert_max_num_queries(3):
        Client().get("/sitemap.xml")
    for _ in range(5):
        open_job(client)
    with django_assert_max_num_queries(3):
        assert Client().get("/sitemap.xml").content.decode().count("/jobs/") == 7


def test_robots_txt_points_to_the_sitemap_and_keeps_private_areas_out():
    response = Client().get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /api/" in text and "Disallow: /admin/" in text and "Allow: /jobs/" in text


def test_favicon_is_in_the_repository_and_linked():
    assert (Path(settings.BASE_DIR) / "hirehall/static/favicon.svg").read_text().startswith("<svg")
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/favicon.svg")
    assert 'rel="icon" href="/static/favicon.svg"' in Client().get("/").content.decode()


# --- header ---------------------------------------------------------------------------------------
def test_header_has_a_menu_button_and_role_links(user_factory):
    client_only = user_factory(freelancer=False)
    browser = Client()
    browser.force_login(client_only)
    html = browser.get("/dashboard/").content.decode()
    assert 'data-nav-toggle aria-controls="site-nav"' in html
    assert 'href="/jobs/mine/"' in html and 'href="/proposals/"' not in html
    assert 'aria-current="page">Dashboard' in html


def test_optional_include_renders_a_missing_template_as_nothing():
    template = Template('{% load ui %}[{% optional_include "notifications/_no_such_bell.html" %}]')
    assert template.render(Context({})) == "[]"
    present = Template('{% load ui %}{% optional_include "cotton/pill.html" %}')
    assert "pill" in present.render(Context({}))


# --- confirmations -----------------------------------------------------------------------------------
def dialog(html: str, dialog_id: str) -> str:
    match = re.search(rf'<dialog id="confirm-{dialog_id}".*?</dialog>', html, flags=re.S)
    assert match, f"no confirmation dialog {dialog_id}"
    assert f'data-open-dialog="confirm-{dialog_id}"' in html
    return match.group(0)


def test_irreversible_actions_ask_for_confirmation_and_state_the_consequence(user_factory):
    client, freelancer = user_factory(freelancer=False), user_factory(client=False)
    fund_wallet(client, 5_000_00)
    contract = fixed_contract(client, freelancer, (300_00,))
    job = open_job(client, title="Job to close")
    proposal = apply(freelancer, job)
    method = card(client)

    as_client, as_freelancer = Client(), Client()
    as_client.force_login(client)
    as_freelancer.force_login(freelancer)

    refund = dialog(as_client.get(f"/contracts/{contract.pk}/").content.decode(), "refund-request")
    assert "7 days" in refund and "$300.00" in refund and 'action="/contracts/' in refund
    end = dialog(as_freelancer.get(f"/contracts/{contract.pk}/").content.decode(), "end-contract")
    assert "cannot be reopened" in end and "goes back to" in end
    close = dialog(as_client.get(f"/jobs/{job.pk}/").content.decode(), "close-job")
    assert "Connects back" in close and 'name="reason"' in close
    remove = dialog(as_client.get("/wallet/").content.decode(), f"remove-method-{method.pk}")
    assert method.display in remove and "no longer be able to add funds" in remove
    payout = bank(freelancer)
    payout_dialog = dialog(as_freelancer.get("/earnings/").content.decode(), f"remove-method-{payout.pk}")
    assert "no longer be able to withdraw" in payout_dialog
    assert 'name="next" value="/earnings/"' in payout_dialog
    withdraw = dialog(as_freelancer.get(f"/proposals/{proposal.pk}/").content.decode(), "withdraw-proposal")
    assert "Connects you spent are not returned" in withdraw


# --- words people never need to read ---------------------------------------------------------------
def test_pages_we_own_show_no_internal_references_or_basis_points():
    seed_demo()
    pages = ["/", "/jobs/", "/accounts/login/", "/accounts/signup/", "/robots.txt"]
    pages += [f"/jobs/{pk}/" for pk in Job.objects.filter(status=JobStatus.OPEN).values_list("pk", flat=True)]
    anonymous = Client()
    for url in pages:
        text = visible_text(anonymous.get(url).content.decode())
        assert "basis points" not in text and not INTERNAL_REFERENCE.search(text), url
    users = User.objects.filter(email__endswith="@hirehall.test").exclude(email__startswith="talent")
    assert users.count() >= 8
    for user in users:
        browser = Client()
        browser.force_login(user)
        for url in ["/dashboard/", "/jobs/"]:
            text = visible_text(browser.get(url).content.decode())
            assert "basis points" not in text, (user.email, url)
            assert not INTERNAL_REFERENCE.search(text), (user.email, url, INTERNAL_REFERENCE.search(text))
    # The check itself finds what it looks for.
    assert INTERNAL_REFERENCE.search(visible_text("<p>Bonus for contract:demo-welcome</p>"))
    assert Contract.objects.exists() and Proposal.objects.exists()

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hirehall.accounts.models import ApiToken, User
from hirehall.accounts.services import user_set_locale
from hirehall.contracts.models import Contract
from hirehall.contracts.services import contract_end, milestone_approve
from hirehall.contracts.services.disputes import milestone_dispute_open
from hirehall.core.errors import DomainError
from hirehall.jobs.models import Job
from hirehall.jobs.services import job_close
from hirehall.jobs.testing import open_job
from hirehall.ledger.models import Account, Transfer
from hirehall.ledger.selectors import balances_for
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.ledger.verify import verify_ledger
from hirehall.messaging import services as messaging_services
from hirehall.messaging.models import Message
from hirehall.privacy import exporters, services
from hirehall.privacy.models import AccountDeletion, DataExport
from hirehall.privacy.sweeps import build_exports, expire_exports
from hirehall.profiles import services as profile_services
from hirehall.profiles.models import FreelancerProfile, PortfolioItem
from hirehall.profiles.tests.factories import make_profile, png_upload
from hirehall.proposals.models import Proposal
from hirehall.proposals.testing import fixed_contract

pytestmark = pytest.mark.django_db


def message_send(*, actor, proposal, body):
    """A message in the proposal's room, sent through messaging (its signal runs after commit)."""
    room = messaging_services.room_for_proposal(actor=actor, proposal=proposal)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return messaging_services.message_send(actor=actor, room=room, body=body, acknowledge_warning=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def world(user_factory):
    """A freelancer with a profile, a photo, a portfolio item, a finished paid contract and a message;
    the client who hired them; and a bystander with data of their own."""
    client = user_factory(name="Carla Client")
    freelancer = user_factory(name="Fiona Freelancer")
    user_set_locale(actor=freelancer, language="es", time_zone="America/Mexico_City")
    bystander = user_factory(name="Bea Bystander")
    profile = make_profile(
        freelancer,
        title="Data engineer",
        overview="Pipelines are my thing.",
        portfolio=[{"title": "ETL at scale"}],
    )
    profile_services.freelancer_profile_set_photo(actor=freelancer, profile=profile, upload=png_upload())
    fund_wallet(client, 2_000_00)
    fund_wallet(bystander, 50_00)
    contract = fixed_contract(client, freelancer, amounts=(300_00,))
    proposal = Proposal.objects.get(freelancer=freelancer)
    message_send(actor=client, proposal=proposal, body="When can you start?")
    message_send(actor=freelancer, proposal=proposal, body="Happy to start on Monday.")
    milestone_approve(actor=client, contract=contract, milestone_id=contract.milestones.get().pk)
    contract_end(actor=client, contract=contract)
    open_job(bystander, title="Bystander's job")
    return client, freelancer, bystander, contract


def read_zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


# --- export -----------------------------------------------------------------------------------------
def test_the_export_zip_holds_the_users_data_and_nothing_of_others(
    user_factory, api_client_for, django_capture_on_commit_callbacks
):
    client, freelancer, bystander, contract = world(user_factory)
    api = api_client_for(freelancer)
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post("/api/v1/me/exports", {})
    assert r.status_code == 202, r.content
    export_id = r.json()["id"]
    r = api.get(f"/api/v1/me/exports/{export_id}")
    assert r.json()["status"] == "ready"
    download = r.json()["download_url"]
    assert download == f"/api/v1/me/exports/{export_id}/download"
    response = api.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip" and response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    zf = read_zip(b"".join(response.streaming_content))
    names = set(zf.namelist())
    for section in exporters.SECTIONS:
        assert {f"data/{section}.json", f"data/{section}.csv"} <= names

    def data(name):
        return json.loads(zf.read(f"data/{name}.json"))

    assert data("account") == [
        {
            "id": freelancer.pk,
            "email": freelancer.email,
            "name": "Fiona Freelancer",
            "is_client": True,
            "is_freelancer": True,
            "date_joined": freelancer.date_joined.isoformat(),
            "language": "es",
            "timezone": "America/Mexico_City",
        }
    ]
    profile = next(r for r in data("profile") if r["part"] == "freelancer_profile")
    assert (profile["title"], profile["overview"]) == ("Data engineer", "Pipelines are my thing.")
    assert [r["title"] for r in data("profile") if r["part"] == "portfolio_item"] == ["ETL at scale"]
    proposals = data("proposals")
    assert [p["id"] for p in proposals] == list(
        Proposal.objects.filter(freelancer=freelancer).values_list("pk", flat=True)
    )
    assert proposals[0]["cover_letter"].startswith("I have done this kind of work")
    assert data("jobs") == []  # the freelancer posted none; the bystander's job is not here
    contracts = [r for r in data("contracts") if r["part"] == "contract"]
    assert [(c["id"], c["status"]) for c in contracts] == [(contract.pk, "ended")]
    assert [(m["body"], m["mine"]) for m in data("messages") if m["thread"] == "conversation"] == [
        ("When can you start?", False),
        ("Happy to start on Monday.", True),
    ]
    mine = Transfer.objects.filter(credit_account__owner=freelancer) | Transfer.objects.filter(
        debit_account__owner=freelancer
    )
    assert sorted(t["id"] for t in data("transactions")) == sorted(mine.values_list("pk", flat=True))
    # The freelancer's side of every transfer: the earning still on hold is the pending balance.
    assert sum(t["amount_cents"] for t in data("transactions")) == balances_for(freelancer).earnings_pending
    # The CSV has the same rows as the JSON.
    rows = list(csv.DictReader(io.StringIO(zf.read("data/proposals.csv").decode())))
    assert [int(r["id"]) for r in rows] == [p["id"] for p in proposals]
    # The uploaded photo is in the ZIP, byte for byte.
    photo = FreelancerProfile.objects.get(user=freelancer).photo
    in_zip = [n for n in names if n.startswith("files/profile/")]
    assert f"files/profile/{photo.rsplit('/', 1)[-1]}" in in_zip
    with default_storage.open(photo, "rb") as fh:
        assert zf.read(f"files/profile/{photo.rsplit('/', 1)[-1]}") == fh.read()
    # Nothing of anyone else: no other email, no bystander's job.
    everything = b"".join(zf.read(n) for n in names if n.startswith("data/")).decode()
    assert bystander.email not in everything and "Bystander's job" not in everything
    assert client.email not in everything


def test_another_users_export_is_not_found(
    user, other_user, api_client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(actor=user)
    other = api_client_for(other_user)
    assert other.get(f"/api/v1/me/exports/{export.pk}").status_code == 404
    assert other.get(f"/api/v1/me/exports/{export.pk}/download").status_code == 404
    from django.test import Client

    browser = Client()
    browser.force_login(other_user)
    assert browser.get(f"/settings/data/exports/{export.pk}/download/").status_code == 404


def test_an_export_not_ready_cannot_be_downloaded_and_a_second_request_reuses_it(user, api):
    r = api.post("/api/v1/me/exports", {})  # no commit callbacks run: the task never started
    assert r.status_code == 202 and r.json()["status"] == "pending" and r.json()["download_url"] is None
    again = api.post("/api/v1/me/exports", {})
    assert again.json()["id"] == r.json()["id"]
    d = api.get(f"/api/v1/me/exports/{r.json()['id']}/download")
    assert (d.status_code, d.json()["code"]) == (409, "export_not_ready")


def test_the_sweep_builds_a_forgotten_export_and_expires_ready_ones(user, django_capture_on_commit_callbacks):
    t0 = timezone.now()
    with time_machine.travel(t0, tick=False):
        export = services.export_request(actor=user)  # its task never ran
    assert build_exports(t0 + timedelta(minutes=1)) == 0  # the task may still be on its way
    assert build_exports(t0 + services.EXPORT_LEASE) == 1
    export.refresh_from_db()
    assert export.status == "ready" and default_storage.exists(export.path)
    path = export.path
    assert expire_exports(t0 + services.EXPORT_LEASE + timedelta(days=6)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_exports(export.expires_at) == 1
    export.refresh_from_db()
    assert export.status == "expired" and export.path == "" and not default_storage.exists(path)


def test_export_building_runs_a_constant_number_of_queries(user_factory):
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 10_000_00)
    counts: list[int] = []
    for n in (1, 3):
        for _ in range(n if not counts else n - 1):
            c = fixed_contract(client, freelancer, amounts=(100_00,))
            message_send(
                actor=client,
                proposal=Proposal.objects.filter(freelancer=freelancer).latest("pk"),
                body="hi",
            )
            assert c.pk
        with CaptureQueriesContext(connection) as ctx:
            services.build_zip(freelancer)
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


# --- deletion --------------------------------------------------------------------------------------------
def ledger_totals():
    return list(
        Account.objects.order_by("pk").values_list(
            "pk", "debits_posted", "credits_posted", "debits_pending", "credits_pending"
        )
    )


def test_deletion_erases_personal_data_keeps_money_records_and_leaves_others_alone(user_factory, settings):
    client, freelancer, bystander, contract = world(user_factory)
    # The freelancer withdraws nothing here: move their earnings out so the balance is zero.
    freelancer_balance = balances_for(freelancer)
    if freelancer_balance.earnings_available or freelancer_balance.earnings_pending:
        _empty_earnings(freelancer)
    ApiToken.objects.create(user=freelancer, name="t", prefix="hh_x", token_hash="h" * 64)
    photo = FreelancerProfile.objects.get(user=freelancer).photo
    totals, transfers = ledger_totals(), Transfer.objects.count()
    bystander_before = (
        User.objects.filter(pk=bystander.pk).values().get(),
        list(Job.objects.filter(client=bystander).values()),
    )
    assert verify_ledger() == []

    deletion = services.account_delete(actor=freelancer)

    freelancer.refresh_from_db()
    assert freelancer.email == f"deleted-{freelancer.pk}@deleted.invalid"
    assert not freelancer.is_active and not freelancer.has_usable_password()
    assert deletion.name_retained and freelancer.name == "Fiona Freelancer"  # receipts name the parties
    profile = FreelancerProfile.objects.get(user=freelancer)
    assert (profile.title, profile.overview, profile.photo, profile.visibility) == ("", "", "", "private")
    assert not PortfolioItem.objects.filter(profile=profile).exists()
    assert not ApiToken.objects.filter(user=freelancer).exists()
    assert Message.objects.get(sender=freelancer).body == services.ERASED
    assert Message.objects.get(sender=client).body == "When can you start?"  # the other side's words stay
    assert not DataExport.objects.filter(user=freelancer).exists()
    # Financial records are untouched.
    assert ledger_totals() == totals and Transfer.objects.count() == transfers
    assert verify_ledger() == []
    assert Contract.objects.filter(pk=contract.pk, freelancer=freelancer).exists()
    # Another user's data is untouched.
    assert (
        User.objects.filter(pk=bystander.pk).values().get(),
        list(Job.objects.filter(client=bystander).values()),
    ) == bystander_before
    assert AccountDeletion.objects.get(user=freelancer) == deletion
    # The account can no longer sign in.
    from django.test import Client

    assert not Client().login(email=f"deleted-{freelancer.pk}@deleted.invalid", password="x")
    assert photo


def _empty_earnings(user):
    """Release the security hold and withdraw everything through the services (the ledger's rules)."""
    from hirehall.ledger.sweeps import release_security_holds
    from hirehall.payments.services import withdrawal_create
    from hirehall.payments.tests.helpers import bank

    release_security_holds(timezone.now() + timedelta(days=30))
    available = balances_for(user).earnings_available
    withdrawal_create(actor=user, destination=bank(user), amount_cents=available, rail="bank")
    b = balances_for(user)
    assert (b.earnings_available, b.earnings_pending, b.earnings_withdrawing) == (0, 0, 0), b


def test_a_user_without_money_history_loses_the_name_too(user):
    services.account_delete(actor=user)
    user.refresh_from_db()
    assert user.name == "" and not AccountDeletion.objects.get(user=user).name_retained


def test_deletion_is_refused_while_money_is_in_escrow_or_a_dispute_is_open(user_factory, api_client_for):
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 2_000_00)
    contract = fixed_contract(client, freelancer, amounts=(300_00,))
    milestone_dispute_open(
        actor=freelancer, contract=contract, milestone_id=contract.milestones.get().pk, reason="Unpaid"
    )
    before = User.objects.filter(pk=freelancer.pk).values().get()
    for who in (client, freelancer):
        reasons = services.deletion_blockers(who)
        assert any("dispute is open" in r for r in reasons), reasons
        assert any("contracts that are not ended" in r for r in reasons), reasons
    assert any("escrow" in r for r in services.deletion_blockers(client))
    with pytest.raises(DomainError) as exc:
        services.account_delete(actor=freelancer)
    assert exc.value.code == "account_deletion_blocked" and "dispute" in exc.value.detail
    assert User.objects.filter(pk=freelancer.pk).values().get() == before
    assert not AccountDeletion.objects.exists()


def test_deletion_is_refused_with_a_balance_or_an_open_job(user):
    fund_wallet(user, 10_00)
    job = open_job(user)
    reasons = services.deletion_blockers(user)
    assert any("withdraw" in r for r in reasons) and any("open jobs" in r for r in reasons)
    job_close(actor=user, job=job, reason="cancelled")
    assert not any("open jobs" in r for r in services.deletion_blockers(user))


def test_open_proposals_are_withdrawn_on_deletion(user_factory):
    client, freelancer = user_factory(), user_factory()
    job = open_job(client)
    from hirehall.proposals.services import ProposalInput, proposal_submit

    proposal = proposal_submit(
        actor=freelancer,
        job=job,
        data=ProposalInput(
            cover_letter="I can do this well and quickly, trust me on it.",
            bid_cents=500_00,
            duration="1to3",
            answers={q.pk: "Yes" for q in job.questions.all()},
            milestones=[],
            boost=0,
        ),
    )
    services.account_delete(actor=freelancer)
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn" and proposal.cover_letter == services.ERASED


# --- pages ---------------------------------------------------------------------------------------------
def test_the_page_exports_and_downloads(user, client, django_capture_on_commit_callbacks):
    client.force_login(user)
    assert client.get("/settings/data/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/settings/data/export/")
    assert r.status_code == 302
    export = DataExport.objects.get(user=user)
    page = client.get("/settings/data/").content.decode()
    assert f"/settings/data/exports/{export.pk}/download/" in page
    download = client.get(f"/settings/data/exports/{export.pk}/download/")
    assert download.status_code == 200
    assert "data/account.json" in read_zip(b"".join(download.streaming_content)).namelist()


def test_the_page_deletes_only_with_the_password_and_confirmation(user, client):
    from hirehall.core.testing import PASSWORD

    client.force_login(user)
    r = client.post("/settings/data/delete/", {"password": "wrong-password", "confirm": "DELETE"})
    assert r.status_code == 422 and "not your password" in r.content.decode()
    r = client.post("/settings/data/delete/", {"password": PASSWORD, "confirm": "delete"})
    assert r.status_code == 422
    user.refresh_from_db()
    assert user.is_active
    r = client.post("/settings/data/delete/", {"password": PASSWORD, "confirm": "DELETE"})
    assert r.status_code == 302 and r.url == "/"
    user.refresh_from_db()
    assert not user.is_active
    assert client.get("/settings/data/").status_code == 302  # signed out


def test_the_page_shows_why_deletion_is_refused(user, client):
    from hirehall.core.testing import PASSWORD

    fund_wallet(user, 10_00)
    client.force_login(user)
    assert "withdraw it first" in client.get("/settings/data/").content.decode()
    r = client.post("/settings/data/delete/", {"password": PASSWORD, "confirm": "DELETE"})
    assert r.status_code == 409 and "withdraw it first" in r.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_pages_and_endpoints_run_a_constant_number_of_queries(user, client, api):
    client.force_login(user)
    api.get("/api/v1/me/exports/1")  # the token's first use is recorded once
    counts = []
    for n in (1, 5):
        DataExport.objects.all().delete()
        DataExport.objects.bulk_create(
            DataExport(
                user=user, status="ready", path="x", created_at=timezone.now(), expires_at=timezone.now()
            )
            for _ in range(n)
        )
        last = DataExport.objects.latest("pk")
        with CaptureQueriesContext(connection) as page_q:
            assert client.get("/settings/data/").status_code == 200
        with CaptureQueriesContext(connection) as api_q:
            assert api.get(f"/api/v1/me/exports/{last.pk}").status_code == 200
        counts.append((len(page_q), len(api_q)))
    assert counts[0] == counts[1], counts

"""Trust and safety: the pre-send check, strikes and the 3-in-30-days rule, what a restricted user can
and cannot do, reports and their outcome, appeals, staff actions and the append-only audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from hirehall.accounts.models import User
from hirehall.connects.selectors import connects_balance
from hirehall.core.errors import DomainError
from hirehall.core.restrictions import MESSAGES, PROPOSALS, ensure_allowed
from hirehall.jobs.models import Job
from hirehall.jobs.services import job_create
from hirehall.jobs.testing import job_fields, open_job
from hirehall.messaging import services as messaging_services
from hirehall.moderation import services
from hirehall.moderation.models import (
    Appeal,
    AppendOnlyError,
    Flag,
    Report,
    Restriction,
    StaffAction,
    Strike,
)
from hirehall.notifications.models import Notification
from hirehall.proposals.models import Proposal
from hirehall.proposals.testing import fixed_contract
from hirehall.proposals.tests.helpers import apply
from hirehall.reputation.testing import fund_wallet

pytestmark = pytest.mark.django_db
LEAK = "Great fit. Email me at john.doe@gmail.com and we can sort it out there."
CLEAN = "I have built three ETL pipelines with Airflow and dbt; see github.com/jdoe/etl for code."
START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def message_send(*, actor, proposal, body):
    """A message in the proposal's room, sent through messaging (its signal runs after commit)."""
    room = messaging_services.room_for_proposal(actor=actor, proposal=proposal)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return messaging_services.message_send(actor=actor, room=room, body=body, acknowledge_warning=True)


@pytest.fixture
def staff(user_factory) -> User:
    return user_factory("mod-staff@example.com", is_staff=True, is_superuser=True)


def _flagged_proposals(freelancer: User, client: User, n: int) -> list[Proposal]:
    return [apply(freelancer, open_job(client, title=f"Pipeline {i}"), cover_letter=LEAK) for i in range(n)]


# --- the pre-send check ---------------------------------------------------------------------------------
def test_check_flags_contact_details_with_the_contract_codes(api) -> None:
    body = api.post("/api/v1/moderation/check", {"text": LEAK}).json()
    assert body == {"flagged": True, "reasons": ["email"]}
    pay = api.post(
        "/api/v1/moderation/check", {"text": "Pay me via paypal.me/johndoe to skip the fee"}
    ).json()
    assert pay["flagged"] and "payment_handle" in pay["reasons"]
    assert set(pay["reasons"]) <= {"email", "phone", "messenger", "payment_handle", "off_platform_payment"}
    assert api.post("/api/v1/moderation/check", {"text": CLEAN}).json() == {"flagged": False, "reasons": []}
    assert not Flag.objects.exists()  # a check stores nothing


def test_check_does_not_flag_between_contract_partners(user_factory, api_client_for) -> None:
    client, freelancer = user_factory("c@example.com"), user_factory("f@example.com")
    fund_wallet(client, 2_000_00)
    fixed_contract(client, freelancer)
    stranger = user_factory("s@example.com")
    as_freelancer = api_client_for(freelancer)
    shared = as_freelancer.post("/api/v1/moderation/check", {"text": LEAK, "recipient_id": str(client.pk)})
    assert shared.json() == {"flagged": False, "reasons": []}
    other = as_freelancer.post("/api/v1/moderation/check", {"text": LEAK, "recipient_id": str(stranger.pk)})
    assert other.json()["flagged"] is True


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"text": "nul \x00 byte"}, 422),
        ({"text": 12}, 422),
        ({"text": "x", "recipient_id": "abc"}, 422),
        ({"text": "x", "recipient_id": "99999999"}, 404),
        ({"text": "x" * 20_001}, 422),
        ({}, 422),
    ],
)
def test_check_refuses_bad_input_with_a_stable_code(api, body, status) -> None:
    response = api.post("/api/v1/moderation/check", body)
    assert response.status_code == status, response.content
    assert response.json()["code"]


# --- strikes and the 3-in-30-days rule --------------------------------------------------------------------
def test_a_sent_flagged_proposal_makes_one_flag_and_one_strike(user_factory) -> None:
    client, freelancer = user_factory("c@example.com"), user_factory("f@example.com")
    (proposal,) = _flagged_proposals(freelancer, client, 1)
    flag = Flag.objects.get()
    assert (flag.user, flag.source, flag.object_id, flag.reasons) == (
        freelancer,
        "proposal",
        proposal.pk,
        ["email"],
    )
    assert Strike.objects.get().flag == flag
    apply(freelancer, open_job(client, title="Clean"), cover_letter=CLEAN)
    assert Strike.objects.count() == 1


def test_a_job_post_is_flagged_once_per_text(user_factory) -> None:
    client = user_factory("c@example.com")
    job = open_job(client, description="Call me on WhatsApp +44 7700 900123 to discuss.")
    assert Flag.objects.get().source == "job"
    Job.objects.get(pk=job.pk).save()  # saved again with the same text
    assert Strike.objects.count() == 1


def test_message_on_a_proposal_is_flagged(user_factory) -> None:
    client, freelancer = user_factory("c@example.com"), user_factory("f@example.com")
    proposal = apply(freelancer, open_job(client), cover_letter=CLEAN)
    message_send(actor=client, proposal=proposal, body="Text me on telegram @johnny_dev please")
    assert Flag.objects.get().source == "message"
    assert Strike.objects.get().user == client


def test_three_strikes_in_thirty_days_restrict_pending_review(user_factory) -> None:
    client, freelancer = user_factory("c@example.com"), user_factory("f@example.com")
    with time_machine.travel(START, tick=False) as traveller:
        _flagged_proposals(freelancer, client, 2)
        traveller.shift(timedelta(days=31))  # those two leave the window
        _flagged_proposals(freelancer, client, 2)
        assert not Restriction.objects.exists()
        traveller.shift(timedelta(days=29))
        _flagged_proposals(freelancer, client, 1)  # 3 within 30 days
    restriction = Restriction.objects.get()
    assert restriction.user == freelancer and restriction.pending_review
    assert set(restriction.features) == {"proposals", "jobs", "messages"}
    assert Notification.objects.filter(user=freelancer, kind="moderation_notice").count() == 1


# --- what a restricted user can and cannot do -------------------------------------------------------------
def test_restricted_user_cannot_apply_post_or_message_but_can_read_and_appeal(
    user_factory, api_client_for
) -> None:
    client, freelancer = user_factory("c@example.com"), user_factory("f@example.com")
    proposal = apply(freelancer, open_job(client), cover_letter=CLEAN)
    message_send(actor=client, proposal=proposal, body="Hello, a question about your plan.")
    restriction = Restriction.objects.create(
        user=freelancer,
        features=["proposals", "jobs", "messages"],
        reason="Three strikes.",
        pending_review=True,
        created_at=START,
    )
    job = open_job(client, title="Another")
    with pytest.raises(DomainError) as refused:
        apply(freelancer, job)
    assert refused.value.code == "account_restricted" and "Three strikes." in refused.value.detail
    with pytest.raises(DomainError, match="account_restricted"):
        job_create(actor=freelancer, fields=job_fields(), publish=True)
    with pytest.raises(DomainError, match="account_restricted"):
        message_send(actor=freelancer, proposal=proposal, body="hi")
    assert not Proposal.objects.filter(job=job).exists()
    # can: keep a draft, read why, report, appeal
    assert job_create(actor=freelancer, fields=job_fields(), publish=False).status == "draft"
    api = api_client_for(freelancer)
    items = api.get("/api/v1/me/restrictions").json()["items"]
    assert items[0]["reason"] == "Three strikes." and items[0]["pending_review"] is True
    assert (
        api.post(
            "/api/v1/reports", {"target_type": "user", "target_id": str(client.pk), "reason": "spam"}
        ).status_code
        == 201
    )
    assert (
        api.post("/api/v1/appeals", {"restriction_id": str(restriction.pk), "text": "Mistake"}).status_code
        == 201
    )
    # through the API, the refusal is a 403 problem with the stable code
    response = api.post(
        f"/api/v1/jobs/{job.pk}/proposals",
        {"cover_letter": "x", "bid": "900.00", "duration": "1to3", "answers": [], "milestones": []},
    )
    assert response.status_code == 403 and response.json()["code"] == "account_restricted"


def test_a_restriction_with_an_end_lapses(user_factory) -> None:
    user = user_factory("f@example.com")
    Restriction.objects.create(
        user=user, features=[PROPOSALS], reason="Cool down", until=START + timedelta(days=7), created_at=START
    )
    with time_machine.travel(START + timedelta(days=1), tick=False):
        with pytest.raises(DomainError):
            ensure_allowed(user, PROPOSALS)
        ensure_allowed(user, MESSAGES)  # only the features named
    with time_machine.travel(START + timedelta(days=8), tick=False):
        ensure_allowed(user, PROPOSALS)


def test_suspended_user_cannot_report_either(user_factory, staff, api_client_for) -> None:
    user, other = user_factory("f@example.com"), user_factory("o@example.com")
    services.user_suspend(actor=staff, user=user, reason="Fraud with stolen cards.")
    response = api_client_for(user).post(
        "/api/v1/reports", {"target_type": "user", "target_id": str(other.pk), "reason": "spam"}
    )
    assert response.status_code == 403 and not Report.objects.exists()


# --- reports ----------------------------------------------------------------------------------------------
def test_report_then_reporter_sees_the_outcome(user_factory, staff, api_client_for) -> None:
    client, freelancer = user_factory("c@example.com"), user_factory("f@example.com")
    job = open_job(client)
    api = api_client_for(freelancer)
    body = {"target_type": "job", "target_id": str(job.pk), "reason": "ghost_job", "details": "Never hires."}
    created = api.post("/api/v1/reports", body)
    assert created.status_code == 201 and created.json()["status"] == "open"
    assert api.post("/api/v1/reports", body).json()["code"] == "already_reported"
    report = Report.objects.get()
    assert report.target_user == client
    staff_api = api_client_for(staff)
    resolved = staff_api.post(
        f"/api/v1/staff/moderation/reports/{report.pk}/resolve", {"actioned": True, "outcome": "Job removed."}
    )
    assert resolved.status_code == 200
    mine = api.get("/api/v1/me/reports").json()["items"][0]
    assert (mine["status"], mine["outcome"]) == ("actioned", "Job removed.")
    assert Notification.objects.filter(user=freelancer, kind="report_outcome").exists()


def test_report_of_an_invisible_or_own_target_is_404(user_factory, api_client_for) -> None:
    client, freelancer, stranger = (user_factory(f"{n}@example.com") for n in ("c", "f", "s"))
    proposal = apply(freelancer, open_job(client), cover_letter=CLEAN)
    api = api_client_for(stranger)
    for target_type, target_id in (("proposal", proposal.pk), ("user", stranger.pk), ("job", 99999)):
        response = api.post(
            "/api/v1/reports", {"target_type": target_type, "target_id": str(target_id), "reason": "spam"}
        )
        assert response.status_code == 404, target_type
    bad = api.post("/api/v1/reports", {"target_type": "planet", "target_id": "1", "reason": "spam"})
    assert bad.status_code == 422
    assert not Report.objects.exists()


# --- appeals and staff actions ------------------------------------------------------------------------------
def test_appeal_overturned_lifts_the_restriction(user_factory, staff, api_client_for) -> None:
    client, freelancer = user_factory("c@example.com"), user_factory("f@example.com")
    _flagged_proposals(freelancer, client, 3)
    restriction = Restriction.objects.get()
    api = api_client_for(freelancer)
    appeal = api.post(
        "/api/v1/appeals", {"restriction_id": str(restriction.pk), "text": "They were my portfolio."}
    )
    assert appeal.status_code == 201
    again = api.post("/api/v1/appeals", {"restriction_id": str(restriction.pk), "text": "Again"})
    assert again.json()["code"] == "appeal_already_open"
    answer = api_client_for(staff).post(
        f"/api/v1/staff/moderation/appeals/{appeal.json()['id']}/answer",
        {"overturn": True, "answer": "Agreed: restriction lifted."},
    )
    assert answer.status_code == 200 and answer.json()["status"] == "overturned"
    apply(freelancer, open_job(client, title="After"), cover_letter=CLEAN)  # allowed again
    action = StaffAction.objects.get(action="answer_appeal")
    assert action.before["restrictions"] and action.after["restrictions"] == []
    assert (
        any("Agreed" in m.body for m in mail.outbox)
        or Notification.objects.filter(user=freelancer, body__contains="Agreed").exists()
    )


def test_every_staff_action_writes_one_audit_entry_and_tells_the_user(
    user_factory, staff, api_client_for
) -> None:
    client, freelancer = user_factory("c@example.com"), user_factory("f@example.com")
    job = open_job(client, description="Email hr@example-corp.com with your CV")
    apply(freelancer, job, cover_letter=CLEAN)
    before_connects = connects_balance(freelancer)
    api = api_client_for(staff)
    for body in (
        {"action": "warn", "reason": "Keep contact on Hirehall."},
        {"action": "restrict", "reason": "Spam proposals.", "features": ["proposals"]},
        {"action": "suspend", "reason": "Fraud."},
        {"action": "reinstate", "reason": "Cleared."},
    ):
        response = api.post(f"/api/v1/staff/moderation/users/{freelancer.pk}/actions", body)
        assert response.status_code == 201, response.json()
        assert response.json()["action"] == body["action"]
    flag = Flag.objects.get(source="job")
    assert (
        api.post(
            f"/api/v1/staff/moderation/flags/{flag.pk}/dismiss", {"reason": "HR address is fine"}
        ).status_code
        == 201
    )
    assert (
        api.post(f"/api/v1/staff/moderation/jobs/{job.pk}/remove", {"reason": "Ghost job."}).status_code
        == 201
    )
    job.refresh_from_db()
    assert (job.status, job.close_reason) == ("closed", "removed")
    assert connects_balance(freelancer) > before_connects  # Connects returned by jobs' own service
    actions = list(StaffAction.objects.order_by("pk").values_list("action", "actor_id", "reason"))
    assert [a for a, _, _ in actions] == [
        "warn",
        "restrict",
        "suspend",
        "reinstate",
        "dismiss_flag",
        "remove_job",
    ]
    assert all(actor == staff.pk and reason for _, actor, reason in actions)
    restrict = StaffAction.objects.get(action="restrict")
    assert restrict.before["restrictions"] == [] and restrict.after["restrictions"][0]["features"] == [
        "proposals"
    ]
    notices = Notification.objects.filter(kind="moderation_notice")
    assert notices.filter(user=freelancer).count() == 4 and notices.filter(user=client).count() == 1
    assert notices.filter(user=freelancer, body="Spam proposals.").exists()
    listed = api.get("/api/v1/staff/moderation/audit").json()["items"]
    assert len(listed) == 6


def test_staff_actions_refuse_bad_input_and_change_nothing(user_factory, staff, api_client_for) -> None:
    user = user_factory("f@example.com")
    api = api_client_for(staff)
    url = f"/api/v1/staff/moderation/users/{user.pk}/actions"
    for body in (
        {"action": "restrict", "reason": "x", "features": ["flying"]},
        {"action": "restrict", "reason": "x", "features": []},
        {"action": "warn", "reason": "   "},
        {"action": "warn", "reason": "a\x00b"},
        {"action": "explode", "reason": "x"},
        {"action": "reinstate", "reason": "nothing to lift"},
    ):
        response = api.post(url, body)
        assert 400 <= response.status_code < 500 and response.json()["code"], body
    assert not StaffAction.objects.exists() and not Restriction.objects.exists()


def test_audit_log_is_append_only(user_factory, staff) -> None:
    entry = services.user_warn(actor=staff, user=user_factory("f@example.com"), reason="Warned.")
    entry.reason = "Rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        StaffAction.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        StaffAction.objects.all().delete()
    assert StaffAction.objects.get().reason == "Warned."


# --- the staff console --------------------------------------------------------------------------------------
def test_console_shows_the_flagged_item_in_context(user_factory, staff) -> None:
    client, freelancer = user_factory("c@example.com"), user_factory("f@example.com")
    _flagged_proposals(freelancer, client, 1)
    browser = Client()
    browser.force_login(staff)
    page = browser.get("/staff/").content.decode()
    assert "john.doe@gmail.com" in page and "Dismiss flag" in page
    response = browser.post(
        f"/staff/users/{freelancer.pk}/action/",
        {"action": "restrict", "features": ["proposals"], "reason": "Contact details in proposals."},
    )
    assert response.status_code == 302 and Restriction.objects.filter(user=freelancer).exists()
    assert "Contact details in proposals." in browser.get("/staff/audit/").content.decode()
    user_browser = Client()
    user_browser.force_login(freelancer)
    standing = user_browser.get("/settings/standing/").content.decode()
    assert "Contact details in proposals." in standing and "Appeal" in standing
    user_browser.post(
        "/settings/standing/appeal/",
        {"restriction_id": Restriction.objects.get().pk, "text": "It was my portfolio"},
    )
    assert Appeal.objects.filter(user=freelancer).exists()


def test_queue_runs_a_constant_number_of_queries(user_factory, staff, api_client_for) -> None:
    client = user_factory("c@example.com")
    api = api_client_for(staff)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/v1/staff/moderation/queue").status_code == 200
        return len(ctx.captured_queries)

    _flagged_proposals(user_factory("f1@example.com"), client, 1)
    count()  # the first request also records the token's use
    one = count()
    for i in range(2, 6):
        _flagged_proposals(user_factory(f"f{i}@example.com"), client, 2)
    assert count() == one
    browser = Client()
    browser.force_login(staff)
    with CaptureQueriesContext(connection) as ctx:
        browser.get("/staff/")
    assert len(ctx.captured_queries) < 25

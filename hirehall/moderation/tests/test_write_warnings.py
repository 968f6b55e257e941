"""Issue 13's contract: message, proposal and job writes return the same `warnings` as
`POST /api/v1/moderation/check` returns in `reasons` when they flag; [] when clean; [] once the two
users share a contract (a job post has no recipient, so no exemption)."""

from __future__ import annotations

import pytest
from django.test import Client

from hirehall.jobs.testing import any_category, open_job
from hirehall.messaging import services as messaging_services
from hirehall.offplatform import CODES, reason_codes, warnings
from hirehall.proposals.testing import fixed_contract
from hirehall.proposals.tests.helpers import apply
from hirehall.reputation.testing import fund_wallet

pytestmark = pytest.mark.django_db
LEAK = "Great fit. Email me at john.doe@gmail.com or WhatsApp +44 7700 900123 and pay via paypal.me/jdoe"
LEAK_CODES = ["email", "phone", "messenger", "payment_handle", "off_platform_payment"]
CLEAN = "I have built three ETL pipelines with Airflow and dbt; see github.com/jdoe/etl for code."
JOB = {
    "title": "Django REST API for a bakery",
    "description": "Orders, stock and a small admin.",
    "budget_type": "fixed",
    "fixed_budget": "500.00",
    "workload": "gt30",
    "length": "3to6",
}


@pytest.fixture
def people(user_factory):
    return user_factory("client@example.com"), user_factory("freelancer@example.com")


def _check(api, text: str, recipient=None) -> list[str]:
    body = {"text": text, **({"recipient_id": str(recipient.pk)} if recipient else {})}
    return api.post("/api/v1/moderation/check", body).json()["reasons"]


def _partners(client, freelancer) -> None:
    fund_wallet(client, 2_000_00)
    fixed_contract(client, freelancer)


# --- one mapping, shared --------------------------------------------------------------------------
def test_codes_are_the_public_ones_and_map_every_detector_reason() -> None:
    assert reason_codes(("link", "off_platform_contact", "email")) == ["email", "messenger"]
    assert warnings(LEAK) == LEAK_CODES and set(LEAK_CODES) <= set(CODES)
    assert warnings(LEAK, share_contract=True) == [] and warnings(CLEAN) == []


# --- job posts --------------------------------------------------------------------------------------
def test_job_create_edit_and_publish_return_warnings(people, api_client_for) -> None:
    client, _ = people
    api = api_client_for(client)
    category = any_category().slug
    flagged = api.post("/api/v1/jobs", {**JOB, "category": category, "description": LEAK})
    assert flagged.status_code == 201
    assert flagged.json()["warnings"] == LEAK_CODES == _check(api, f"{JOB['title']}\n{LEAK}")
    assert flagged.json()["title"] == JOB["title"]  # the job's fields are all still there
    clean = api.post("/api/v1/jobs", {**JOB, "category": category})
    assert clean.status_code == 201 and clean.json()["warnings"] == []

    job_id = clean.json()["id"]
    edited = api.patch(f"/api/v1/jobs/{job_id}", {"description": "Call me on telegram @bakery_boss"})
    assert edited.status_code == 200 and edited.json()["warnings"] == ["messenger"]
    cleaned = api.patch(f"/api/v1/jobs/{job_id}", {"description": CLEAN})
    assert cleaned.json()["warnings"] == []
    # A draft is warned too (the client can fix it before posting); publishing answers the same.
    draft = api.post("/api/v1/jobs", {**JOB, "category": category, "description": LEAK, "status": "draft"})
    assert draft.json()["status"] == "draft" and draft.json()["warnings"] == LEAK_CODES
    published = api.post(f"/api/v1/jobs/{draft.json()['id']}/publish")
    assert published.status_code == 200 and published.json()["warnings"] == LEAK_CODES
    # Reads do not carry the field: it belongs to the write's answer.
    assert "warnings" not in api.get(f"/api/v1/jobs/{job_id}").json()


# --- proposals --------------------------------------------------------------------------------------
def _submit(api, job, cover_letter: str):
    return api.post(
        f"/api/v1/jobs/{job.pk}/proposals",
        {"cover_letter": cover_letter, "bid": "900.00", "duration": "1to3"},
    )


def test_proposal_submit_returns_warnings(people, api_client_for) -> None:
    client, freelancer = people
    api = api_client_for(freelancer)
    flagged = _submit(api, open_job(client, title="First pipeline"), LEAK)
    assert flagged.status_code == 201, flagged.json()
    assert flagged.json()["warnings"] == LEAK_CODES == _check(api, LEAK, client)
    assert flagged.json()["cover_letter"] == LEAK
    clean = _submit(api, open_job(client, title="Second pipeline"), CLEAN)
    assert clean.status_code == 201 and clean.json()["warnings"] == []


def test_proposal_between_contract_partners_has_no_warnings(people, api_client_for) -> None:
    client, freelancer = people
    _partners(client, freelancer)
    api = api_client_for(freelancer)
    response = _submit(api, open_job(client, title="Next project"), LEAK)
    assert response.status_code == 201 and response.json()["warnings"] == [] == _check(api, LEAK, client)


# --- messages ---------------------------------------------------------------------------------------
def _interview(client, freelancer):
    """A proposal room where the client wrote first (the freelancer may answer)."""
    proposal = apply(freelancer, open_job(client, title="Interview"), cover_letter=CLEAN)
    room = messaging_services.room_for_proposal(actor=client, proposal=proposal)
    messaging_services.message_send(actor=client, room=room, body="Hello, tell me more.")
    return proposal, room


def test_message_send_and_edit_return_warnings(people, api_client_for) -> None:
    client, freelancer = people
    proposal, room = _interview(client, freelancer)
    api = api_client_for(freelancer)
    url = f"/api/v1/conversations/{room.pk}/messages"
    refused = api.post(url, {"body": LEAK})
    assert refused.status_code == 422 and refused.json()["code"] == "offplatform_warning"  # unchanged
    sent = api.post(url, {"body": LEAK, "acknowledge_warning": True})
    assert sent.status_code == 201 and sent.json()["warnings"] == LEAK_CODES == _check(api, LEAK, client)
    assert sent.json()["body"] == LEAK and sent.json()["hidden"] is False
    clean = api.post(url, {"body": CLEAN})
    assert clean.status_code == 201 and clean.json()["warnings"] == []

    edited = api.patch(f"{url}/{clean.json()['id']}", {"body": LEAK, "acknowledge_warning": True})
    assert edited.status_code == 200 and edited.json()["warnings"] == LEAK_CODES
    back = api.patch(f"{url}/{clean.json()['id']}", {"body": CLEAN})
    assert back.status_code == 200 and back.json()["warnings"] == []

    at_old_path = api.post(
        f"/api/v1/proposals/{proposal.pk}/messages", {"body": LEAK, "acknowledge_warning": True}
    )
    assert at_old_path.status_code == 201 and at_old_path.json()["warnings"] == LEAK_CODES
    listed = api.get(url).json()["items"]
    assert listed and "warnings" not in listed[0]  # reads keep their shape


def test_an_edit_that_adds_contact_details_is_flagged(people) -> None:
    from django.test import TestCase

    from hirehall.moderation.models import Flag, Strike

    client, freelancer = people
    _, room = _interview(client, freelancer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        message = messaging_services.message_send(actor=freelancer, room=room, body=CLEAN)
    assert not Flag.objects.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        messaging_services.message_edit(
            actor=freelancer, message=message, body=LEAK, acknowledge_warning=True
        )
    flag = Flag.objects.get()
    assert (flag.source, flag.object_id, flag.user) == ("message", message.pk, freelancer)
    assert Strike.objects.filter(user=freelancer).count() == 1


def test_message_between_contract_partners_has_no_warnings(people, api_client_for) -> None:
    client, freelancer = people
    _partners(client, freelancer)
    _, room = _interview(client, freelancer)
    api = api_client_for(freelancer)
    sent = api.post(f"/api/v1/conversations/{room.pk}/messages", {"body": LEAK})
    assert sent.status_code == 201 and sent.json()["warnings"] == [] == _check(api, LEAK, client)


# --- the web forms warn before sending --------------------------------------------------------------
def test_proposal_form_warns_before_sending_and_sends_on_confirmation(people) -> None:
    client, freelancer = people
    job = open_job(client, title="Web apply")
    browser = Client()
    browser.force_login(freelancer)
    form = {"bid": "900.00", "duration": "1to3", "cover_letter": LEAK, "boost": "0"}
    warned = browser.post(f"/jobs/{job.pk}/apply/", form)
    page = warned.content.decode()
    assert warned.status_code == 200 and 'data-testid="offplatform-warning"' in page
    assert "email address" in page and "Send anyway" in page
    assert not job.proposals.exists()
    token = page.split('name="acknowledge_warning" value="', 1)[1].split('"', 1)[0]
    # Changing the text after the warning checks it again.
    again = browser.post(
        f"/jobs/{job.pk}/apply/",
        {**form, "cover_letter": LEAK + " now", "acknowledge_warning": token},
    )
    assert again.status_code == 200 and not job.proposals.exists()
    sent = browser.post(f"/jobs/{job.pk}/apply/", {**form, "acknowledge_warning": token})
    assert sent.status_code == 302 and job.proposals.get().cover_letter == LEAK


def test_job_review_step_shows_the_warning_before_posting(people) -> None:
    client, _ = people
    browser = Client()
    browser.force_login(client)
    from hirehall.jobs.services import job_create
    from hirehall.jobs.testing import job_fields

    draft = job_create(actor=client, fields=job_fields(description=LEAK), publish=False)
    page = browser.get(f"/jobs/{draft.pk}/edit/5/").content.decode()
    assert 'data-testid="offplatform-warning"' in page and "phone number" in page
    clean = job_create(actor=client, fields=job_fields(description=CLEAN), publish=False)
    assert (
        'data-testid="offplatform-warning"' not in browser.get(f"/jobs/{clean.pk}/edit/5/").content.decode()
    )

"""The dispute case file both parties read (issue 11): statements, deadlines with countdowns, the
timeline, the thread, evidence (web upload too) and the staff decision with its reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.contracts.models import ContractFile
from hirehall.contracts.services import milestone_submit, refund_request_create
from hirehall.contracts.services.disputes import (
    dispute_evidence_add,
    dispute_message_add,
    fixed_dispute_decide,
    fixed_dispute_respond,
    milestone_dispute_open,
)
from hirehall.contracts.tests.helpers import verified_parties
from hirehall.proposals.testing import fixed_contract

pytestmark = pytest.mark.django_db
FRIDAY = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def pdf(name: str = "proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@pytest.fixture
def case(user_factory):
    """A fixed-price dispute in mediation: the freelancer's reason, the client's response, a message
    and a file from each side."""
    client, freelancer, staff = verified_parties(user_factory)
    with time_machine.travel(FRIDAY, tick=False) as clock:
        contract = fixed_contract(client, freelancer, (400_00,))
        m1 = contract.milestones.get()
        milestone_submit(actor=freelancer, contract=contract, milestone_id=m1.pk, message="done")
        dispute = milestone_dispute_open(
            actor=freelancer, contract=contract, milestone_id=m1.pk, reason="No release"
        )
        clock.shift(timedelta(hours=1))
        dispute_message_add(actor=freelancer, dispute=dispute, body="The screens are attached.")
        dispute_evidence_add(actor=freelancer, dispute=dispute, files=[pdf("screens.pdf")])
        clock.shift(timedelta(hours=1))
        fixed_dispute_respond(actor=client, dispute=dispute, message="The colours are wrong.")
        dispute_evidence_add(actor=client, dispute=dispute, files=[pdf("brand-guide.pdf")])
    return client, freelancer, staff, contract, dispute


def test_case_file_is_readable_by_both_parties_and_nobody_else(
    case, user_factory, api_client_for, client
) -> None:
    c, f, _, contract, dispute = case
    url = f"/api/v1/disputes/{dispute.pk}"
    with time_machine.travel(FRIDAY + timedelta(days=1), tick=False):
        bodies = [api_client_for(u).get(url) for u in (c, f)]
    for response in bodies:
        assert response.status_code == 200
        body = response.json()
        assert [(s["side"], s["text"]) for s in body["statements"]] == [
            ("freelancer", "No release"),
            ("client", "The colours are wrong."),
        ]
        assert body["opened_by_side"] == "freelancer"
        assert [(m["side"], m["body"]) for m in body["messages"]] == [
            ("freelancer", "The screens are attached."),
            ("client", "The colours are wrong."),
        ]
        assert [(e["side"], e["name"]) for e in body["evidence"]] == [
            ("freelancer", "screens.pdf"),
            ("client", "brand-guide.pdf"),
        ]
        deadlines = {d["name"]: d for d in body["deadlines"]}
        assert deadlines["respond_by"]["active"] is False
        mediation = deadlines["mediation_until"]
        assert mediation["active"] is True
        # Mediation runs 30 days from the response (Friday 12:00); a day later 29 days are left.
        assert mediation["seconds_left"] == (29 * 24 + 2) * 3600
        assert [e["kind"] for e in body["timeline"]] == ["dispute_opened", "mediation_started"]
        assert body["decision"] is None
    stranger = user_factory()
    assert api_client_for(stranger).get(url).status_code == 404
    for user in (c, f):
        client.force_login(user)
        page = client.get(f"/contracts/{contract.pk}/").content.decode()
        for text in (
            "No release",
            "The colours are wrong.",
            "screens.pdf",
            "brand-guide.pdf",
            "data-deadline=",
        ):
            assert text in page, (user, text)
    client.force_login(stranger)
    assert client.get(f"/contracts/{contract.pk}/").status_code == 404
    evidence = ContractFile.objects.filter(dispute=dispute).first()
    assert client.get(f"/contracts/{contract.pk}/files/{evidence.pk}/").status_code == 404


def test_staff_decision_and_its_reason_reach_both_parties(case, api_client_for, client) -> None:
    c, f, staff, contract, dispute = case
    fixed_dispute_decide(
        actor=staff,
        dispute=dispute,
        freelancer_cents=300_00,
        reason="The work matches the brief but one screen is missing.",
    )
    for user in (c, f):
        decision = api_client_for(user).get(f"/api/v1/disputes/{dispute.pk}").json()["decision"]
        assert decision["decided_by"] == "staff"
        assert decision["reason"].startswith("The work matches the brief")
        assert (decision["freelancer_share"], decision["client_share"]) == ("300.00", "100.00")
        client.force_login(user)
        page = client.get(f"/contracts/{contract.pk}/").content.decode()
        assert "Staff's reason: The work matches the brief" in page


def test_evidence_can_be_uploaded_on_the_contract_page(case, client) -> None:
    c, _, _, contract, dispute = case
    client.force_login(c)
    url = f"/contracts/{contract.pk}/do/dispute_evidence/"
    before = ContractFile.objects.filter(dispute=dispute).count()
    response = client.post(url, {"dispute": dispute.pk, "files": [pdf("invoice.pdf")]})
    assert response.status_code == 302
    assert ContractFile.objects.filter(dispute=dispute).count() == before + 1
    evil = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf")
    refused = client.post(url, {"dispute": dispute.pk, "files": [evil]}, follow=True)
    assert "not accepted" in refused.content.decode().lower() or refused.status_code in (200, 415)
    assert ContractFile.objects.filter(dispute=dispute).count() == before + 1


def test_dispute_endpoint_and_page_run_constant_queries(case, api_client_for, client) -> None:
    c, f, _, contract, dispute = case
    api = api_client_for(c)
    url = f"/api/v1/disputes/{dispute.pk}"
    api.get(url)  # the token's first use writes its last-used time

    def count(fetch) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert fetch().status_code == 200
        return len(ctx.captured_queries)

    client.force_login(c)
    page = f"/contracts/{contract.pk}/"
    api_before, page_before = count(lambda: api.get(url)), count(lambda: client.get(page))
    for i in range(6):
        dispute_message_add(actor=c if i % 2 else f, dispute=dispute, body=f"point {i}")
        dispute_evidence_add(actor=f, dispute=dispute, files=[pdf(f"more-{i}.pdf")])
    assert count(lambda: api.get(url)) == api_before
    assert count(lambda: client.get(page)) == page_before


def test_refund_request_dispute_shows_each_side(user_factory, api_client_for) -> None:
    c, f, _ = verified_parties(user_factory)
    contract = fixed_contract(c, f, (300_00,))
    refund_request_create(actor=c, contract=contract, reason="Cancelled")
    from hirehall.contracts.services.disputes import refund_request_dispute

    dispute = refund_request_dispute(actor=f, contract=contract, reason="Half is done")
    body = api_client_for(c).get(f"/api/v1/disputes/{dispute.pk}").json()
    assert [(s["side"], s["text"]) for s in body["statements"]] == [("freelancer", "Half is done")]
    assert body["deadlines"][0]["active"] is True and body["deadlines"][0]["seconds_left"] > 0


def test_staff_admin_decides_only_with_a_reason(case, client) -> None:
    _, _, staff, _, dispute = case
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    client.force_login(staff)
    dispute.proposed_freelancer_cents = 200_00
    dispute.save(update_fields=["proposed_freelancer_cents"])
    action = {"action": "post_fixed_split", "_selected_action": [dispute.pk]}
    client.post("/admin/contracts/dispute/", action)
    dispute.refresh_from_db()
    assert dispute.status == "review"  # refused: no reason written
    dispute.decision_reason = "Half the screens match the brief."
    dispute.save(update_fields=["decision_reason"])
    client.post("/admin/contracts/dispute/", action)
    dispute.refresh_from_db()
    assert (dispute.status, dispute.freelancer_cents) == ("resolved", 200_00)

"""The identity verification queue: uploads checked and kept private, one waiting check at a time,
staff approve or refuse with a reason the freelancer reads (in the app and by email), resubmission
after a refusal, and approval feeding hourly payment protection."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image

from hirehall.contracts.models import IdentityVerification, Invoice
from hirehall.contracts.services.billing import identity_verified
from hirehall.contracts.tests.helpers import sweep, track
from hirehall.core.errors import DomainError
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.moderation import identity
from hirehall.moderation.models import IdentityStatus, IdentitySubmission, StaffAction
from hirehall.notifications.models import Notification
from hirehall.payments.services import payment_method_add_card
from hirehall.proposals.testing import hourly_contract

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(name: str = "selfie.png", size: tuple[int, int] = (64, 64)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf(name: str = "passport.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def submit(user, document=None, selfie=None) -> IdentitySubmission:
    return identity.identity_submit(actor=user, document=document or pdf(), selfie=selfie or png())


@pytest.fixture
def staff(user_factory):
    return user_factory("id-staff@example.com", is_staff=True, name="Ida Staff")


def test_a_pdf_or_image_document_and_a_selfie_are_stored_privately(user) -> None:
    first = submit(user)
    assert first.status == IdentityStatus.PENDING and first.document_type == "application/pdf"
    assert first.selfie_type == "image/jpeg"  # re-encoded
    assert first.document_path.startswith("identity/") and "passport" not in first.document_path
    assert default_storage.exists(first.document_path) and default_storage.exists(first.selfie_path)
    assert first.document_name == "passport.pdf"


def test_bad_files_are_refused_and_nothing_is_kept(user, settings) -> None:
    before = set(default_storage.listdir("identity")[1]) if default_storage.exists("identity") else set()
    cases = [
        (SimpleUploadedFile("x.html", b"<html><script>alert(1)</script>"), png(), "unsupported_file_type"),
        (pdf(), SimpleUploadedFile("selfie.pdf", PDF), "unsupported_file_type"),  # a selfie is a photo
        (SimpleUploadedFile("doc.docx", b"PK\x03\x04junk"), png(), "unsupported_file_type"),
        (SimpleUploadedFile("empty.pdf", b""), png(), "validation_error"),
        (SimpleUploadedFile("bad.png", b"\x89PNG\r\n\x1a\nnot really"), png(), "invalid_image"),
    ]
    for document, selfie, code in cases:
        with pytest.raises(DomainError) as exc:
            submit(user, document, selfie)
        assert exc.value.code == code, (document.name, exc.value.code)
    settings.HIREHALL_UPLOAD_LIMITS = {"image_bytes": 100}
    with pytest.raises(DomainError) as exc:
        submit(user)
    assert exc.value.code == "upload_too_large"
    after = set(default_storage.listdir("identity")[1]) if default_storage.exists("identity") else set()
    assert after == before  # the document stored before the selfie failed was deleted again
    assert not IdentitySubmission.objects.exists()


def test_one_waiting_check_and_none_once_verified(user, staff) -> None:
    first = submit(user)
    with pytest.raises(DomainError) as exc:
        submit(user)
    assert exc.value.code == "identity_pending" and exc.value.status == 409
    identity.identity_decide(actor=staff, submission=first, approve=True)
    with pytest.raises(DomainError) as exc:
        submit(user)
    assert exc.value.code == "invalid_state"


def test_only_freelancers_submit(user_factory) -> None:
    client_only = user_factory(freelancer=False)
    with pytest.raises(DomainError) as exc:
        submit(client_only)
    assert exc.value.code == "permission_denied"


def test_approval_verifies_through_contracts_and_tells_the_freelancer(user, staff) -> None:
    check = submit(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        identity.identity_decide(actor=staff, submission=check, approve=True)
    check.refresh_from_db()
    assert check.status == IdentityStatus.APPROVED and check.decided_by == staff
    row = IdentityVerification.objects.get(user=user)
    assert row.identity_verified and row.verified_by == staff and identity_verified(user)
    [note] = Notification.objects.filter(user=user, kind="identity_decision")
    assert note.title == "Your identity is verified"
    assert any("identity" in m.subject.lower() or "verified" in m.subject.lower() for m in mail.outbox)
    [entry] = StaffAction.objects.filter(action="identity_approve")
    assert entry.actor == staff and entry.target_user == user
    assert entry.before == {"status": "pending", "identity_verified": False}
    assert entry.after == {"status": "approved", "identity_verified": True}
    assert identity.identity_state_for(user).status == "verified"
    with pytest.raises(DomainError) as exc:
        identity.identity_decide(actor=staff, submission=check, approve=True)
    assert exc.value.code == "identity_decided"


def test_refusal_needs_a_reason_the_user_reads_and_they_can_resubmit(user, staff) -> None:
    check = submit(user)
    with pytest.raises(DomainError) as exc:
        identity.identity_decide(actor=staff, submission=check, approve=False, reason="  ")
    assert exc.value.code == "validation_error"
    with TestCase.captureOnCommitCallbacks(execute=True):
        identity.identity_decide(
            actor=staff, submission=check, approve=False, reason="The selfie is blurred."
        )
    state = identity.identity_state_for(user)
    assert state.status == "refused" and state.reason == "The selfie is blurred." and state.can_submit
    assert not identity_verified(user)
    [note] = Notification.objects.filter(user=user, kind="identity_decision")
    assert note.body == "The selfie is blurred."
    assert any("The selfie is blurred." in m.body for m in mail.outbox)
    assert StaffAction.objects.filter(action="identity_refuse", reason="The selfie is blurred.").exists()
    second = submit(user)
    assert identity.identity_state_for(user).status == "pending" and second.pk != check.pk


def test_an_approval_whose_verification_did_not_commit_is_completed_by_approving_again(user, staff) -> None:
    check = submit(user)
    identity._decide(staff, check, True, identity.APPROVED_NOTE)  # the process died right after this
    assert not identity_verified(user)
    identity.identity_decide(actor=staff, submission=check, approve=True)
    assert identity_verified(user)
    assert StaffAction.objects.filter(action="identity_approve").count() == 1


def test_non_staff_cannot_decide(user, other_user) -> None:
    check = submit(user)
    with pytest.raises(DomainError) as exc:
        identity.identity_decide(actor=other_user, submission=check, approve=True)
    assert exc.value.code == "not_found"
    assert not identity_verified(user)


def test_files_are_served_to_the_owner_and_staff_only_always_as_downloads(
    client, user, other_user, staff
) -> None:
    check = submit(user)
    for who, expected in ((user, 200), (staff, 200), (other_user, 404)):
        client.force_login(who)
        for which in ("document", "selfie"):
            response = client.get(f"/settings/identity/{check.pk}/{which}/")
            assert response.status_code == expected, (who.email, which)
            if expected == 200:
                assert response["Content-Disposition"].startswith("attachment")
                assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(user)
    assert client.get(f"/settings/identity/{check.pk}/other/").status_code == 404


def test_api_submit_and_status(user, staff, api_client_for) -> None:
    api = api_client_for(user)
    assert api.get("/api/v1/me/identity").json() == {
        "status": "not_submitted",
        "verified": False,
        "reason": "",
        "submitted_at": None,
        "decided_at": None,
        "can_submit": True,
    }
    sent = api.client.post("/api/v1/me/identity", {"document": pdf(), "selfie": png()}, headers=api.headers())
    assert sent.status_code == 201, sent.content
    assert sent.json()["status"] == "pending"
    again = api.client.post(
        "/api/v1/me/identity", {"document": pdf(), "selfie": png()}, headers=api.headers()
    )
    assert again.status_code == 409 and again.json()["code"] == "identity_pending"
    missing = api.client.post("/api/v1/me/identity", {"document": pdf()}, headers=api.headers())
    assert missing.status_code == 422
    staff_api = api_client_for(staff)
    [item] = staff_api.get("/api/v1/staff/moderation/identity").json()["items"]
    assert item["user_id"] == str(user.pk)
    download = staff_api.client.get(item["document_url"], headers=staff_api.headers())
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert api.get(item["document_url"]).status_code == 404  # the staff route is for staff
    refused = staff_api.post(
        f"/api/v1/staff/moderation/identity/{item['id']}/decide", {"approve": False, "reason": "Expired ID."}
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    status = api.get("/api/v1/me/identity").json()
    assert status["status"] == "refused" and status["reason"] == "Expired ID." and status["can_submit"]
    bad = staff_api.get("/api/v1/staff/moderation/identity", status="nonsense")
    assert bad.status_code == 422


def test_pages(client, user, staff) -> None:
    client.force_login(user)
    page = client.get("/settings/identity/")
    assert page.status_code == 200 and b"Verify your identity" in page.content
    response = client.post("/settings/identity/", {"document": png("id.png"), "selfie": png()})
    assert response.status_code == 302
    check = IdentitySubmission.objects.get(user=user)
    assert b"Waiting for review" in client.get("/settings/identity/").content
    client.force_login(staff)
    queue = client.get("/staff/identity/")
    assert queue.status_code == 200 and f"/settings/identity/{check.pk}/document/".encode() in queue.content
    client.post(f"/staff/identity/{check.pk}/decide/", {"decision": "refuse", "reason": ""})
    check.refresh_from_db()
    assert check.status == IdentityStatus.PENDING  # a refusal without a reason is refused
    client.post(f"/staff/identity/{check.pk}/decide/", {"decision": "approve", "reason": ""})
    check.refresh_from_db()
    assert check.status == IdentityStatus.APPROVED and identity_verified(user)
    client.force_login(user)
    assert b"Your identity is verified." in client.get("/settings/identity/").content


def test_the_staff_queue_runs_constant_queries(
    client, user_factory, staff, django_assert_max_num_queries
) -> None:
    for i in range(6):
        submit(user_factory(f"id-queue-{i}@example.com"))
    client.force_login(staff)
    with django_assert_max_num_queries(10):
        assert client.get("/staff/identity/").status_code == 200


def test_an_approved_freelancer_s_hourly_work_becomes_protected(user_factory, staff) -> None:
    """Identity is one condition of hourly protection (DESIGN §8): the same tracked week is protected
    only once the freelancer's identity check was approved."""
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 1_000_00)
    payment_method_add_card(actor=client, number="4242424242424242", exp_month=12, exp_year=2030, cvc="123")
    start = datetime(2024, 5, 31, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        contract = hourly_contract(client, freelancer, limit_hours=40)
        clock.move_to(datetime(2024, 6, 8, 12, tzinfo=UTC))
        track(freelancer, contract, datetime(2024, 6, 3, 9, tzinfo=UTC), 6)
        clock.move_to(datetime(2024, 6, 10, 12, tzinfo=UTC))
        sweep()
        assert Invoice.objects.get(contract=contract).protected_minutes == 0  # not verified yet
        identity.identity_decide(actor=staff, submission=submit(freelancer), approve=True)
        clock.move_to(datetime(2024, 6, 15, 12, tzinfo=UTC))
        track(freelancer, contract, datetime(2024, 6, 10, 13, tzinfo=UTC), 6)
        clock.move_to(datetime(2024, 6, 17, 12, tzinfo=UTC))
        sweep()
        second = Invoice.objects.get(contract=contract, week_start=datetime(2024, 6, 10).date())
        assert second.protected_minutes == 60 and second.billable_minutes == 60

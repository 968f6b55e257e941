"""Authorization matrix rows for the moderation routes: the user's standing, reports and appeals, and
the staff console and staff API (everyone but staff gets a 404)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hirehall.core.clock import now
from hirehall.core.testing import make_user
from hirehall.core.tests.authz import Case, World
from hirehall.jobs.testing import open_job
from hirehall.messaging.tests.authz_cases import message_id
from hirehall.moderation.models import (
    Appeal,
    Flag,
    IdentitySubmission,
    LedgerAdjustment,
    Report,
    Restriction,
)

SIGNED_IN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
SIGNED_IN_ACTION = {"anon": 302, "other": 302, "owner": 302, "staff": 302}
STAFF_PAGE = {"anon": 404, "other": 404, "owner": 404, "staff": 200}
STAFF_ACTION = {"anon": 404, "other": 404, "owner": 404, "staff": 302}
API_READ = {"anon": 401, "other": 200, "owner": 200, "staff": 200}
API_STAFF = {"anon": 401, "other": 404, "owner": 404, "staff": 200}
API_STAFF_CREATED = {"anon": 401, "other": 404, "owner": 404, "staff": 201}
# Reporting the owner: the owner cannot report themselves (404), others can.
API_REPORT = {"anon": 401, "other": 201, "owner": 404, "staff": 201}
API_OWNER_CREATED = {"anon": 401, "other": 404, "owner": 201, "staff": 404}


def _get(w: World, key: str, make: Any) -> Any:
    if key not in w.objects:
        w.objects[key] = make()
    return w.objects[key]


def job(w: World) -> Any:
    return _get(w, "moderation_job", lambda: open_job(w.owner, title="Moderated job"))


def flag(w: World) -> Flag:
    return _get(
        w,
        "moderation_flag",
        lambda: Flag.objects.create(
            user=w.owner,
            source="job",
            object_id=1,
            digest="x",
            excerpt="mail me",
            reasons=["email"],
            created_at=now(),
        ),
    )


def restriction(w: World) -> Restriction:
    return _get(
        w,
        "moderation_restriction",
        lambda: Restriction.objects.create(
            user=w.owner, features=["proposals"], reason="Spam", pending_review=True, created_at=now()
        ),
    )


def report(w: World) -> Report:
    return _get(
        w,
        "moderation_report",
        lambda: Report.objects.create(
            reporter=w.owner,
            target_type="user",
            target_id=w.other.pk,
            target_user=w.other,
            reason="spam",
            created_at=now(),
        ),
    )


def appeal(w: World) -> Appeal:
    return _get(
        w,
        "moderation_appeal",
        lambda: Appeal.objects.create(
            user=w.owner, restriction=restriction(w), text="Please", created_at=now()
        ),
    )


def second_staff(w: World) -> Any:
    return _get(w, "moderation_second_staff", lambda: make_user(is_staff=True))


def pending_adjustment(w: World) -> LedgerAdjustment:
    """Requested by another staff member above the threshold: the matrix's staff may approve it."""
    return _get(
        w,
        "moderation_adjustment",
        lambda: LedgerAdjustment.objects.create(
            user=w.owner,
            account="wallet",
            direction="credit",
            amount_cents=10**9,
            reason="Matrix check",
            needs_second_approval=True,
            requested_by=second_staff(w),
            requested_at=now(),
        ),
    )


def identity_check(w: World) -> IdentitySubmission:
    def make() -> IdentitySubmission:
        path = default_storage.save("identity/matrix.pdf", ContentFile(b"%PDF-1.4 matrix"))
        return IdentitySubmission.objects.create(
            user=w.owner,
            document_path=path,
            document_type="application/pdf",
            document_name="passport.pdf",
            selfie_path=path,
            selfie_type="application/pdf",
            selfie_name="selfie.pdf",
            submitted_at=now(),
        )

    return _get(w, "moderation_identity", make)


REASON = {"reason": "Matrix check"}
ADJUSTMENT = {"account": "wallet", "direction": "credit", "amount": "10.00", "reason": "Matrix check"}
OWNER_FILE = {"anon": 302, "other": 404, "owner": 200, "staff": 200}
SIGNED_IN_FORM = {"anon": 302, "other": 200, "owner": 200, "staff": 200}

CASES = [
    Case("GET", "/settings/standing/", SIGNED_IN),
    Case("POST", "/settings/standing/appeal/", SIGNED_IN_ACTION),
    Case("GET", "/staff/", STAFF_PAGE),
    Case("GET", "/staff/audit/", STAFF_PAGE),
    Case("GET", "/staff/users/<int:pk>/", STAFF_PAGE, url=lambda w: f"/staff/users/{w.owner.pk}/"),
    Case(
        "POST",
        "/staff/users/<int:pk>/action/",
        STAFF_ACTION,
        url=lambda w: f"/staff/users/{w.owner.pk}/action/",
    ),
    Case(
        "POST", "/staff/jobs/<int:pk>/remove/", STAFF_ACTION, url=lambda w: f"/staff/jobs/{job(w).pk}/remove/"
    ),
    Case(
        "POST",
        "/staff/flags/<int:pk>/dismiss/",
        STAFF_ACTION,
        url=lambda w: f"/staff/flags/{flag(w).pk}/dismiss/",
    ),
    Case(
        "POST",
        "/staff/reports/<int:pk>/resolve/",
        STAFF_ACTION,
        url=lambda w: f"/staff/reports/{report(w).pk}/resolve/",
    ),
    Case(
        "POST",
        "/staff/appeals/<int:pk>/answer/",
        STAFF_ACTION,
        url=lambda w: f"/staff/appeals/{appeal(w).pk}/answer/",
    ),
    Case("POST", "/api/v1/moderation/check", API_READ, data={"text": "Happy to help with the pipeline."}),
    Case("GET", "/api/v1/me/strikes", API_READ),
    Case("GET", "/api/v1/me/restrictions", API_READ),
    Case("GET", "/api/v1/me/reports", API_READ),
    Case(
        "POST",
        "/api/v1/reports",
        API_REPORT,
        data=lambda w: {"target_type": "user", "target_id": str(w.owner.pk), "reason": "spam", "details": ""},
    ),
    Case(
        "POST",
        "/api/v1/appeals",
        API_OWNER_CREATED,
        data=lambda w: {"restriction_id": str(restriction(w).pk), "text": "I only shared my GitHub."},
    ),
    Case("GET", "/api/v1/staff/moderation/queue", API_STAFF),
    Case("GET", "/api/v1/staff/moderation/audit", API_STAFF),
    Case(
        "POST",
        "/api/v1/staff/moderation/users/{user_id}/actions",
        API_STAFF_CREATED,
        url=lambda w: f"/api/v1/staff/moderation/users/{w.owner.pk}/actions",
        data={"action": "warn", "reason": "Matrix check"},
    ),
    Case(
        "POST",
        "/api/v1/staff/moderation/jobs/{job_id}/remove",
        API_STAFF_CREATED,
        url=lambda w: f"/api/v1/staff/moderation/jobs/{job(w).pk}/remove",
        data=REASON,
    ),
    Case(
        "POST",
        "/api/v1/staff/moderation/flags/{flag_id}/dismiss",
        API_STAFF_CREATED,
        url=lambda w: f"/api/v1/staff/moderation/flags/{flag(w).pk}/dismiss",
        data=REASON,
    ),
    Case(
        "POST",
        "/api/v1/staff/moderation/reports/{report_id}/resolve",
        API_STAFF,
        url=lambda w: f"/api/v1/staff/moderation/reports/{report(w).pk}/resolve",
        data={"actioned": False, "outcome": "Nothing against the rules."},
    ),
    Case(
        "POST",
        "/api/v1/staff/moderation/appeals/{appeal_id}/answer",
        API_STAFF,
        url=lambda w: f"/api/v1/staff/moderation/appeals/{appeal(w).pk}/answer",
        data={"overturn": True, "answer": "You were right."},
    ),
    # ledger adjustments (four eyes) and the identity queue
    Case("GET", "/staff/adjustments/", STAFF_PAGE),
    Case(
        "GET", "/staff/users/<int:pk>/adjust/", STAFF_PAGE, url=lambda w: f"/staff/users/{w.owner.pk}/adjust/"
    ),
    Case(
        "POST",
        "/staff/adjustments/<int:pk>/approve/",
        STAFF_ACTION,
        url=lambda w: f"/staff/adjustments/{pending_adjustment(w).pk}/approve/",
    ),
    Case(
        "POST",
        "/staff/adjustments/<int:pk>/refuse/",
        STAFF_ACTION,
        url=lambda w: f"/staff/adjustments/{pending_adjustment(w).pk}/refuse/",
        data=REASON,
    ),
    Case("GET", "/staff/identity/", STAFF_PAGE),
    Case(
        "POST",
        "/staff/identity/<int:pk>/decide/",
        STAFF_ACTION,
        url=lambda w: f"/staff/identity/{identity_check(w).pk}/decide/",
        data={"decision": "refuse", "reason": "Matrix check"},
    ),
    Case("GET", "/settings/identity/", SIGNED_IN_FORM),
    Case(
        "GET",
        "/settings/identity/<int:pk>/<str:which>/",
        OWNER_FILE,
        url=lambda w: f"/settings/identity/{identity_check(w).pk}/document/",
    ),
    Case("GET", "/api/v1/staff/moderation/adjustments", API_STAFF),
    Case(
        "POST",
        "/api/v1/staff/moderation/users/{user_id}/adjustments",
        API_STAFF_CREATED,
        url=lambda w: f"/api/v1/staff/moderation/users/{w.owner.pk}/adjustments",
        data=ADJUSTMENT,
    ),
    Case(
        "POST",
        "/api/v1/staff/moderation/adjustments/{adjustment_id}/approve",
        API_STAFF,
        url=lambda w: f"/api/v1/staff/moderation/adjustments/{pending_adjustment(w).pk}/approve",
    ),
    Case(
        "POST",
        "/api/v1/staff/moderation/adjustments/{adjustment_id}/refuse",
        API_STAFF,
        url=lambda w: f"/api/v1/staff/moderation/adjustments/{pending_adjustment(w).pk}/refuse",
        data=REASON,
    ),
    Case("GET", "/api/v1/me/identity", API_READ),
    # The matrix posts JSON; the upload wants multipart, so everyone signed in gets 422 (auth first).
    Case(
        "POST",
        "/api/v1/me/identity",
        {"anon": 401, "other": 422, "owner": 422, "staff": 422},
        note="multipart endpoint",
    ),
    Case("GET", "/api/v1/staff/moderation/identity", API_STAFF),
    Case(
        "POST",
        "/api/v1/staff/moderation/identity/{submission_id}/decide",
        API_STAFF,
        url=lambda w: f"/api/v1/staff/moderation/identity/{identity_check(w).pk}/decide",
        data={"approve": False, "reason": "Matrix check"},
    ),
    Case(
        "GET",
        "/api/v1/staff/moderation/identity/{submission_id}/files/{which}",
        API_STAFF,
        url=lambda w: f"/api/v1/staff/moderation/identity/{identity_check(w).pk}/files/selfie",
    ),
    Case(
        "GET",
        "/staff/messages/<int:pk>/",
        STAFF_PAGE,
        url=lambda w: f"/staff/messages/{message_id(w)}/",
    ),
    Case(
        "POST",
        "/staff/messages/<int:pk>/hide/",
        STAFF_ACTION,
        url=lambda w: f"/staff/messages/{message_id(w)}/hide/",
    ),
    Case(
        "POST",
        "/api/v1/staff/moderation/messages/{message_id}/hide",
        API_STAFF_CREATED,
        url=lambda w: f"/api/v1/staff/moderation/messages/{message_id(w)}/hide",
        data=REASON,
    ),
]

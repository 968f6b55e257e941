"""API of the staff casework: four-eyes ledger adjustments and the identity verification queue, and the
freelancer's own identity check (`/me/identity`). Mounted on the moderation router (one per app)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from hirehall.core.api import problems
from hirehall.core.files import serve_private_file
from hirehall.core.idempotency import HEADER
from hirehall.core.money import parse_money
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.moderation import adjustments, identity, selectors
from hirehall.moderation.schemas import (
    IdentityStatusOut,
    ModerationAdjustmentOut,
    ModerationAdjustmentPage,
    ModerationIdentityOut,
    ModerationIdentityPage,
)

router = Router(tags=["moderation"])


# --- ledger adjustments ---------------------------------------------------------------------------------
class ModerationAdjustmentIn(Schema):
    account: Literal["wallet", "earnings"]
    direction: Literal["credit", "debit"]
    amount: str = Field(max_length=32, description='decimal string, e.g. "25.00"')
    reason: str = Field(max_length=500, description="the user reads this in their transactions")


@router.get(
    "/staff/moderation/adjustments",
    response={200: ModerationAdjustmentPage, **problems(400, 401, 404, 422)},
    summary="Staff: ledger adjustments, newest first (`status=pending` for those waiting for approval)",
)
def staff_adjustments(
    request: HttpRequest,
    status: Literal["pending", "applied", "refused"] | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, object]:
    qs = adjustments.adjustments_for_staff(request_user(request))
    if status:
        qs = qs.filter(status=status)
    rows, nxt = paginate(qs, cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.post(
    "/staff/moderation/users/{user_id}/adjustments",
    response={201: ModerationAdjustmentOut, **problems(400, 401, 403, 404, 409, 422)},
    summary=(
        "Staff: credit or debit a user's wallet or available earnings with a reason they read "
        "(above the four-eyes threshold it waits for a second staff member; send an Idempotency-Key)"
    ),
)
def staff_adjustment_create(request: HttpRequest, user_id: Id, payload: ModerationAdjustmentIn) -> Status:
    actor = request_user(request)
    user = selectors.staff_user_get(actor, user_id)
    adjustment = adjustments.adjustment_request(
        actor=actor,
        user=user,
        account=payload.account,
        direction=payload.direction,
        amount_cents=parse_money(payload.amount),
        reason=payload.reason,
        key=request.META.get(HEADER, ""),
    )
    return Status(201, adjustment)


@router.post(
    "/staff/moderation/adjustments/{adjustment_id}/approve",
    response={200: ModerationAdjustmentOut, **problems(401, 403, 404, 409, 422)},
    summary="Staff: approve (and apply) an adjustment another staff member requested",
)
def staff_adjustment_approve(request: HttpRequest, adjustment_id: Id) -> object:
    actor = request_user(request)
    adjustment = adjustments.staff_adjustment_get(actor, adjustment_id)
    return adjustments.adjustment_approve(actor=actor, adjustment=adjustment)


class ModerationReasonOnlyIn(Schema):
    reason: str = Field(max_length=1000)


@router.post(
    "/staff/moderation/adjustments/{adjustment_id}/refuse",
    response={200: ModerationAdjustmentOut, **problems(400, 401, 404, 409, 422)},
    summary="Staff: refuse a waiting adjustment (no money moves)",
)
def staff_adjustment_refuse(
    request: HttpRequest, adjustment_id: Id, payload: ModerationReasonOnlyIn
) -> object:
    actor = request_user(request)
    adjustment = adjustments.staff_adjustment_get(actor, adjustment_id)
    return adjustments.adjustment_refuse(actor=actor, adjustment=adjustment, reason=payload.reason)


# --- identity verification -------------------------------------------------------------------------------
@router.get(
    "/me/identity",
    response={200: IdentityStatusOut, **problems(401)},
    summary="Your identity verification: status (not_submitted, pending, verified, refused) and reason",
)
def my_identity(request: HttpRequest) -> object:
    return identity.identity_state_for(request_user(request))


@router.post(
    "/me/identity",
    response={201: IdentityStatusOut, **problems(400, 401, 403, 409, 413, 415, 422)},
    summary="Send an identity check (multipart: `document`, an image or PDF, and `selfie`, an image)",
)
def submit_identity(request: HttpRequest, document: File[UploadedFile], selfie: File[UploadedFile]) -> Status:
    user = request_user(request)
    identity.identity_submit(actor=user, document=document, selfie=selfie)
    return Status(201, identity.identity_state_for(user))


@router.get(
    "/staff/moderation/identity",
    response={200: ModerationIdentityPage, **problems(400, 401, 404, 422)},
    summary="Staff: identity checks (`status=pending` by default, oldest first)",
)
def staff_identity_queue(
    request: HttpRequest, status: str = "pending", cursor: str | None = None, limit: int = 50
) -> dict[str, object]:
    rows, nxt = paginate(identity.identity_queue(request_user(request), status), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


class ModerationIdentityDecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=1000, description="required to refuse; the freelancer reads it")


@router.post(
    "/staff/moderation/identity/{submission_id}/decide",
    response={200: ModerationIdentityOut, **problems(400, 401, 404, 409, 422)},
    summary="Staff: approve (the freelancer becomes identity-verified) or refuse an identity check",
)
def staff_identity_decide(
    request: HttpRequest, submission_id: Id, payload: ModerationIdentityDecisionIn
) -> object:
    actor = request_user(request)
    submission = identity.staff_identity_get(actor, submission_id)
    return identity.identity_decide(
        actor=actor, submission=submission, approve=payload.approve, reason=payload.reason
    )


@router.get(
    "/staff/moderation/identity/{submission_id}/files/{which}",
    response={200: None, **problems(401, 404)},
    summary="Staff: download the document or the selfie of an identity check (always an attachment)",
)
def staff_identity_file(
    request: HttpRequest, submission_id: Id, which: Literal["document", "selfie"]
) -> HttpResponseBase:
    actor = request_user(request)
    identity.staff_identity_get(actor, submission_id)
    path, content_type, name = identity.identity_file_get_for(actor, submission_id, which)
    return serve_private_file(path, content_type=content_type, filename=name, download=True)

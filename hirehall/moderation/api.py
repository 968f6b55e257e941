"""Trust and safety API: the pre-send check, your standing, reports, appeals, and staff endpoints."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hirehall.core.api import problems
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id, IsoDateTime
from hirehall.core.web import request_user
from hirehall.moderation import selectors, services
from hirehall.moderation.api_casework import router as casework_router
from hirehall.moderation.schemas import (
    ModerationAppealOut,
    ModerationCheckOut,
    ModerationQueueOut,
    ModerationReportOut,
    ModerationReportPage,
    ModerationRestrictionPage,
    ModerationStaffActionOut,
    ModerationStaffActionPage,
    ModerationStrikePage,
)

router = Router(tags=["moderation"])
router.add_router("", casework_router)  # adjustments, identity checks (api_casework.py)


class ModerationCheckIn(Schema):
    text: str = Field(max_length=services.MAX_TEXT)
    recipient_id: Id | None = None


@router.post(
    "/moderation/check",
    response={200: ModerationCheckOut, **problems(400, 401, 404, 422)},
    summary="Would this text be flagged? (warn before sending; nothing is stored)",
)
def check_text(request: HttpRequest, payload: ModerationCheckIn) -> dict[str, object]:
    reasons = services.text_check(
        actor=request_user(request), text=payload.text, recipient_id=payload.recipient_id
    )
    return {"flagged": bool(reasons), "reasons": reasons}


@router.get("/me/strikes", response={200: ModerationStrikePage, **problems(400, 401)}, summary="Your strikes")
def my_strikes(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(selectors.strikes_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.get(
    "/me/restrictions",
    response={200: ModerationRestrictionPage, **problems(400, 401)},
    summary="Restrictions on your account, with the reasons (active and past)",
)
def my_restrictions(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(selectors.restrictions_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


class ModerationReportIn(Schema):
    target_type: Literal["user", "job", "proposal", "message"]
    target_id: Id
    reason: str = Field(max_length=32)
    details: str = Field("", max_length=2000)


@router.post(
    "/reports",
    response={201: ModerationReportOut, **problems(400, 401, 403, 404, 409, 422)},
    summary="Report a user, job, proposal or message",
)
def create_report(request: HttpRequest, payload: ModerationReportIn) -> Status:
    report = services.report_create(
        actor=request_user(request),
        target_type=payload.target_type,
        target_id=payload.target_id,
        reason=payload.reason,
        details=payload.details,
    )
    return Status(201, report)


@router.get(
    "/me/reports",
    response={200: ModerationReportPage, **problems(400, 401)},
    summary="Reports you sent and their outcome",
)
def my_reports(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(selectors.reports_of(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


class ModerationAppealIn(Schema):
    restriction_id: Id | None = None
    strike_id: Id | None = None
    text: str = Field(max_length=3000)


@router.post(
    "/appeals",
    response={201: ModerationAppealOut, **problems(400, 401, 404, 409, 422)},
    summary="Appeal a restriction or a strike",
)
def create_appeal(request: HttpRequest, payload: ModerationAppealIn) -> Status:
    appeal = services.appeal_create(
        actor=request_user(request),
        text=payload.text,
        restriction_id=payload.restriction_id,
        strike_id=payload.strike_id,
    )
    return Status(201, appeal)


# --- staff (non-staff get a 404) ------------------------------------------------------------------------
@router.get(
    "/staff/moderation/queue",
    response={200: ModerationQueueOut, **problems(401, 404)},
    summary="Staff: open flags, reports, strikes, appeals and restrictions pending review",
)
def staff_queue(request: HttpRequest) -> object:
    return selectors.queue_for(request_user(request))


@router.get(
    "/staff/moderation/audit",
    response={200: ModerationStaffActionPage, **problems(400, 401, 404)},
    summary="Staff: the append-only audit log of staff actions",
)
def staff_audit(request: HttpRequest, cursor: str | None = None, limit: int = 50) -> dict[str, object]:
    rows, nxt = paginate(selectors.audit_log(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


class ModerationUserActionIn(Schema):
    action: Literal["warn", "restrict", "suspend", "reinstate"]
    reason: str = Field(max_length=1000)
    features: list[str] = Field(default_factory=list, max_length=10)
    until: IsoDateTime | None = None


@router.post(
    "/staff/moderation/users/{user_id}/actions",
    response={201: ModerationStaffActionOut, **problems(400, 401, 403, 404, 409, 422)},
    summary="Staff: warn, restrict, suspend or reinstate a user (the reason is shown to them)",
)
def staff_user_action(request: HttpRequest, user_id: Id, payload: ModerationUserActionIn) -> Status:
    actor = request_user(request)
    user = selectors.staff_user_get(actor, user_id)
    if payload.action == "warn":
        services.user_warn(actor=actor, user=user, reason=payload.reason)
    elif payload.action == "restrict":
        services.user_restrict(
            actor=actor, user=user, features=payload.features, reason=payload.reason, until=payload.until
        )
    elif payload.action == "suspend":
        services.user_suspend(actor=actor, user=user, reason=payload.reason)
    else:
        services.user_reinstate(actor=actor, user=user, reason=payload.reason)
    return Status(201, selectors.audit_log(actor).order_by("-pk").first())


class ModerationReasonIn(Schema):
    reason: str = Field(max_length=1000)


@router.post(
    "/staff/moderation/jobs/{job_id}/remove",
    response={201: ModerationStaffActionOut, **problems(400, 401, 404, 409, 422)},
    summary="Staff: remove a job (applicants get their Connects back)",
)
def staff_remove_job(request: HttpRequest, job_id: Id, payload: ModerationReasonIn) -> Status:
    actor = request_user(request)
    job = selectors.staff_job_get(actor, job_id)
    return Status(201, services.job_take_down(actor=actor, job=job, reason=payload.reason))


@router.post(
    "/staff/moderation/flags/{flag_id}/dismiss",
    response={201: ModerationStaffActionOut, **problems(400, 401, 404, 409, 422)},
    summary="Staff: dismiss a flag as a false positive (its strike is removed)",
)
def staff_dismiss_flag(request: HttpRequest, flag_id: Id, payload: ModerationReasonIn) -> Status:
    actor = request_user(request)
    flag = selectors.staff_flag_get(actor, flag_id)
    return Status(201, services.flag_dismiss(actor=actor, flag=flag, reason=payload.reason))


class ModerationResolveIn(Schema):
    actioned: bool
    outcome: str = Field(max_length=500)


@router.post(
    "/staff/moderation/reports/{report_id}/resolve",
    response={200: ModerationReportOut, **problems(400, 401, 404, 409, 422)},
    summary="Staff: close a report with the outcome the reporter sees",
)
def staff_resolve_report(request: HttpRequest, report_id: Id, payload: ModerationResolveIn) -> object:
    actor = request_user(request)
    report = selectors.staff_report_get(actor, report_id)
    return services.report_resolve(
        actor=actor, report=report, actioned=payload.actioned, outcome=payload.outcome
    )


class ModerationAnswerIn(Schema):
    overturn: bool
    answer: str = Field(max_length=1000)


@router.post(
    "/staff/moderation/appeals/{appeal_id}/answer",
    response={200: ModerationAppealOut, **problems(400, 401, 404, 409, 422)},
    summary="Staff: answer an appeal (overturning lifts the restriction or removes the strike)",
)
def staff_answer_appeal(request: HttpRequest, appeal_id: Id, payload: ModerationAnswerIn) -> object:
    actor = request_user(request)
    appeal = selectors.staff_appeal_get(actor, appeal_id)
    return services.appeal_answer(
        actor=actor, appeal=appeal, overturn=payload.overturn, answer=payload.answer
    )


@router.post(
    "/staff/moderation/messages/{message_id}/hide",
    response={201: ModerationStaffActionOut, **problems(400, 401, 404, 409, 422)},
    summary="Staff: hide a message from both members (they see a placeholder; the sender reads the reason)",
)
def staff_hide_message(request: HttpRequest, message_id: Id, payload: ModerationReasonIn) -> Status:
    actor = request_user(request)
    message = selectors.staff_message_get(actor, message_id)
    return Status(201, services.message_hide(actor=actor, message=message, reason=payload.reason))

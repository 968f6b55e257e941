"""Every trust-and-safety write: flags and strikes on sent items, reports, appeals, staff actions.

Every staff action writes one append-only `StaffAction` (who, what, why, before/after) in its own
transaction and tells the user why, in the app and by email (`notify`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hirehall.accounts.models import User
from hirehall.core import restrictions
from hirehall.core.clock import now
from hirehall.core.errors import DomainError
from hirehall.core.ratelimit import rate_limit
from hirehall.jobs.models import Job
from hirehall.jobs.services import job_remove
from hirehall.messaging import services as messaging_services
from hirehall.messaging.models import Message
from hirehall.moderation import selectors
from hirehall.moderation.models import (
    Appeal,
    AppealStatus,
    Flag,
    FlagSource,
    FlagStatus,
    Report,
    ReportReason,
    ReportStatus,
    ReportTarget,
    Restriction,
    RestrictionKind,
    StaffAction,
    Strike,
)
from hirehall.notifications.services import notify
from hirehall.offplatform import check, reason_codes, warnings

STRIKES_TO_RESTRICT = 3
AUTO_FEATURES = [restrictions.PROPOSALS, restrictions.JOBS, restrictions.MESSAGES]
# Stored in English (the API returns stored reasons); pages and notifications translate them.
AUTO_REASON = gettext_noop(
    "Three messages, proposals or posts in 30 days shared contact details or asked to pay outside "
    "Hirehall. Sending proposals, posting jobs and messaging are paused until staff review your account."
)
STRIKE_REASONS = {
    FlagSource.PROPOSAL: gettext_noop("Your proposal shared contact details or asked to leave Hirehall."),
    FlagSource.JOB: gettext_noop("Your job post shared contact details or asked to leave Hirehall."),
    FlagSource.MESSAGE: gettext_noop("Your message shared contact details or asked to leave Hirehall."),
    FlagSource.PROFILE: gettext_noop("Your profile shared contact details or asked to leave Hirehall."),
}
MAX_TEXT = 20_000


def _invalid(detail: str) -> DomainError:
    return DomainError("validation_error", detail)


def _clean(text: str, field: str, *, maximum: int, required: bool = True) -> str:
    if "\x00" in text:
        raise DomainError("invalid_characters")
    text = text.strip()
    if required and not text:
        raise _invalid(f"{field} is required.")
    if len(text) > maximum:
        raise _invalid(f"{field} is at most {maximum} characters.")
    return text


def text_check(*, actor: User, text: str, recipient_id: int | None = None) -> list[str]:
    """What the sender sees before sending: the reason codes ([] = nothing flagged). Nothing is stored."""
    text = _clean(text, "text", maximum=MAX_TEXT, required=False)
    if recipient_id is not None and not User.objects.filter(pk=recipient_id).exists():
        raise DomainError("not_found")
    return warnings(text, share_contract=selectors.share_contract(actor.pk, recipient_id))


# --- sent items: flag, strike, and 3 strikes in 30 days restrict pending review -------------------------
@transaction.atomic
def flag_sent_item(
    *, user: User, source: str, object_id: int, text: str, counterpart_id: int | None = None
) -> Flag | None:
    """Called by the listeners (receivers.py) when a proposal, job post, message or profile is saved."""
    if source not in FlagSource.values:
        raise ValueError(source)
    result = check(text, share_contract=selectors.share_contract(user.pk, counterpart_id))
    if not result.flagged:
        return None
    at = now()
    digest = hashlib.sha256(text.encode()).hexdigest()
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                user=user,
                source=source,
                object_id=object_id,
                digest=digest,
                excerpt=text[:2000],
                reasons=reason_codes(result.reasons),
                created_at=at,
            )
    except IntegrityError:
        return None  # the same text of the same item: flagged once
    User.objects.select_for_update().filter(pk=user.pk).first()  # one strike count at a time per user
    Strike.objects.create(
        user=user,
        flag=flag,
        reason=STRIKE_REASONS[FlagSource(source)],
        created_at=at,
    )
    if (
        selectors.recent_strike_count(user) >= STRIKES_TO_RESTRICT
        and not selectors.active_restrictions(user).filter(pending_review=True).exists()
    ):
        Restriction.objects.create(
            user=user, features=AUTO_FEATURES, reason=AUTO_REASON, pending_review=True, created_at=at
        )
        _tell(user, _("Your account is restricted pending review"), _(AUTO_REASON), ref=f"user:{user.pk}")
    return flag


def _tell(
    user: User, title: str | Promise, body: str | Promise, *, ref: str, kind: str = "moderation_notice"
) -> None:
    # Lazy titles: notify() stores them in the recipient's language; staff-written bodies stay as written.
    notify(user=user, kind=kind, title=title, body=body, url=reverse("moderation:standing"), ref=ref)


# --- reports and appeals ------------------------------------------------------------------------------
@transaction.atomic(durable=True)
def report_create(*, actor: User, target_type: str, target_id: int, reason: str, details: str = "") -> Report:
    restrictions.ensure_allowed(actor, restrictions.REPORTS)
    rate_limit(scope="reports", key=actor.pk)
    if target_type not in ReportTarget.values:
        raise _invalid("target_type must be user, job, proposal or message.")
    if reason not in ReportReason.values:
        raise _invalid(f"reason must be one of {', '.join(ReportReason.values)}.")
    details = _clean(details, "details", maximum=2000, required=False)
    target_user = selectors.report_target_user(actor, target_type, target_id)
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=actor,
                target_type=target_type,
                target_id=target_id,
                target_user=target_user,
                reason=reason,
                details=details,
                created_at=now(),
            )
    except IntegrityError:
        raise DomainError(
            "already_reported", "You already reported this; staff will tell you the outcome."
        ) from None


@transaction.atomic(durable=True)
def appeal_create(
    *, actor: User, text: str, restriction_id: int | None = None, strike_id: int | None = None
) -> Appeal:
    text = _clean(text, "text", maximum=3000)
    if (restriction_id is None) == (strike_id is None):
        raise _invalid("Appeal one restriction or one strike.")
    restriction = selectors.restriction_get_for(actor, restriction_id) if restriction_id else None
    strike = selectors.strike_get_for(actor, strike_id) if strike_id else None
    if restriction is not None and restriction.lifted_at is not None:
        raise DomainError("invalid_state", "This restriction was already lifted.")
    if strike is not None and strike.voided_at is not None:
        raise DomainError("invalid_state", "This strike was already removed.")
    try:
        with transaction.atomic():
            return Appeal.objects.create(
                user=actor, restriction=restriction, strike=strike, text=text, created_at=now()
            )
    except IntegrityError:
        raise DomainError(
            "appeal_already_open", "An appeal of this decision is already waiting for staff."
        ) from None


# --- staff actions --------------------------------------------------------------------------------------
def _staff(actor: User) -> None:
    if not actor.is_staff:
        raise DomainError("not_found")


def _reason(reason: str) -> str:
    return _clean(reason, "reason", maximum=1000)


def _audit(
    actor: User,
    action: str,
    *,
    target_user: User | None,
    ref: str,
    reason: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> StaffAction:
    return StaffAction.objects.create(
        actor=actor,
        action=action,
        target_user=target_user,
        target_ref=ref,
        reason=reason,
        before=before,
        after=after,
        created_at=now(),
    )


def _standing(user: User) -> dict[str, Any]:
    return {
        "restrictions": [
            {"id": r.pk, "kind": r.kind, "features": r.features, "pending_review": r.pending_review}
            for r in selectors.active_restrictions(user).order_by("pk")
        ],
        "strikes_30d": selectors.recent_strike_count(user),
    }


@transaction.atomic(durable=True)
def user_warn(*, actor: User, user: User, reason: str) -> StaffAction:
    _staff(actor)
    reason = _reason(reason)
    state = _standing(user)
    entry = _audit(
        actor, "warn", target_user=user, ref=f"user:{user.pk}", reason=reason, before=state, after=state
    )
    _tell(user, _("A warning from Hirehall staff"), reason, ref=f"staff_action:{entry.pk}")
    return entry


@transaction.atomic(durable=True)
def user_restrict(
    *, actor: User, user: User, features: list[str], reason: str, until: datetime | None = None
) -> Restriction:
    _staff(actor)
    reason = _reason(reason)
    if not features or any(f not in restrictions.FEATURES for f in features):
        raise _invalid(f"features: one or more of {', '.join(restrictions.FEATURES)}.")
    if until is not None and until <= now():
        raise _invalid("until must be in the future.")
    before = _standing(user)
    restriction = Restriction.objects.create(
        user=user,
        features=sorted(set(features)),
        reason=reason,
        until=until,
        created_by=actor,
        created_at=now(),
    )
    _audit(
        actor,
        "restrict",
        target_user=user,
        ref=f"user:{user.pk}",
        reason=reason,
        before=before,
        after=_standing(user),
    )
    _tell(
        user, _("Some features of your account are restricted"), reason, ref=f"restriction:{restriction.pk}"
    )
    return restriction


@transaction.atomic(durable=True)
def user_suspend(*, actor: User, user: User, reason: str) -> Restriction:
    """Suspend: nothing can be sent, posted or reported; the user can still sign in, read why and appeal."""
    _staff(actor)
    reason = _reason(reason)
    if user.is_staff:
        raise DomainError("permission_denied", "Staff accounts are not suspended here.")
    before = _standing(user)
    restriction = Restriction.objects.create(
        user=user,
        kind=RestrictionKind.SUSPEND,
        features=list(restrictions.FEATURES),
        reason=reason,
        created_by=actor,
        created_at=now(),
    )
    _audit(
        actor,
        "suspend",
        target_user=user,
        ref=f"user:{user.pk}",
        reason=reason,
        before=before,
        after=_standing(user),
    )
    _tell(user, _("Your account is suspended"), reason, ref=f"restriction:{restriction.pk}")
    return restriction


def _lift(user: User, at: datetime) -> int:
    return selectors.active_restrictions(user).update(lifted_at=at, pending_review=False)


@transaction.atomic(durable=True)
def user_reinstate(*, actor: User, user: User, reason: str) -> StaffAction:
    _staff(actor)
    reason = _reason(reason)
    before = _standing(user)
    if not before["restrictions"]:
        raise DomainError("invalid_state", "This account has no active restriction.")
    _lift(user, now())
    entry = _audit(
        actor,
        "reinstate",
        target_user=user,
        ref=f"user:{user.pk}",
        reason=reason,
        before=before,
        after=_standing(user),
    )
    _tell(user, _("Your account is fully reinstated"), reason, ref=f"staff_action:{entry.pk}")
    return entry


def job_take_down(*, actor: User, job: Job, reason: str) -> StaffAction:
    """Remove a job through jobs' own staff service (applicants get their Connects back), then audit.

    `job_remove` is a durable use case of its own, so the audit row is written right after it commits.
    """
    _staff(actor)
    reason = _reason(reason)
    before = {"status": job.status}
    job = job_remove(actor=actor, job=job, note=reason)
    return _job_audit(actor, job, reason, before)


@transaction.atomic(durable=True)
def _job_audit(actor: User, job: Job, reason: str, before: dict[str, Any]) -> StaffAction:
    entry = _audit(
        actor,
        "remove_job",
        target_user=job.client,
        ref=f"job:{job.pk}",
        reason=reason,
        before=before,
        after={"status": job.status, "close_reason": job.close_reason},
    )
    _tell(
        job.client,
        format_lazy(_("Your job “{title}” was removed"), title=job.title),
        reason,
        ref=f"job:{job.pk}",
    )
    return entry


@transaction.atomic(durable=True)
def flag_dismiss(*, actor: User, flag: Flag, reason: str) -> StaffAction:
    """A false positive: the flag is dismissed and its strike removed."""
    _staff(actor)
    reason = _reason(reason)
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != FlagStatus.OPEN:
        raise DomainError("invalid_state", "This flag was already worked.")
    before = {"status": flag.status}
    flag.status = FlagStatus.DISMISSED
    flag.save(update_fields=["status"])
    Strike.objects.filter(flag=flag, voided_at__isnull=True).update(voided_at=now())
    return _audit(
        actor,
        "dismiss_flag",
        target_user=flag.user,
        ref=f"flag:{flag.pk}",
        reason=reason,
        before=before,
        after={"status": flag.status},
    )


@transaction.atomic(durable=True)
def message_hide(*, actor: User, message: Message, reason: str) -> StaffAction:
    """Hide a message from both members (messaging's own service writes the message); its open flags
    are actioned; the sender is told why in the app and by email; audited with before/after."""
    _staff(actor)
    reason = _reason(reason)
    before = {"hidden": message.hidden_at is not None, "body": message.body[:1000]}
    hidden = messaging_services.message_hide(actor=actor, message=message, reason=reason)
    flags = Flag.objects.filter(source=FlagSource.MESSAGE, object_id=hidden.pk, status=FlagStatus.OPEN)
    flags.update(status=FlagStatus.ACTIONED)
    entry = _audit(
        actor,
        "hide_message",
        target_user=hidden.sender,
        ref=f"message:{hidden.pk}",
        reason=reason,
        before=before,
        after={"hidden": True, "hidden_at": hidden.hidden_at.isoformat() if hidden.hidden_at else None},
    )
    _tell(
        hidden.sender,
        _("Hirehall staff removed one of your messages"),
        reason,
        ref=f"staff_action:{entry.pk}",
    )
    return entry


@transaction.atomic(durable=True)
def report_resolve(*, actor: User, report: Report, actioned: bool, outcome: str) -> Report:
    """Close a report; the reporter sees the outcome."""
    _staff(actor)
    outcome = _clean(outcome, "outcome", maximum=500)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.OPEN:
        raise DomainError("report_resolved")
    before = {"status": report.status}
    report.status = ReportStatus.ACTIONED if actioned else ReportStatus.DISMISSED
    report.outcome = outcome
    report.resolved_at = now()
    report.save(update_fields=["status", "outcome", "resolved_at"])
    _audit(
        actor,
        "resolve_report",
        target_user=report.target_user,
        ref=f"report:{report.pk}",
        reason=outcome,
        before=before,
        after={"status": report.status},
    )
    _tell(
        report.reporter,
        _("Your report was reviewed"),
        outcome,
        ref=f"report:{report.pk}",
        kind="report_outcome",
    )
    return report


@transaction.atomic(durable=True)
def appeal_answer(*, actor: User, appeal: Appeal, overturn: bool, answer: str) -> Appeal:
    """Staff answer an appeal: overturning lifts the restriction (or removes the strike)."""
    _staff(actor)
    answer = _clean(answer, "answer", maximum=1000)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.OPEN:
        raise DomainError("appeal_answered")
    user = appeal.user
    before = {"appeal": appeal.status, **_standing(user)}
    at = now()
    if overturn:
        if appeal.restriction_id:
            Restriction.objects.filter(pk=appeal.restriction_id, lifted_at__isnull=True).update(
                lifted_at=at, pending_review=False
            )
        if appeal.strike_id:
            Strike.objects.filter(pk=appeal.strike_id, voided_at__isnull=True).update(voided_at=at)
    elif appeal.restriction_id:
        Restriction.objects.filter(pk=appeal.restriction_id).update(pending_review=False)
    appeal.status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
    appeal.answer = answer
    appeal.answered_by = actor
    appeal.answered_at = at
    appeal.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    _audit(
        actor,
        "answer_appeal",
        target_user=user,
        ref=f"appeal:{appeal.pk}",
        reason=answer,
        before=before,
        after={"appeal": appeal.status, **_standing(user)},
    )
    title = _("Your appeal was accepted") if overturn else _("Your appeal was reviewed: the decision stands")
    _tell(user, title, answer, ref=f"appeal:{appeal.pk}")
    return appeal

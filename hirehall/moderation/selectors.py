"""Reads: a user's standing (strikes, restrictions, reports, appeals), the staff queue, report targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from hirehall.accounts.models import User
from hirehall.contracts import selectors as contract_selectors
from hirehall.core.clock import now
from hirehall.core.errors import DomainError
from hirehall.jobs import selectors as job_selectors
from hirehall.messaging import selectors as messaging_selectors
from hirehall.messaging.models import Membership, Message
from hirehall.moderation.models import (
    Appeal,
    AppealStatus,
    Flag,
    FlagSource,
    FlagStatus,
    Report,
    ReportStatus,
    ReportTarget,
    Restriction,
    RestrictionKind,
    StaffAction,
    Strike,
)
from hirehall.proposals import selectors as proposal_selectors

STRIKE_WINDOW = timedelta(days=30)


def share_contract(a_id: int | None, b_id: int | None) -> bool:
    """DESIGN §10's exemption (contracts owns it); no counterpart (a job post, a profile) never is."""
    if not a_id or not b_id or a_id == b_id:
        return False
    return contract_selectors.share_contract(a_id, [b_id])


def active_restrictions(user: User) -> QuerySet[Restriction]:
    at = now()
    return Restriction.objects.filter(user=user, lifted_at__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gt=at)
    )


def restriction_reason_for(user: Any, feature: str) -> str | None:
    """The checker moderation registers in core.restrictions (lower apps call it, never import us)."""
    if user is None or not getattr(user, "pk", None):
        return None
    for r in active_restrictions(user).order_by("pk"):
        if r.kind == RestrictionKind.SUSPEND or feature in r.features:
            return r.reason
    return None


def strikes_for(user: User) -> QuerySet[Strike]:
    return Strike.objects.filter(user=user).select_related("flag")


def recent_strike_count(user: User) -> int:
    return Strike.objects.filter(
        user=user, voided_at__isnull=True, created_at__gt=now() - STRIKE_WINDOW
    ).count()


def restrictions_for(user: User) -> QuerySet[Restriction]:
    return Restriction.objects.filter(user=user)


def restriction_get_for(user: User, restriction_id: int) -> Restriction:
    found = Restriction.objects.filter(user=user, pk=restriction_id).first()
    if found is None:
        raise DomainError("not_found")
    return found


def strike_get_for(user: User, strike_id: int) -> Strike:
    found = Strike.objects.filter(user=user, pk=strike_id).first()
    if found is None:
        raise DomainError("not_found")
    return found


# The staff actions a user reads on their standing page (a report's outcome is the reporter's, so
# `resolve_report` is not shown to the reported user).
DECISIONS_SHOWN = (
    "warn",
    "restrict",
    "suspend",
    "reinstate",
    "remove_job",
    "hide_message",
    "dismiss_flag",
    "answer_appeal",
)


def decisions_about(user: User) -> QuerySet[StaffAction]:
    """Staff decisions about the user, with the reason they were given, newest first."""
    return StaffAction.objects.filter(target_user=user, action__in=DECISIONS_SHOWN).order_by("-pk")


def reports_of(user: User) -> QuerySet[Report]:
    return Report.objects.filter(reporter=user)


def appeals_of(user: User) -> QuerySet[Appeal]:
    return Appeal.objects.filter(user=user)


def report_target_user(user: User, target_type: str, target_id: int) -> User:
    """Who a report is about; the target must be one the reporter can see (otherwise a 404)."""
    if target_type == ReportTarget.USER:
        target = User.objects.filter(pk=target_id, is_active=True).first()
        if target is None or target.pk == user.pk:
            raise DomainError("not_found")
        return target
    if target_type == ReportTarget.JOB:
        job = job_selectors.job_get_for(user, target_id)
        if job.client_id == user.pk:
            raise DomainError("not_found")
        return job.client
    if target_type == ReportTarget.PROPOSAL:
        proposal = proposal_selectors.proposal_get_for(user, target_id)
        if proposal.freelancer_id == user.pk:
            raise DomainError("not_found")
        return proposal.freelancer
    if target_type == ReportTarget.MESSAGE:
        message = Message.objects.select_related("sender").filter(pk=target_id).first()
        if message is None or message.sender_id == user.pk:
            raise DomainError("not_found")
        if not Membership.objects.filter(room_id=message.room_id, user_id=user.pk).exists():
            raise DomainError("not_found")  # only a member of the conversation can report it
        return message.sender
    raise DomainError("validation_error", "target_type must be user, job, proposal or message")


# --- staff ----------------------------------------------------------------------------------------------
def _staff(actor: User) -> None:
    if not actor.is_staff:
        raise DomainError("not_found")


@dataclass
class Queue:
    flags: list[Flag]
    reports: list[Report]
    strikes: list[Strike]
    appeals: list[Appeal]
    pending: list[Restriction]


QUEUE_SIZE = 50


def queue_for(actor: User) -> Queue:
    """What staff work: open flags (with the item's text), open reports, recent strikes, open appeals,
    restrictions pending review. A fixed number of queries whatever the sizes."""
    _staff(actor)
    return Queue(
        flags=list(
            Flag.objects.filter(status=FlagStatus.OPEN).select_related("user").order_by("-pk")[:QUEUE_SIZE]
        ),
        reports=list(
            Report.objects.filter(status=ReportStatus.OPEN)
            .select_related("reporter", "target_user")
            .order_by("-pk")[:QUEUE_SIZE]
        ),
        strikes=list(
            Strike.objects.filter(voided_at__isnull=True)
            .select_related("user", "flag")
            .order_by("-pk")[:QUEUE_SIZE]
        ),
        appeals=list(
            Appeal.objects.filter(status=AppealStatus.OPEN)
            .select_related("user", "restriction", "strike")
            .order_by("-pk")[:QUEUE_SIZE]
        ),
        pending=list(
            Restriction.objects.filter(pending_review=True, lifted_at__isnull=True)
            .select_related("user")
            .order_by("-pk")[:QUEUE_SIZE]
        ),
    )


def staff_user_get(actor: User, user_id: int) -> User:
    _staff(actor)
    found = User.objects.filter(pk=user_id).first()
    if found is None:
        raise DomainError("not_found")
    return found


def staff_report_get(actor: User, report_id: int) -> Report:
    _staff(actor)
    found = Report.objects.filter(pk=report_id).first()
    if found is None:
        raise DomainError("not_found")
    return found


def staff_appeal_get(actor: User, appeal_id: int) -> Appeal:
    _staff(actor)
    found = Appeal.objects.select_related("restriction", "strike").filter(pk=appeal_id).first()
    if found is None:
        raise DomainError("not_found")
    return found


def staff_flag_get(actor: User, flag_id: int) -> Flag:
    _staff(actor)
    found = Flag.objects.filter(pk=flag_id).first()
    if found is None:
        raise DomainError("not_found")
    return found


def staff_job_get(actor: User, job_id: int) -> Any:
    _staff(actor)
    from hirehall.jobs.models import Job

    found = Job.objects.filter(pk=job_id).first()
    if found is None:
        raise DomainError("not_found")
    return found


@dataclass
class MessageInContext:
    """A message as staff work it: the original text (hidden or not), its room and members, the
    messages around it, and the flags and reports about it."""

    message: Message
    room: Any
    members: list[Membership]
    thread: list[Message]
    flags: list[Flag]
    reports: list[Report]
    sender_restrictions: list[Restriction]


def staff_message_get(actor: User, message_id: int) -> Message:
    _staff(actor)
    found = Message.objects.select_related("sender", "room", "hidden_by").filter(pk=message_id).first()
    if found is None:
        raise DomainError("not_found")
    return found


def staff_message_context(actor: User, message_id: int) -> MessageInContext:
    """Staff read a flagged or reported message in its conversation (staff are not members: this is
    the staff console's own read, never the member's room). A fixed number of queries."""
    message = staff_message_get(actor, message_id)
    return MessageInContext(
        message=message,
        room=message.room,
        members=messaging_selectors.members_of(message.room),
        thread=messaging_selectors.messages_around(message),
        flags=list(Flag.objects.filter(source=FlagSource.MESSAGE, object_id=message.pk).order_by("-pk")),
        reports=list(
            Report.objects.filter(target_type=ReportTarget.MESSAGE, target_id=message.pk)
            .select_related("reporter")
            .order_by("-pk")
        ),
        sender_restrictions=list(active_restrictions(message.sender).order_by("-pk")),
    )


def audit_log(actor: User) -> QuerySet[StaffAction]:
    _staff(actor)
    return StaffAction.objects.select_related("actor", "target_user")


def restricted_since(user: Any, since: datetime) -> bool:
    """Whether any restriction or suspension was in force at some time since `since`."""
    return (
        Restriction.objects.filter(user_id=user.pk)
        .exclude(lifted_at__lt=since)
        .exclude(until__lt=since)
        .exists()
    )

"""Manual ledger adjustments with four eyes (issue 13): staff credit or debit a user's client wallet or
freelancer available balance, with a reason the user reads.

At or below `settings.HIREHALL_ADJUSTMENT_FOUR_EYES_CENTS` the requester's request applies it at once;
above it, the adjustment waits for a second, *different* staff member's approval (the service refuses
the requester, and a CHECK constraint refuses an approver equal to the requester). Any staff member
may refuse a waiting adjustment with a reason. Money moves only through the ledger operation
`adjustment_post`, under the key `adjustment:<id>`, so it moves exactly once: the adjustment row is
locked while it is decided, and a second approval finds it applied (`adjustment_decided`, 409).
Every step (request, approve, refuse, apply) writes one append-only `StaffAction`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hirehall.accounts.models import User
from hirehall.core.clock import now
from hirehall.core.errors import DomainError
from hirehall.core.money import format_cents
from hirehall.ledger import operations as money
from hirehall.ledger.limits import check_amount_max
from hirehall.ledger.models import Account
from hirehall.ledger.references import ids_after, register_describer
from hirehall.ledger.selectors import account_find
from hirehall.moderation.models import (
    AdjustmentAccount,
    AdjustmentDirection,
    AdjustmentStatus,
    LedgerAdjustment,
)
from hirehall.moderation.services import _audit, _clean, _invalid, _staff
from hirehall.notifications.services import notify

LEDGER_KIND = {
    AdjustmentAccount.WALLET: Account.Kind.CLIENT_WALLET,
    AdjustmentAccount.EARNINGS: Account.Kind.FREELANCER_EARNINGS,
}
MAX_KEY = 255


def four_eyes_threshold() -> int:
    """Cents at or below which one staff member's request applies an adjustment."""
    return int(settings.HIREHALL_ADJUSTMENT_FOUR_EYES_CENTS)


def available_cents(user: User, account: str) -> int:
    """What the user can spend or withdraw from this account now (0 before it exists)."""
    found = account_find(LEDGER_KIND[AdjustmentAccount(account)], owner=user)
    return found.available if found else 0


def _state(adjustment: LedgerAdjustment) -> dict[str, Any]:
    return {
        "status": adjustment.status,
        "account": adjustment.account,
        "available_cents": available_cents(adjustment.user, adjustment.account),
    }


def _ref(adjustment: LedgerAdjustment) -> str:
    return f"adjustment:{adjustment.pk}"


def _lock(adjustment: LedgerAdjustment) -> LedgerAdjustment:
    """The one row lock of a decision: two approvals (or an approval and a refusal) queue here."""
    return (
        LedgerAdjustment.objects.select_for_update(of=("self",)).select_related("user").get(pk=adjustment.pk)
    )


def _pending(adjustment: LedgerAdjustment) -> None:
    if adjustment.status != AdjustmentStatus.PENDING:
        raise DomainError(
            "adjustment_decided",
            _("This adjustment was already %(status)s.")
            % {"status": adjustment.get_status_display().lower()},
        )


@transaction.atomic(durable=True)
def adjustment_request(
    *,
    actor: User,
    user: User,
    account: str,
    direction: str,
    amount_cents: int,
    reason: str,
    key: str = "",
) -> LedgerAdjustment:
    """Request an adjustment. At or below the threshold it is applied in the same transaction (a debit
    larger than the available balance is refused with `insufficient_funds` and nothing is recorded);
    above it, it waits for a second staff member."""
    _staff(actor)
    if account not in AdjustmentAccount.values:
        raise _invalid("account must be wallet or earnings.")
    if direction not in AdjustmentDirection.values:
        raise _invalid("direction must be credit or debit.")
    if not isinstance(amount_cents, int) or isinstance(amount_cents, bool) or amount_cents <= 0:
        raise DomainError("amount_negative", "The amount must be more than 0.00.")
    check_amount_max(amount_cents)
    reason = _clean(reason, "reason", maximum=500)
    key = _clean(key, "key", maximum=MAX_KEY, required=False)
    if user.pk == actor.pk:
        raise DomainError("permission_denied", "Staff do not adjust their own balances.")
    if key and (earlier := LedgerAdjustment.objects.filter(requested_by=actor, request_key=key).first()):
        return _replay(earlier, user=user, account=account, direction=direction, amount_cents=amount_cents)
    needs_second = amount_cents > four_eyes_threshold()
    try:
        with transaction.atomic():
            adjustment = LedgerAdjustment.objects.create(
                user=user,
                account=account,
                direction=direction,
                amount_cents=amount_cents,
                reason=reason,
                needs_second_approval=needs_second,
                requested_by=actor,
                request_key=key,
                requested_at=now(),
            )
    except IntegrityError:  # the same key sent twice at once: the first request decided
        earlier = LedgerAdjustment.objects.get(requested_by=actor, request_key=key)
        return _replay(earlier, user=user, account=account, direction=direction, amount_cents=amount_cents)
    _audit(
        actor,
        "adjustment_request",
        target_user=user,
        ref=_ref(adjustment),
        reason=reason,
        before={},
        after={
            **_state(adjustment),
            "direction": direction,
            "amount_cents": amount_cents,
            "needs_second_approval": needs_second,
        },
    )
    if not needs_second:
        _apply(actor, adjustment)
    return adjustment


def _replay(
    earlier: LedgerAdjustment, *, user: User, account: str, direction: str, amount_cents: int
) -> LedgerAdjustment:
    same = (earlier.user_id, earlier.account, earlier.direction, earlier.amount_cents) == (
        user.pk,
        account,
        direction,
        amount_cents,
    )
    if not same:
        raise DomainError("idempotency_key_reused", "This key was already used for another adjustment.")
    return earlier


@transaction.atomic(durable=True)
def adjustment_approve(*, actor: User, adjustment: LedgerAdjustment) -> LedgerAdjustment:
    """The second pair of eyes: a staff member other than the requester applies a waiting adjustment."""
    _staff(actor)
    adjustment = _lock(adjustment)
    _pending(adjustment)
    if adjustment.requested_by_id == actor.pk:
        raise DomainError(
            "four_eyes_required", "A different staff member must approve an adjustment you requested."
        )
    if adjustment.user_id == actor.pk:
        raise DomainError("permission_denied", "Staff do not approve adjustments of their own balances.")
    before = _state(adjustment)
    adjustment.approved_by = actor
    adjustment.save(update_fields=["approved_by"])
    _audit(
        actor,
        "adjustment_approve",
        target_user=adjustment.user,
        ref=_ref(adjustment),
        reason=adjustment.reason,
        before=before,
        after={**before, "approved_by": actor.pk},
    )
    _apply(actor, adjustment)
    return adjustment


@transaction.atomic(durable=True)
def adjustment_refuse(*, actor: User, adjustment: LedgerAdjustment, reason: str) -> LedgerAdjustment:
    """Any staff member (the requester too) refuses a waiting adjustment; no money moves."""
    _staff(actor)
    reason = _clean(reason, "reason", maximum=1000)
    adjustment = _lock(adjustment)
    _pending(adjustment)
    before = _state(adjustment)
    adjustment.status = AdjustmentStatus.REFUSED
    adjustment.refused_by = actor
    adjustment.refusal_reason = reason
    adjustment.decided_at = now()
    adjustment.save(update_fields=["status", "refused_by", "refusal_reason", "decided_at"])
    _audit(
        actor,
        "adjustment_refuse",
        target_user=adjustment.user,
        ref=_ref(adjustment),
        reason=reason,
        before=before,
        after=_state(adjustment),
    )
    return adjustment


def _apply(actor: User, adjustment: LedgerAdjustment) -> None:
    """Move the money (inside the caller's durable transaction), record it, tell the user."""
    before = _state(adjustment)
    credit = adjustment.direction == AdjustmentDirection.CREDIT
    group = money.adjustment_post(
        actor=actor,
        user=adjustment.user,
        account_kind=LEDGER_KIND[AdjustmentAccount(adjustment.account)],
        credit=credit,
        amount_cents=adjustment.amount_cents,
        reference=_ref(adjustment),
        key=_ref(adjustment),
        description=adjustment.reason,
    )
    adjustment.status = AdjustmentStatus.APPLIED
    adjustment.transfer_group = group
    adjustment.decided_at = now()
    adjustment.save(update_fields=["status", "transfer_group", "decided_at"])
    _audit(
        actor,
        "adjustment_apply",
        target_user=adjustment.user,
        ref=_ref(adjustment),
        reason=adjustment.reason,
        before=before,
        after={**_state(adjustment), "transfer_group": group.pk},
    )
    amount = format_cents(adjustment.amount_cents)
    title = (
        _("Hirehall added %(amount)s to your balance") % {"amount": amount}
        if credit
        else _("Hirehall took %(amount)s from your balance") % {"amount": amount}
    )
    notify(
        user=adjustment.user,
        kind="ledger_adjustment",
        title=title,
        body=adjustment.reason,
        url=reverse("payments:transactions"),
        ref=_ref(adjustment),
        key=f"ledger_adjustment:{adjustment.pk}",
    )


# --- reads ---------------------------------------------------------------------------------------------
def adjustments_for_staff(actor: User) -> QuerySet[LedgerAdjustment]:
    _staff(actor)
    return LedgerAdjustment.objects.select_related("user", "requested_by", "approved_by", "refused_by")


def staff_adjustment_get(actor: User, adjustment_id: int) -> LedgerAdjustment:
    found = adjustments_for_staff(actor).filter(pk=adjustment_id).first()
    if found is None:
        raise DomainError("not_found")
    return found


def describe(references: list[str]) -> dict[str, str]:
    """What "adjustment:7" means in the user's transaction list: the reason staff wrote for them."""
    ids = ids_after("adjustment", references)
    rows = LedgerAdjustment.objects.filter(pk__in=ids).only("reason")
    return {ids[a.pk]: a.reason for a in rows}


def register() -> None:
    register_describer("adjustment", describe)

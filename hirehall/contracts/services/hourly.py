"""Hourly contracts (DESIGN §8): terms (limit, manual time, rate) and the Work Diary.

A segment is ten minutes aligned to the clock. The tracker sends its start, one screenshot, per-minute
keyboard and mouse counts and a memo; the same segment sent again is a no-op (same fingerprint).
The slot is UNIQUE per freelancer, so two contracts (or two racing requests) cannot both claim it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from hirehall.accounts.models import User
from hirehall.contracts.lock_objects import (
    contracts_qs_select_for_update,
    identity_verifications_qs_select_for_update,
    work_segments_qs_select_for_update,
)
from hirehall.contracts.models import (
    Contract,
    ContractKind,
    ContractStatus,
    IdentityVerification,
    SegmentKind,
    WorkSegment,
)
from hirehall.contracts.policy import invoice_at, next_monday, policy, week_start_of
from hirehall.contracts.services.common import event, lock_contract, require, require_kind, require_open, side
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError, NotFound
from hirehall.core.money import format_cents
from hirehall.core.uploads import delete_stored, store_image

MIN_RATE_CENTS = 3_00
MAX_RATE_CENTS = 999_00
MAX_LIMIT_HOURS = 80


# --- terms ---------------------------------------------------------------------------------------
def limit_for_week(contract: Contract, week_start: object) -> int:
    """The weekly limit in force for a week: a lowered limit waits for its Monday."""
    lowered = contract.next_limit_from is not None and contract.next_weekly_limit_hours is not None
    if lowered and week_start >= contract.next_limit_from:  # type: ignore[operator]
        return contract.next_weekly_limit_hours  # type: ignore[return-value]
    return contract.weekly_limit_hours or 0


@transaction.atomic(durable=True)
def contract_set_terms(
    *,
    actor: User,
    contract: Contract,
    weekly_limit_hours: int | None = None,
    manual_time_allowed: bool | None = None,
) -> Contract:
    """The client's settings. Raising the limit applies now; lowering it from next Monday."""
    contract = lock_contract(contract)
    require(actor, contract, "client")
    require_kind(contract, ContractKind.HOURLY)
    require_open(contract)
    if contract.limit_before_dispute is not None and weekly_limit_hours is not None:
        raise DomainError("invalid_state", "The limit is 0 while a dispute is open.")
    fields: list[str] = []
    if weekly_limit_hours is not None:
        if not 0 <= weekly_limit_hours <= MAX_LIMIT_HOURS:
            raise DomainError("validation_error", f"A weekly limit is 0 to {MAX_LIMIT_HOURS} hours.")
        current = contract.weekly_limit_hours or 0
        if weekly_limit_hours >= current:
            contract.weekly_limit_hours = weekly_limit_hours
            contract.next_weekly_limit_hours = None
            contract.next_limit_from = None
            text = f"Weekly limit raised to {weekly_limit_hours} h, from now"
        else:
            contract.next_weekly_limit_hours = weekly_limit_hours
            contract.next_limit_from = next_monday(clock_now())
            text = f"Weekly limit lowered to {weekly_limit_hours} h from {contract.next_limit_from:%Y-%m-%d}"
        fields += ["weekly_limit_hours", "next_weekly_limit_hours", "next_limit_from"]
        event(contract, "limit_changed", text, actor=actor)
    if manual_time_allowed is not None and manual_time_allowed != contract.manual_time_allowed:
        contract.manual_time_allowed = manual_time_allowed
        fields.append("manual_time_allowed")
        event(
            contract,
            "manual_time",
            f"Manual time {'allowed' if manual_time_allowed else 'not allowed'}",
            actor=actor,
        )
    if fields:
        contract.save(update_fields=fields)
    return contract


@transaction.atomic(durable=True)
def contract_weekly_limit_apply(*, contract_id: int, now: datetime) -> bool:
    """Sweep step: a lowered limit becomes the limit once its Monday has come."""
    contract = (
        contracts_qs_select_for_update(skip_locked=True)
        .filter(pk=contract_id, next_limit_from__lte=now.date(), next_weekly_limit_hours__isnull=False)
        .first()
    )
    if contract is None:
        return False
    contract.weekly_limit_hours = contract.next_weekly_limit_hours
    contract.next_weekly_limit_hours = None
    contract.next_limit_from = None
    contract.save(update_fields=["weekly_limit_hours", "next_weekly_limit_hours", "next_limit_from"])
    return True


@transaction.atomic(durable=True)
def contract_set_rate(*, actor: User, contract: Contract, hourly_rate_cents: int) -> Contract:
    """Only the client raises the rate, only the freelancer lowers it. It applies to the week being
    worked (invoiced at the new rate next Monday)."""
    contract = lock_contract(contract)
    who = side(actor, contract)
    require_kind(contract, ContractKind.HOURLY)
    require_open(contract)
    if not MIN_RATE_CENTS <= hourly_rate_cents <= MAX_RATE_CENTS:
        raise DomainError("validation_error", "Hourly rates are $3.00 to $999.00.")
    current = contract.hourly_rate_cents or 0
    if hourly_rate_cents == current:
        return contract
    if hourly_rate_cents > current and who != "client":
        raise DomainError("permission_denied", "Only the client can raise the rate.")
    if hourly_rate_cents < current and who != "freelancer":
        raise DomainError("permission_denied", "Only the freelancer can lower the rate.")
    contract.hourly_rate_cents = hourly_rate_cents
    contract.save(update_fields=["hourly_rate_cents"])
    event(
        contract,
        "rate_changed",
        f"Rate changed from {format_cents(current)}/hr to {format_cents(hourly_rate_cents)}/hr",
        actor=actor,
    )
    return contract


@transaction.atomic(durable=True)
def identity_set_verified(*, actor: User, user: User, verified: bool, note: str = "") -> IdentityVerification:
    """Staff only: a freelancer's identity is a condition of hourly protection."""
    if not actor.is_staff:
        raise DomainError("permission_denied", "Staff verify identities.")
    row, _ = identity_verifications_qs_select_for_update().get_or_create(user=user)
    row.identity_verified = verified
    row.verified_by = actor if verified else None
    row.verified_at = clock_now() if verified else None
    row.note = note.strip()[:300]
    row.save(update_fields=["identity_verified", "verified_by", "verified_at", "note"])
    return row


# --- the Work Diary ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SegmentInput:
    start: datetime
    memo: str = ""
    keyboard: tuple[int, ...] = ()
    mouse: tuple[int, ...] = ()
    screenshot_b64: str = ""
    screenshot_at: datetime | None = None


def _aligned(start: datetime) -> None:
    step = policy().segment_minutes
    if start.minute % step or start.second or start.microsecond:
        raise DomainError(
            "segment_not_aligned", f"A segment starts on a {step}-minute boundary (:00, :10, …)."
        )


def _check_window(contract: Contract, start: datetime, now: datetime) -> None:
    """The slot must lie in the contract's life, be over, and its week not yet closed."""
    step = timedelta(minutes=policy().segment_minutes)
    begins = contract.started_at.replace(second=0, microsecond=0)
    begins -= timedelta(minutes=begins.minute % policy().segment_minutes)
    if start < begins or start + step > now:
        raise DomainError(
            "segment_outside_contract",
            "That time is outside the contract (before it started, or not over yet).",
        )
    if contract.ended_at is not None and start >= contract.ended_at:
        raise DomainError("segment_outside_contract", "That time is after the contract ended.")
    if now >= invoice_at(week_start_of(start)):
        raise DomainError("week_invoiced", "That week was invoiced (edits close Monday 11:59 UTC).")


def _check_open_for_time(contract: Contract, actor: User) -> None:
    require(actor, contract, "freelancer")
    require_kind(contract, ContractKind.HOURLY)
    if contract.status == ContractStatus.PAUSED:
        raise DomainError("contract_paused", "The contract is paused: time cannot be logged.")


def _counts(values: tuple[int, ...], what: str) -> list[int]:
    step = policy().segment_minutes
    if len(values) != step:
        raise DomainError("validation_error", f"{what} needs one count per minute ({step} values).")
    top = policy().max_counts_per_minute
    if any((not isinstance(v, int)) or v < 0 or v > top for v in values):
        raise DomainError("segment_too_large", f"{what} counts are 0 to {top} per minute.")
    return list(values)


def _decode_screenshot(data: str) -> bytes:
    cap = policy().max_screenshot_bytes
    if len(data) > cap * 4 // 3 + 8:
        raise DomainError("segment_too_large", f"Screenshots up to {cap // 1024} KB.")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError("validation_error", "screenshot must be base64.") from None
    if len(raw) > cap:
        raise DomainError("segment_too_large", f"Screenshots up to {cap // 1024} KB.")
    return raw


def segment_record(*, actor: User, contract: Contract, data: SegmentInput) -> tuple[WorkSegment, bool]:
    """Record one tracked segment. Returns (segment, created); a resend of the same data is (it, False)."""
    _aligned(data.start)
    if len(data.memo) > policy().max_memo_chars:
        raise DomainError("segment_too_large", f"Memos up to {policy().max_memo_chars} characters.")
    keyboard = _counts(data.keyboard, "keyboard")
    mouse = _counts(data.mouse, "mouse")
    raw = _decode_screenshot(data.screenshot_b64) if data.screenshot_b64 else b""
    fingerprint = hashlib.sha256(
        json.dumps(
            [contract.pk, data.start.isoformat(), data.memo, keyboard, mouse, hashlib.sha256(raw).hexdigest()]
        ).encode()
    ).hexdigest()
    existing = WorkSegment.objects.filter(freelancer=actor, start=data.start).first()
    if existing is not None:
        return _replay(existing, contract, fingerprint)
    _check_open_for_time(contract, actor)
    now = clock_now()
    _check_window(contract, data.start, now)
    path = ""
    if raw:
        # No thumbnail: the grid shows the re-encoded shot scaled by the browser.
        stored = store_image(SimpleUploadedFile("shot", raw), folder=f"diary/{contract.pk}", thumbnail=False)
        path = stored.path
    try:
        with transaction.atomic(durable=True):
            locked = lock_contract(contract)
            _check_open_for_time(locked, actor)
            segment = WorkSegment.objects.create(
                contract=locked,
                freelancer=actor,
                start=data.start,
                week_start=week_start_of(data.start),
                kind=SegmentKind.TRACKED,
                memo=data.memo.strip(),
                screenshot=path,
                screenshot_at=data.screenshot_at if raw else None,
                keyboard=keyboard,
                mouse=mouse,
                active_minutes=sum(1 for k, m in zip(keyboard, mouse, strict=True) if k or m),
                fingerprint=fingerprint,
                created_at=now,
            )
    except IntegrityError:
        delete_stored(path)
        # The slot was taken concurrently: the same segment (a retry) or an overlap.
        existing = WorkSegment.objects.filter(freelancer=actor, start=data.start).first()
        if existing is None:
            raise
        return _replay(existing, contract, fingerprint)
    except Exception:
        delete_stored(path)
        raise
    return segment, True


def _replay(existing: WorkSegment, contract: Contract, fingerprint: str) -> tuple[WorkSegment, bool]:
    if existing.contract_id == contract.pk and existing.fingerprint == fingerprint:
        return existing, False
    raise DomainError(
        "segment_overlap",
        f"Time from {existing.start:%Y-%m-%d %H:%M} UTC is already recorded.",
        segment_id=str(existing.pk),
    )


@transaction.atomic(durable=True)
def manual_time_add(
    *, actor: User, contract: Contract, start: datetime, end: datetime, memo: str
) -> list[WorkSegment]:
    """Manual time, when the contract allows it: whole 10-minute slots, never protected."""
    contract = lock_contract(contract)
    _check_open_for_time(contract, actor)
    if not contract.manual_time_allowed:
        raise DomainError(
            "manual_time_not_allowed", "The client does not allow manual time on this contract."
        )
    _aligned(start)
    _aligned(end)
    step = timedelta(minutes=policy().segment_minutes)
    if end <= start:
        raise DomainError("validation_error", "The end must be after the start.")
    if end - start > timedelta(hours=policy().max_manual_hours):
        raise DomainError("segment_too_large", f"At most {policy().max_manual_hours} hours per entry.")
    memo = memo.strip()
    if not memo or len(memo) > policy().max_memo_chars:
        raise DomainError("validation_error", "Manual time needs a memo (up to 300 characters).")
    now = clock_now()
    slots = []
    slot = start
    while slot < end:
        _check_window(contract, slot, now)
        slots.append(slot)
        slot += step
    taken = WorkSegment.objects.filter(freelancer=actor, start__in=slots).order_by("start").first()
    if taken is not None:
        raise DomainError(
            "segment_overlap",
            f"Time from {taken.start:%Y-%m-%d %H:%M} UTC is already recorded.",
            segment_id=str(taken.pk),
        )
    segments = [
        WorkSegment(
            contract=contract,
            freelancer=actor,
            start=s,
            week_start=week_start_of(s),
            kind=SegmentKind.MANUAL,
            memo=memo,
            fingerprint=hashlib.sha256(f"manual:{contract.pk}:{s.isoformat()}".encode()).hexdigest(),
            created_at=now,
        )
        for s in slots
    ]
    try:
        with transaction.atomic():
            WorkSegment.objects.bulk_create(segments)
    except IntegrityError:
        raise DomainError("segment_overlap", "Some of that time was recorded meanwhile.") from None
    event(
        contract,
        "manual_time",
        f"Manual time added: {len(slots) * policy().segment_minutes} "
        f"min, {start:%Y-%m-%d %H:%M}–{end:%H:%M} UTC",
        actor=actor,
    )
    return list(WorkSegment.objects.filter(freelancer=actor, start__in=slots).order_by("start"))


@transaction.atomic(durable=True)
def segment_delete(*, actor: User, contract: Contract, segment_id: int) -> None:
    """The freelancer removes a segment (and its screenshot) until the week is invoiced."""
    contract = lock_contract(contract)
    require(actor, contract, "freelancer")
    segment = work_segments_qs_select_for_update().filter(pk=segment_id, contract=contract).first()
    if segment is None:
        raise NotFound("No such segment.")
    if segment.invoice_id is not None or clock_now() >= invoice_at(segment.week_start):
        raise DomainError("week_invoiced", "That week was invoiced: its time can no longer be deleted.")
    path = segment.screenshot
    segment.delete()
    if path:
        transaction.on_commit(lambda: delete_stored(path))

"""The fee engine: pure integer arithmetic over a FeeSchedule row (DESIGN §5).

Lives in `ledger` because escrow release needs it inside the same transaction that moves the money,
and `ledger` must not depend on `payments`. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.ledger.models import BillingRelationship, FeeSchedule

BPS = 10_000


@dataclass(frozen=True)
class Tier:
    up_to_cents: int | None  # None: no upper bound
    rate_bps: int


@dataclass(frozen=True)
class Schedule:
    version: int
    marketplace_fee_bps: int
    bank_withdrawal_fee_cents: int
    instant_withdrawal_fee_cents: int
    security_hold_days: int
    tiers: tuple[Tier, ...]


# Fee schedule v1 (DESIGN §5): the rows migration 0002 seeds. Used as is only when no schedule row
# exists at all (a test database whose tables were truncated), so a payment never fails for lack of one.
DEFAULT_SCHEDULE = Schedule(
    version=1,
    marketplace_fee_bps=500,
    bank_withdrawal_fee_cents=99,
    instant_withdrawal_fee_cents=200,
    security_hold_days=5,
    tiers=(Tier(500_00, 2000), Tier(10_000_00, 1000), Tier(None, 500)),
)
DEFAULT_EFFECTIVE_FROM = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeeQuote:
    amount: int
    prior_billings: int
    service_fee: int
    freelancer_net: int
    marketplace_fee: int
    client_total: int
    schedule_version: int


def _round_half_up_div(numerator: int, denominator: int) -> int:
    # Non-negative inputs only (fees are never negative): floor((n + d/2) / d) is half-up.
    return (2 * numerator + denominator) // (2 * denominator)


def service_fee_cents(amount: int, prior_billings: int, tiers: tuple[Tier, ...]) -> int:
    """Fee on a payment of `amount` after `prior_billings` with the same client.

    The payment is split across the tiers it crosses; the exact fee (in cent-basis-points) is summed
    and rounded half-up once, so a payment never pays rounding twice.
    """
    if amount < 0 or prior_billings < 0:
        raise DomainError("validation_error", "amounts must not be negative")
    start, end = prior_billings, prior_billings + amount
    lower = 0
    exact = 0
    for tier in tiers:
        upper = tier.up_to_cents
        lo = max(start, lower)
        hi = end if upper is None else min(end, upper)
        if hi > lo:
            exact += (hi - lo) * tier.rate_bps
        if upper is None or end <= upper:
            break
        lower = upper
    return _round_half_up_div(exact, BPS)


def marketplace_fee_cents(amount: int, schedule: Schedule) -> int:
    return _round_half_up_div(amount * schedule.marketplace_fee_bps, BPS)


def _to_schedule(row: FeeSchedule) -> Schedule:
    tiers = tuple(
        Tier(t.up_to_cents, t.rate_bps)
        for t in sorted(row.tiers.all(), key=lambda t: (t.up_to_cents is None, t.up_to_cents or 0))
    )
    if not tiers or tiers[-1].up_to_cents is not None:
        raise DomainError("internal_error", f"fee schedule v{row.version} has no open-ended top tier")
    return Schedule(
        version=row.version,
        marketplace_fee_bps=row.marketplace_fee_bps,
        bank_withdrawal_fee_cents=row.bank_withdrawal_fee_cents,
        instant_withdrawal_fee_cents=row.instant_withdrawal_fee_cents,
        security_hold_days=row.security_hold_days,
        tiers=tiers,
    )


def schedule_in_force(*, at: datetime | None = None, version: int | None = None) -> Schedule:
    """The schedule a payment uses: a pinned `version` (a contract's), else the one effective `at`."""
    qs = FeeSchedule.objects.prefetch_related("tiers")
    if version is not None:
        row = qs.filter(version=version).first()
    else:
        row = qs.filter(effective_from__lte=at or clock_now()).order_by("-effective_from", "-version").first()
    if row is None:
        if version in (None, 1) and not FeeSchedule.objects.exists():
            return DEFAULT_SCHEDULE
        raise DomainError("internal_error", "no fee schedule in force")
    return _to_schedule(row)


def lifetime_billings(*, client_id: int, freelancer_id: int) -> int:
    row = BillingRelationship.objects.filter(client_id=client_id, freelancer_id=freelancer_id).first()
    return row.billed_cents if row else 0


def quote(*, amount: int, prior_billings: int, schedule: Schedule) -> FeeQuote:
    if amount <= 0:
        raise DomainError("validation_error", "amount must be greater than 0")
    service = service_fee_cents(amount, prior_billings, schedule.tiers)
    market = marketplace_fee_cents(amount, schedule)
    return FeeQuote(
        amount=amount,
        prior_billings=prior_billings,
        service_fee=service,
        freelancer_net=amount - service,
        marketplace_fee=market,
        client_total=amount + market,
        schedule_version=schedule.version,
    )


def withdrawal_fee_cents(rail: str, schedule: Schedule) -> int:
    fees = {"bank": schedule.bank_withdrawal_fee_cents, "instant": schedule.instant_withdrawal_fee_cents}
    if rail not in fees:
        raise DomainError("validation_error", f"rail must be one of {sorted(fees)}")
    return fees[rail]

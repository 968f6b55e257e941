from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hirehall.ledger import fees
from hirehall.ledger.fees import Tier, service_fee_cents

TIERS = (Tier(500_00, 2000), Tier(10_000_00, 1000), Tier(None, 500))


def test_design_example_first_600_payment():
    # DESIGN §5: 20% × 500 + 10% × 100 = $110 fee, $490 net.
    assert service_fee_cents(600_00, 0, TIERS) == 110_00
    assert 600_00 - service_fee_cents(600_00, 0, TIERS) == 490_00


def test_design_rounding_check_in_the_10_percent_tier():
    # 12 h × $22.22 = $266.64 → fee $26.66 (26.664 rounds down), net $239.98.
    amount = 12 * 22_22
    assert amount == 266_64
    assert service_fee_cents(amount, 1_000_00, TIERS) == 26_66
    assert amount - service_fee_cents(amount, 1_000_00, TIERS) == 239_98


def test_half_up_rounding_at_exactly_half_a_cent():
    # 10% of $0.05 is 0.5 cent: half-up gives 1 cent (banker's rounding would give 0).
    assert service_fee_cents(5, 1_000_00, TIERS) == 1
    # 20% of $0.02 = 0.4 cent → 0; 20% of $0.03 = 0.6 cent → 1.
    assert service_fee_cents(2, 0, TIERS) == 0
    assert service_fee_cents(3, 0, TIERS) == 1


def test_rounded_once_per_payment_not_per_tier():
    # Crossing $500 with 20% of $0.03 (0.6) + 10% of $0.05 (0.5): per-tier rounding would give 2 cents,
    # rounding the exact total (1.1 cents) once gives 1.
    assert service_fee_cents(8, 500_00 - 3, TIERS) == 1


def test_payment_crossing_all_three_tiers():
    # $20,000 with a new client: 20% × 500 + 10% × 9,500 + 5% × 10,000 = 100 + 950 + 500 = $1,550.
    assert service_fee_cents(20_000_00, 0, TIERS) == 1_550_00


def test_payment_crossing_the_upper_tier_only():
    # Prior $9,900; $200 payment: 10% × 100 + 5% × 100 = $15.
    assert service_fee_cents(200_00, 9_900_00, TIERS) == 15_00


def test_prior_billings_beyond_all_caps():
    assert service_fee_cents(100_00, 50_000_00, TIERS) == 5_00


@given(
    amount=st.integers(min_value=1, max_value=10**9),
    prior=st.integers(min_value=0, max_value=10**9),
    split=st.integers(min_value=1, max_value=10**9),
)
def test_split_payments_never_pay_more_than_one_cent_of_rounding_each(amount, prior, split):
    split = min(split, amount)
    whole = service_fee_cents(amount, prior, TIERS)
    parts = service_fee_cents(split, prior, TIERS) + service_fee_cents(amount - split, prior + split, TIERS)
    assert abs(whole - parts) <= 1
    assert 0 <= whole <= amount


@pytest.mark.django_db
def test_seeded_schedule_is_design_defaults():
    schedule = fees.schedule_in_force()
    assert schedule.tiers == TIERS
    assert schedule.marketplace_fee_bps == 500
    assert fees.withdrawal_fee_cents("bank", schedule) == 99
    assert fees.withdrawal_fee_cents("instant", schedule) == 200
    quote = fees.quote(amount=600_00, prior_billings=0, schedule=schedule)
    assert (quote.service_fee, quote.freelancer_net, quote.marketplace_fee, quote.client_total) == (
        110_00,
        490_00,
        30_00,
        630_00,
    )


@pytest.mark.django_db
def test_a_later_version_applies_from_its_effective_date_and_pinned_versions_stay():
    from datetime import UTC, datetime

    from hirehall.ledger.models import FeeSchedule, FeeTier

    v2 = FeeSchedule.objects.create(
        version=2,
        effective_from=datetime(2030, 1, 1, tzinfo=UTC),
        marketplace_fee_bps=300,
        bank_withdrawal_fee_cents=50,
        instant_withdrawal_fee_cents=100,
        security_hold_days=3,
    )
    FeeTier.objects.create(schedule=v2, up_to_cents=None, rate_bps=1000)
    assert fees.schedule_in_force(at=datetime(2029, 12, 31, tzinfo=UTC)).version == 1
    assert fees.schedule_in_force(at=datetime(2030, 1, 1, tzinfo=UTC)).version == 2
    assert fees.schedule_in_force(at=datetime(2031, 1, 1, tzinfo=UTC), version=1).marketplace_fee_bps == 500


@pytest.mark.django_db
def test_default_schedule_is_recreated_only_when_none_exists():
    from hirehall.ledger.models import FeeSchedule
    from hirehall.ledger.services import fee_schedule_ensure_default

    fee_schedule_ensure_default()
    assert FeeSchedule.objects.count() == 1
    FeeSchedule.objects.all().delete()
    assert fees.schedule_in_force().tiers == TIERS  # the in-code v1 while the table is empty
    fee_schedule_ensure_default()
    assert FeeSchedule.objects.count() == 1
    assert fees.schedule_in_force().tiers == TIERS

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from hirehall.connects.models import ConnectsAccount, ConnectsEntry, ConnectsLot, Plan
from hirehall.connects.selectors import connects_balance, connects_expiring
from hirehall.connects.services import (
    connects_grant,
    connects_plus_cancel,
    connects_plus_subscribe,
    connects_purchase,
    connects_spend,
)
from hirehall.core.errors import DomainError
from hirehall.core.sweeps_registry import run_sweeps
from hirehall.ledger.tests.helpers import assert_ledger_ok, fund_wallet, wallet_available

pytestmark = pytest.mark.django_db
START = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def sweep() -> None:
    results = run_sweeps(timezone.now())
    assert all(r.error is None for r in results), results


def test_signup_grant_once_when_freelancer_role_taken(user_factory) -> None:
    client_only = user_factory(freelancer=False)
    assert connects_balance(client_only) == 0
    client_only.is_freelancer = True
    client_only.save(update_fields=["is_freelancer"])
    client_only.save()
    assert connects_balance(client_only) == 40
    assert ConnectsLot.objects.filter(user=client_only, source="signup").count() == 1


def test_fifo_spending_and_expiry(user_factory) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        freelancer = user_factory()  # 40 issued on START
        traveller.move_to(START + timedelta(days=100))
        later = connects_grant(user=freelancer, amount=20, source="purchase", key="t:later")
        connects_spend(user=freelancer, amount=45, key="t:spend", reference="proposal:1")
        first = ConnectsLot.objects.get(user=freelancer, source="signup")
        later.refresh_from_db()
        assert (first.remaining, later.remaining) == (0, 15)  # oldest lot emptied first

        # Upcoming expiries: only lots with Connects left, within 30 days.
        traveller.move_to(START + timedelta(days=100 + 340))
        assert [lot.pk for lot in connects_expiring(freelancer)] == [later.pk]

        traveller.move_to(START + timedelta(days=100 + 365))
        assert connects_balance(freelancer) == 0  # expired lots never count, swept or not
        with pytest.raises(DomainError) as exc:
            connects_spend(user=freelancer, amount=1, key="t:spend2", reference="proposal:2")
        assert exc.value.code == "insufficient_connects"
        sweep()
        sweep()
        entry = ConnectsEntry.objects.get(user=freelancer, kind="expire", reference=f"lot:{later.pk}")
        assert entry.delta == -15
        later.refresh_from_db()
        assert later.remaining == 0 and later.expired_at is not None


def test_spend_is_refused_whole_and_replays(user_factory) -> None:
    freelancer = user_factory()
    with pytest.raises(DomainError):
        connects_spend(user=freelancer, amount=41, key="k1", reference="proposal:1")
    assert connects_balance(freelancer) == 40
    connects_spend(user=freelancer, amount=10, key="k2", reference="proposal:1")
    connects_spend(user=freelancer, amount=10, key="k2", reference="proposal:1")
    assert connects_balance(freelancer) == 30


def test_lot_balance_cannot_go_negative(user_factory) -> None:
    freelancer = user_factory()
    lot = ConnectsLot.objects.get(user=freelancer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConnectsLot.objects.filter(pk=lot.pk).update(remaining=-1)


def test_monthly_grant_on_billing_day(user_factory) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        freelancer = user_factory()
        account = ConnectsAccount.objects.get(user=freelancer)
        assert account.billing_day == 10
        traveller.move_to(START + timedelta(days=30))
        sweep()
        assert connects_balance(freelancer) == 40
        traveller.move_to(datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
        sweep()
        sweep()
        assert connects_balance(freelancer) == 50


def test_purchase_bundle_from_wallet(user_factory) -> None:
    freelancer = user_factory()
    with pytest.raises(DomainError) as exc:
        connects_purchase(actor=freelancer, quantity=10, key="p1")
    assert exc.value.code == "insufficient_funds"
    with pytest.raises(DomainError) as exc:
        connects_purchase(actor=freelancer, quantity=15, key="p2")
    assert exc.value.code == "invalid_bundle"
    fund_wallet(freelancer, 10_00)
    connects_purchase(actor=freelancer, quantity=40, key="p3")
    connects_purchase(actor=freelancer, quantity=40, key="p3")  # replay: charged once
    assert connects_balance(freelancer) == 80
    assert wallet_available(freelancer) == 10_00 - 6_00
    assert_ledger_ok()


def test_freelancer_plus_subscribe_renew_cancel(user_factory) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        freelancer = user_factory()
        fund_wallet(freelancer, 20_00)
        connects_plus_subscribe(actor=freelancer)
        assert connects_balance(freelancer) == 120
        assert wallet_available(freelancer) == 20_00 - 14_99
        traveller.move_to(datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
        sweep()  # renewal: the wallet has $5.01, cannot pay → Basic, 10 Connects
        account = ConnectsAccount.objects.get(user=freelancer)
        assert account.plan == Plan.BASIC
        assert connects_balance(freelancer) == 130
        fund_wallet(freelancer, 30_00)
        connects_plus_subscribe(actor=freelancer)
        traveller.move_to(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
        sweep()
        assert ConnectsAccount.objects.get(user=freelancer).plan == Plan.PLUS
        assert connects_balance(freelancer) == 130 + 80 + 80
        connects_plus_cancel(actor=freelancer)
        traveller.move_to(datetime(2026, 4, 10, 9, 0, tzinfo=UTC))
        sweep()
        assert ConnectsAccount.objects.get(user=freelancer).plan == Plan.BASIC
        assert connects_balance(freelancer) == 130 + 80 + 80 + 10
        assert_ledger_ok()


def test_refunds_go_back_to_the_lots_they_came_from(user_factory) -> None:
    from hirehall.connects.services import connects_refund
    from hirehall.connects.verify import verify_connects

    with time_machine.travel(START, tick=False) as traveller:
        freelancer = user_factory()  # 40 on START
        traveller.move_to(START + timedelta(days=10))
        later = connects_grant(user=freelancer, amount=20, source="purchase", key="t:buy")
        connects_spend(user=freelancer, amount=50, key="t:s", reference="proposal:9")  # 40 + 10
        connects_refund(user=freelancer, amount=15, key="t:r1", reference="proposal:9", description="x")
        connects_refund(user=freelancer, amount=15, key="t:r1", reference="proposal:9", description="x")
        signup = ConnectsLot.objects.get(user=freelancer, source="signup")
        later.refresh_from_db()
        # The lot spent last (the later one) gets its 10 back first, then the sign-up lot 5.
        assert (signup.remaining, later.remaining) == (5, 20)
        connects_refund(user=freelancer, amount=100, key="t:r2", reference="proposal:9", description="x")
        signup.refresh_from_db()
        assert signup.remaining == 40  # never more than was spent for the reference
        assert connects_balance(freelancer) == 60
        assert verify_connects() == []

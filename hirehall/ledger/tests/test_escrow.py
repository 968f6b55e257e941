from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from hirehall.core.errors import DomainError
from hirehall.core.testing import make_user
from hirehall.ledger import operations as ops
from hirehall.ledger.models import Account, Transfer
from hirehall.ledger.selectors import balances_for, escrow_state
from hirehall.ledger.sweeps import release_security_holds
from hirehall.ledger.tests.helpers import assert_ledger_ok, fund_wallet, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    client, freelancer = make_user(), make_user()
    fund_wallet(client, 2_000_00)
    return client, freelancer


def revenue() -> int:
    acct = Account.objects.filter(kind=Account.Kind.PLATFORM_REVENUE).first()
    return acct.balance if acct else 0


def test_fund_reserves_amount_and_marketplace_fee(pair):
    client, freelancer = pair
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:1", amount_cents=600_00, key="f1")
    b = balances_for(client)
    assert (b.wallet_balance, b.wallet_in_escrow, b.wallet_available) == (2_000_00, 630_00, 1_370_00)
    state = escrow_state("milestone:1")
    assert (state.held, state.marketplace_fee_held, state.payee_id) == (600_00, 30_00, freelancer.pk)
    assert_ledger_ok()


def test_full_release_pays_net_pending_and_fees_to_revenue(pair):
    client, freelancer = pair
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:1", amount_cents=600_00, key="f1")
    with time_machine.travel(datetime(2024, 3, 4, 9, 0, tzinfo=UTC), tick=False):  # a Monday
        ops.escrow_release(actor=client, reference="milestone:1", key="r1")
    fb, cb = balances_for(freelancer), balances_for(client)
    assert (fb.earnings_pending, fb.earnings_available) == (490_00, 0)
    assert (cb.wallet_balance, cb.wallet_in_escrow) == (1_370_00, 0)
    assert revenue() == 110_00 + 30_00
    earning = Transfer.objects.get(code=Transfer.Code.EARNING)
    # DESIGN §6: a payment processed Monday is available Saturday (5 days).
    assert earning.hold_until == datetime(2024, 3, 9, 9, 0, tzinfo=UTC)
    assert_ledger_ok()


def test_partial_release_returns_the_rest_with_its_share_of_the_fee(pair):
    client, freelancer = pair
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:2", amount_cents=1_000_00, key="f")
    ops.escrow_release(actor=client, reference="milestone:2", key="r", amount_cents=400_00)
    # Client paid 400 + 5% (20); 600 + 30 came back.
    assert balances_for(client).wallet_available == 2_000_00 - 420_00
    assert balances_for(freelancer).earnings_pending == 400_00 - 80_00
    assert revenue() == 80_00 + 20_00
    assert escrow_state("milestone:2").held == 0
    assert_ledger_ok()


def test_refund_returns_everything_including_the_fee(pair):
    client, freelancer = pair
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:3", amount_cents=300_00, key="f")
    ops.escrow_refund(actor=client, reference="milestone:3", key="x")
    assert balances_for(client).wallet_available == 2_000_00
    assert balances_for(freelancer).earnings_pending == 0
    assert revenue() == 0
    assert_ledger_ok()


def test_double_release_and_release_after_refund_change_nothing(pair):
    client, freelancer = pair
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:4", amount_cents=300_00, key="f")
    ops.escrow_release(actor=client, reference="milestone:4", key="r1")
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        ops.escrow_release(actor=client, reference="milestone:4", key="r2")
    assert exc.value.code == "escrow_not_funded"
    with pytest.raises(DomainError):
        ops.escrow_refund(actor=client, reference="milestone:4", key="x")
    assert snapshot() == before
    assert_ledger_ok()


def test_resolving_a_resolved_hold_is_refused_by_the_service(pair):
    from hirehall.ledger.services import Resolve, transfer_group_execute

    client, freelancer = pair
    group = ops.escrow_fund(
        actor=client, payee=freelancer, reference="milestone:5", amount_cents=100_00, key="f"
    )
    hold = group.transfers.get(code=Transfer.Code.ESCROW_HOLD)
    ops.escrow_refund(actor=client, reference="milestone:5", key="x")
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        transfer_group_execute(
            actor=None, key="again", kind="escrow_refund", resolves=[Resolve(hold.pk, None)]
        )
    assert exc.value.code == "already_resolved"
    assert snapshot() == before


def test_same_key_replays_without_moving_money(pair):
    client, freelancer = pair
    g1 = ops.escrow_fund(
        actor=client, payee=freelancer, reference="milestone:6", amount_cents=100_00, key="same"
    )
    before = snapshot()
    g2 = ops.escrow_fund(
        actor=client, payee=freelancer, reference="milestone:6", amount_cents=100_00, key="same"
    )
    assert g1.pk == g2.pk
    assert snapshot() == before
    with pytest.raises(DomainError) as exc:
        ops.escrow_refund(actor=client, reference="milestone:6", key="same")
    assert exc.value.code == "idempotency_key_reused"


def test_funding_twice_and_overspending_are_refused_unchanged(pair):
    client, freelancer = pair
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:7", amount_cents=100_00, key="a")
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:7", amount_cents=100_00, key="b")
    assert exc.value.code == "escrow_already_funded"
    with pytest.raises(DomainError) as exc:
        ops.escrow_fund(
            actor=client, payee=freelancer, reference="milestone:8", amount_cents=5_000_00, key="c"
        )
    assert exc.value.code == "insufficient_funds"
    assert snapshot() == before
    assert_ledger_ok()


def test_someone_else_cannot_release_or_refund(pair):
    client, freelancer = pair
    stranger = make_user()
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:9", amount_cents=100_00, key="a")
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        ops.escrow_release(actor=stranger, reference="milestone:9", key="r")
    assert exc.value.code == "not_found"
    with pytest.raises(DomainError):
        ops.escrow_release(actor=freelancer, reference="milestone:9", key="r2")  # payee cannot pay itself
    with pytest.raises(DomainError):
        ops.escrow_refund(actor=stranger, reference="milestone:9", key="x")
    assert snapshot() == before


def test_bonus_and_tier_crossing_across_payments(pair):
    client, freelancer = pair
    ops.bonus_pay(actor=client, payee=freelancer, reference="contract:1", amount_cents=400_00, key="b1")
    # 20% of 400 = 80. Next payment of 200 crosses $500: 20% × 100 + 10% × 100 = $30.
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:10", amount_cents=200_00, key="f")
    ops.escrow_release(actor=client, reference="milestone:10", key="r")
    assert balances_for(freelancer).earnings_pending == (400_00 - 80_00) + (200_00 - 30_00)
    assert balances_for(client).wallet_available == 2_000_00 - 420_00 - 210_00
    assert_ledger_ok()


def test_security_hold_sweep_makes_money_available_after_five_days(pair):
    client, freelancer = pair
    start = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        ops.bonus_pay(actor=client, payee=freelancer, reference="contract:1", amount_cents=100_00, key="b")
    with time_machine.travel(start + timedelta(days=5) - timedelta(seconds=1), tick=False):
        assert release_security_holds(start + timedelta(days=5) - timedelta(seconds=1)) == 0
    assert balances_for(freelancer).earnings_available == 0
    with time_machine.travel(start + timedelta(days=5), tick=False):
        assert release_security_holds(start + timedelta(days=5)) == 1
        assert release_security_holds(start + timedelta(days=5)) == 0  # twice is harmless
    b = balances_for(freelancer)
    assert (b.earnings_pending, b.earnings_available) == (0, 80_00)
    assert_ledger_ok()


def test_withdrawal_reserve_settle_and_fail(pair):
    client, freelancer = pair
    ops.bonus_pay(actor=client, payee=freelancer, reference="contract:1", amount_cents=100_00, key="b")
    before = snapshot()
    with pytest.raises(DomainError) as exc:  # still on hold: nothing available
        ops.withdrawal_reserve(actor=freelancer, amount_cents=10_00, fee_cents=99, key="w0", reference="w:0")
    assert exc.value.code == "insufficient_funds"
    assert snapshot() == before
    release_security_holds(datetime.now(UTC) + timedelta(days=6))
    group, _legs = ops.withdrawal_reserve(
        actor=freelancer, amount_cents=50_00, fee_cents=99, key="w1", reference="w:1"
    )
    assert balances_for(freelancer).earnings_available == 30_00
    ops.withdrawal_settle(actor=freelancer, reserve=group, paid=False)
    assert balances_for(freelancer).earnings_available == 80_00
    group, _legs = ops.withdrawal_reserve(
        actor=freelancer, amount_cents=80_00, fee_cents=200, key="w2", reference="w:2"
    )
    ops.withdrawal_settle(actor=freelancer, reserve=group, paid=True)
    assert balances_for(freelancer).earnings_available == 0
    assert_ledger_ok()


def test_database_constraints_are_the_last_guard(pair):
    client, _ = pair
    wallet = Account.objects.get(kind=Account.Kind.CLIENT_WALLET, owner=client)
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=wallet.pk).update(debits_posted=wallet.credits_posted + 1)
    fund_wallet(client, 1_00)
    deposit = Transfer.objects.filter(code=Transfer.Code.DEPOSIT).earliest("pk")
    other = Transfer.objects.exclude(pk=deposit.pk).earliest("pk")
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.filter(pk=deposit.pk).update(amount=0, posted_amount=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.filter(pk=deposit.pk).update(status="voided")
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.filter(pk=deposit.pk).update(key=other.key)


def test_ledger_verify_command_reports_violations(pair, capsys):
    call_command("ledger_verify")
    assert "OK" in capsys.readouterr().out
    # Corrupt a cached total behind the services' back (allowed by the bound: more credit).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_account SET credits_posted = credits_posted + 1 WHERE kind = 'client_wallet'"
        )
    with pytest.raises(CommandError):
        call_command("ledger_verify")
    err = capsys.readouterr().err
    assert "cached totals" in err
    assert "posted debits" in err


def test_batch_applies_independent_transfers_and_refuses_only_the_overdrawn(pair):
    from hirehall.ledger.services import BatchTransfer, account_get_or_create, transfers_execute_batch

    a = account_get_or_create(kind=Account.Kind.SIMULATION, reference="t:a")
    b = account_get_or_create(kind=Account.Kind.SIMULATION, reference="t:b")
    source = account_get_or_create(
        kind=Account.Kind.SIMULATION, reference="t:src", must_not_go_negative=False
    )
    items = [
        BatchTransfer("k1", source, a, 100),
        BatchTransfer("k2", a, b, 60),
        BatchTransfer("k3", a, b, 60),  # only 40 left in a: refused, the others still apply
        BatchTransfer("k4", b, a, 10),
        BatchTransfer("k4", b, a, 10),  # same key twice in one batch
    ]
    result = transfers_execute_batch(actor=None, items=items)
    assert (result.created, result.replayed) == (3, 0)
    assert result.refused == {"k3": "insufficient_funds", "k4": "idempotency_key_reused"}
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.balance, b.balance) == (50, 50)
    again = transfers_execute_batch(actor=None, items=items[:2])
    assert (again.created, again.replayed) == (0, 2)
    assert_ledger_ok()

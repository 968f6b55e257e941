from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.ledger import operations as ops
from hirehall.ledger.selectors import balances_for
from hirehall.ledger.tests.helpers import assert_ledger_ok, fund_wallet, make_user, snapshot
from hirehall.payments.models import Deposit, PaymentMethod, Withdrawal
from hirehall.payments.tests.helpers import Api, bank, card, freelancer_with_available

pytestmark = pytest.mark.django_db


def test_fee_preview_design_examples():
    api = Api(make_user())
    body = api.get("/fees/preview", amount="600.00", prior_billings="0.00").json()
    assert body == {
        "amount": "600.00",
        "prior_billings": "0.00",
        "service_fee": "110.00",
        "freelancer_net": "490.00",
        "marketplace_fee": "30.00",
        "client_total": "630.00",
        "currency": "USD",
        "schedule_version": 1,
    }
    body = api.get("/fees/preview", amount="266.64", prior_billings="1000.00").json()
    assert (body["service_fee"], body["freelancer_net"]) == ("26.66", "239.98")


def test_fee_preview_by_pair_uses_lifetime_billings_and_is_private_to_the_pair():
    client, freelancer, stranger = make_user(), make_user(), make_user()
    fund_wallet(client, 1_000_00)
    ops.bonus_pay(actor=client, payee=freelancer, reference="contract:1", amount_cents=500_00, key="b")
    params = {"amount": "100.00", "client": str(client.pk), "freelancer": str(freelancer.pk)}
    body = Api(freelancer).get("/fees/preview", **params).json()
    assert (body["prior_billings"], body["service_fee"]) == ("500.00", "10.00")
    assert Api(stranger).get("/fees/preview", **params).status_code == 404


@pytest.mark.parametrize("amount", ["abc", "1.001", "-5.00", "0"])
def test_fee_preview_refuses_bad_amounts(amount):
    response = Api(make_user()).get("/fees/preview", amount=amount)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_saving_cards_and_billing_verification():
    user = make_user()
    api = Api(user)
    assert api.get("/wallet").json()["billing_verified"] is False
    declined = api.post(
        "/payment-methods", {"number": "4000000000000002", "exp_month": 1, "exp_year": 2030, "cvc": "123"}
    )
    assert declined.status_code == 402 and declined.json()["code"] == "card_declined"
    bad = api.post(
        "/payment-methods", {"number": "4242424242424241", "exp_month": 1, "exp_year": 2030, "cvc": "123"}
    )
    assert bad.status_code == 422
    assert api.get("/wallet").json()["billing_verified"] is False
    ok = api.post(
        "/payment-methods", {"number": "4242 4242 4242 4242", "exp_month": 1, "exp_year": 2030, "cvc": "123"}
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["display"] == "Visa •••• 4242"
    assert api.get("/wallet").json()["billing_verified"] is True
    assert api.post(f"/payment-methods/{ok.json()['id']}/remove").status_code == 200
    assert api.get("/wallet").json()["billing_verified"] is False


def test_deposit_is_idempotent_and_replayed():
    user = make_user()
    method = card(user)
    api = Api(user)
    body = {"amount": "250.00", "payment_method_id": str(method.pk)}
    first = api.post("/wallet/deposits", body, key="dep-1")
    assert first.status_code == 201, first.content
    again = api.post("/wallet/deposits", body, key="dep-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Deposit.objects.count() == 1
    wallet = api.get("/wallet").json()
    assert wallet["wallet"] == {"balance": "250.00", "available": "250.00", "in_escrow": "0.00"}
    assert api.post("/wallet/deposits", {**body, "amount": "1.00"}, key="dep-1").status_code == 422
    assert_ledger_ok()


def test_declined_deposit_changes_no_balance_and_replays_the_refusal():
    user = make_user()
    method = card(user, "4000000000009995")
    api = Api(user)
    before = snapshot()
    body = {"amount": "50.00", "payment_method_id": str(method.pk)}
    refused = api.post("/wallet/deposits", body, key="nsf")
    assert refused.status_code == 402
    assert refused.json()["code"] == "card_insufficient_funds"
    replay = api.post("/wallet/deposits", body, key="nsf")
    assert replay.status_code == 402 and replay["Idempotent-Replayed"] == "true"
    assert snapshot() == before
    assert Deposit.objects.get().status == Deposit.Status.FAILED
    assert balances_for(user).wallet_balance == 0


def test_deposit_with_someone_elses_card_is_404_and_moves_nothing():
    owner, other = make_user(), make_user()
    method = card(owner)
    before = snapshot()
    response = Api(other).post(
        "/wallet/deposits", {"amount": "10.00", "payment_method_id": str(method.pk)}, key="x"
    )
    assert response.status_code == 404
    assert snapshot() == before
    assert not Deposit.objects.exists()


def test_withdrawal_idempotent_replay_and_fee():
    freelancer = freelancer_with_available(100_00)
    destination = bank(freelancer)
    api = Api(freelancer)
    assert api.get("/wallet").json()["earnings"]["available"] == "100.00"
    body = {"amount": "40.00", "rail": "bank", "destination_id": str(destination.pk)}
    first = api.post("/withdrawals", body, key="wd-1")
    assert first.status_code == 201, first.content
    assert (first.json()["fee"], first.json()["net"], first.json()["status"]) == ("0.99", "39.01", "paid")
    replay = api.post("/withdrawals", body, key="wd-1")
    assert replay.json() == first.json() and replay["Idempotent-Replayed"] == "true"
    assert Withdrawal.objects.count() == 1
    assert api.get("/wallet").json()["earnings"]["available"] == "60.00"
    assert_ledger_ok()


def test_failed_or_oversized_withdrawals_leave_balances_unchanged():
    freelancer = freelancer_with_available(100_00)
    failing = bank(freelancer, "000111111116")
    good = bank(freelancer)
    api = Api(freelancer)
    before = snapshot()
    failed = api.post(
        "/withdrawals", {"amount": "40.00", "rail": "bank", "destination_id": str(failing.pk)}, key="f"
    )
    assert failed.status_code == 402 and failed.json()["code"] == "payout_failed"
    too_much = api.post(
        "/withdrawals", {"amount": "100.01", "rail": "bank", "destination_id": str(good.pk)}, key="m"
    )
    assert too_much.status_code == 409 and too_much.json()["code"] == "insufficient_funds"
    wrong_rail = api.post(
        "/withdrawals", {"amount": "10.00", "rail": "instant", "destination_id": str(good.pk)}
    )
    assert wrong_rail.status_code == 422
    balances = balances_for(freelancer)
    assert (balances.earnings_available, balances.earnings_withdrawing) == (100_00, 0)
    # The failed attempt left voided reservations, not moved money: every account's balance is as before.
    after = snapshot()
    assert {k: v[3] - v[1] for k, v in after.items()} == {k: v[3] - v[1] for k, v in before.items()}
    assert_ledger_ok()


def test_instant_withdrawal_to_a_debit_card_costs_two_dollars():
    freelancer = freelancer_with_available(50_00)
    debit = Api(freelancer).post(
        "/payment-methods",
        {"type": "debit_card", "number": "4000056655665556", "exp_month": 1, "exp_year": 2030, "cvc": "123"},
    )
    assert debit.status_code == 201
    done = Api(freelancer).post(
        "/withdrawals", {"amount": "50.00", "rail": "instant", "destination_id": debit.json()["id"]}, key="i"
    )
    assert (done.json()["fee"], done.json()["net"]) == ("2.00", "48.00")


def test_other_users_objects_are_not_found():
    owner, other = make_user(), make_user()
    method = card(owner)
    deposit = (
        Api(owner).post("/wallet/deposits", {"amount": "10.00", "payment_method_id": str(method.pk)}).json()
    )
    freelancer = freelancer_with_available(20_00)
    withdrawal = (
        Api(freelancer)
        .post("/withdrawals", {"amount": "10.00", "rail": "bank", "destination_id": str(bank(freelancer).pk)})
        .json()
    )
    api = Api(other)
    assert api.get(f"/wallet/deposits/{deposit['id']}").status_code == 404
    assert api.get(f"/withdrawals/{withdrawal['id']}").status_code == 404
    assert api.get(f"/receipts/{deposit['receipt_id']}").status_code == 404
    assert api.post(f"/payment-methods/{method.pk}/remove").status_code == 404
    assert PaymentMethod.objects.get(pk=method.pk).removed_at is None
    assert Api(owner).get(f"/receipts/{deposit['receipt_id']}").json()["total"] == "10.00"


def test_transactions_are_cursor_paginated_and_filtered():
    user = make_user()
    for i in range(5):
        fund_wallet(user, 10_00 + i)
    api = Api(user)
    page = api.get("/transactions", limit=2).json()
    assert [row["amount"] for row in page["items"]] == ["10.04", "10.03"]
    page2 = api.get("/transactions", limit=2, cursor=page["next"]).json()
    assert [row["amount"] for row in page2["items"]] == ["10.02", "10.01"]
    assert api.get("/transactions", account="earnings").json()["items"] == []
    assert len(api.get("/transactions", type="deposit", status="posted").json()["items"]) == 5
    assert api.get("/transactions", type="nonsense").status_code == 422


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
        assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path", ["/transactions", "/receipts", "/wallet/deposits", "/withdrawals", "/payment-methods", "/wallet"]
)
def test_list_endpoints_run_a_constant_number_of_queries(path):
    client, freelancer = make_user(), make_user()
    method = card(client)
    fund_wallet(client, 1_000_00)
    api = Api(client)

    def grow(n: int) -> None:
        for i in range(n):
            api.post("/wallet/deposits", {"amount": "1.00", "payment_method_id": str(method.pk)})
            ops.bonus_pay(
                actor=client,
                payee=freelancer,
                reference="contract:9",
                amount_cents=1_00,
                key=f"g{path}{i}{n}",
            )
            card(client)

    grow(1)
    small = _queries(lambda: api.get(path))
    grow(4)
    assert _queries(lambda: api.get(path)) == small

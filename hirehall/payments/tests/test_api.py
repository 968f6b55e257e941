from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.core.testing import make_user
from hirehall.ledger import operations as ops
from hirehall.ledger.selectors import balances_for
from hirehall.ledger.tests.helpers import assert_ledger_ok, fund_wallet, snapshot
from hirehall.payments.models import Deposit, PaymentMethod, Withdrawal
from hirehall.payments.tests.helpers import bank, card, freelancer_with_available

pytestmark = pytest.mark.django_db


def test_fee_preview_design_examples(api_client_for):
    api = api_client_for(make_user())
    body = api.get("/api/v1/fees/preview", amount="600.00", prior_billings="0.00").json()
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
    body = api.get("/api/v1/fees/preview", amount="266.64", prior_billings="1000.00").json()
    assert (body["service_fee"], body["freelancer_net"]) == ("26.66", "239.98")


def test_fee_preview_by_pair_uses_lifetime_billings_and_is_private_to_the_pair(api_client_for):
    client, freelancer, stranger = make_user(), make_user(), make_user()
    fund_wallet(client, 1_000_00)
    ops.bonus_pay(actor=client, payee=freelancer, reference="contract:1", amount_cents=500_00, key="b")
    params = {"amount": "100.00", "client": str(client.pk), "freelancer": str(freelancer.pk)}
    body = api_client_for(freelancer).get("/api/v1/fees/preview", **params).json()
    assert (body["prior_billings"], body["service_fee"]) == ("500.00", "10.00")
    assert api_client_for(stranger).get("/api/v1/fees/preview", **params).status_code == 404


@pytest.mark.parametrize("amount", ["abc", "1.001", "-5.00", "0"])
def test_fee_preview_refuses_bad_amounts(amount, api_client_for):
    response = api_client_for(make_user()).get("/api/v1/fees/preview", amount=amount)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_saving_cards_and_billing_verification(api_client_for):
    user = make_user()
    api = api_client_for(user)
    assert api.get("/api/v1/wallet").json()["billing_verified"] is False
    declined = api.post(
        "/api/v1/payment-methods",
        {"number": "4000000000000002", "exp_month": 1, "exp_year": 2030, "cvc": "123"},
    )
    assert declined.status_code == 402 and declined.json()["code"] == "card_declined"
    bad = api.post(
        "/api/v1/payment-methods",
        {"number": "4242424242424241", "exp_month": 1, "exp_year": 2030, "cvc": "123"},
    )
    assert bad.status_code == 422
    assert api.get("/api/v1/wallet").json()["billing_verified"] is False
    ok = api.post(
        "/api/v1/payment-methods",
        {"number": "4242 4242 4242 4242", "exp_month": 1, "exp_year": 2030, "cvc": "123"},
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["display"] == "Visa •••• 4242"
    assert api.get("/api/v1/wallet").json()["billing_verified"] is True
    assert api.post(f"/api/v1/payment-methods/{ok.json()['id']}/remove").status_code == 200
    assert api.get("/api/v1/wallet").json()["billing_verified"] is False


def test_deposit_is_idempotent_and_replayed(api_client_for):
    user = make_user()
    method = card(user)
    api = api_client_for(user)
    body = {"amount": "250.00", "payment_method_id": str(method.pk)}
    first = api.post("/api/v1/wallet/deposits", body, key="dep-1")
    assert first.status_code == 201, first.content
    again = api.post("/api/v1/wallet/deposits", body, key="dep-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Deposit.objects.count() == 1
    wallet = api.get("/api/v1/wallet").json()
    assert wallet["wallet"] == {"balance": "250.00", "available": "250.00", "in_escrow": "0.00"}
    assert api.post("/api/v1/wallet/deposits", {**body, "amount": "1.00"}, key="dep-1").status_code == 422
    assert_ledger_ok()


def test_declined_deposit_changes_no_balance_and_replays_the_refusal(api_client_for):
    user = make_user()
    method = card(user, "4000000000009995")
    api = api_client_for(user)
    before = snapshot()
    body = {"amount": "50.00", "payment_method_id": str(method.pk)}
    refused = api.post("/api/v1/wallet/deposits", body, key="nsf")
    assert refused.status_code == 402
    assert refused.json()["code"] == "card_insufficient_funds"
    replay = api.post("/api/v1/wallet/deposits", body, key="nsf")
    assert replay.status_code == 402 and replay["Idempotent-Replayed"] == "true"
    assert snapshot() == before
    assert Deposit.objects.get().status == Deposit.Status.FAILED
    assert balances_for(user).wallet_balance == 0


def test_deposit_with_someone_elses_card_is_404_and_moves_nothing(api_client_for):
    owner, other = make_user(), make_user()
    method = card(owner)
    before = snapshot()
    response = api_client_for(other).post(
        "/api/v1/wallet/deposits", {"amount": "10.00", "payment_method_id": str(method.pk)}, key="x"
    )
    assert response.status_code == 404
    assert snapshot() == before
    assert not Deposit.objects.exists()


def test_withdrawal_idempotent_replay_and_fee(api_client_for):
    freelancer = freelancer_with_available(100_00)
    destination = bank(freelancer)
    api = api_client_for(freelancer)
    assert api.get("/api/v1/wallet").json()["earnings"]["available"] == "100.00"
    body = {"amount": "40.00", "rail": "bank", "destination_id": str(destination.pk)}
    first = api.post("/api/v1/withdrawals", body, key="wd-1")
    assert first.status_code == 201, first.content
    assert (first.json()["fee"], first.json()["net"], first.json()["status"]) == ("0.99", "39.01", "paid")
    replay = api.post("/api/v1/withdrawals", body, key="wd-1")
    assert replay.json() == first.json() and replay["Idempotent-Replayed"] == "true"
    assert Withdrawal.objects.count() == 1
    assert api.get("/api/v1/wallet").json()["earnings"]["available"] == "60.00"
    assert_ledger_ok()


def test_failed_or_oversized_withdrawals_leave_balances_unchanged(api_client_for):
    freelancer = freelancer_with_available(100_00)
    failing = bank(freelancer, "000111111116")
    good = bank(freelancer)
    api = api_client_for(freelancer)
    before = snapshot()
    failed = api.post(
        "/api/v1/withdrawals", {"amount": "40.00", "rail": "bank", "destination_id": str(failing.pk)}, key="f"
    )
    assert failed.status_code == 402 and failed.json()["code"] == "payout_failed"
    too_much = api.post(
        "/api/v1/withdrawals", {"amount": "100.01", "rail": "bank", "destination_id": str(good.pk)}, key="m"
    )
    assert too_much.status_code == 409 and too_much.json()["code"] == "insufficient_funds"
    wrong_rail = api.post(
        "/api/v1/withdrawals", {"amount": "10.00", "rail": "instant", "destination_id": str(good.pk)}
    )
    assert wrong_rail.status_code == 422
    balances = balances_for(freelancer)
    assert (balances.earnings_available, balances.earnings_withdrawing) == (100_00, 0)
    # The failed attempt left voided reservations, not moved money: every account's balance is as before.
    after = snapshot()
    assert {k: v[3] - v[1] for k, v in after.items()} == {k: v[3] - v[1] for k, v in before.items()}
    assert_ledger_ok()


def test_instant_withdrawal_to_a_debit_card_costs_two_dollars(api_client_for):
    freelancer = freelancer_with_available(50_00)
    debit = api_client_for(freelancer).post(
        "/api/v1/payment-methods",
        {"type": "debit_card", "number": "4000056655665556", "exp_month": 1, "exp_year": 2030, "cvc": "123"},
    )
    assert debit.status_code == 201
    done = api_client_for(freelancer).post(
        "/api/v1/withdrawals",
        {"amount": "50.00", "rail": "instant", "destination_id": debit.json()["id"]},
        key="i",
    )
    assert (done.json()["fee"], done.json()["net"]) == ("2.00", "48.00")


def test_other_users_objects_are_not_found(api_client_for):
    owner, other = make_user(), make_user()
    method = card(owner)
    deposit = (
        api_client_for(owner)
        .post("/api/v1/wallet/deposits", {"amount": "10.00", "payment_method_id": str(method.pk)})
        .json()
    )
    freelancer = freelancer_with_available(20_00)
    withdrawal = (
        api_client_for(freelancer)
        .post(
            "/api/v1/withdrawals",
            {"amount": "10.00", "rail": "bank", "destination_id": str(bank(freelancer).pk)},
        )
        .json()
    )
    api = api_client_for(other)
    assert api.get(f"/api/v1/wallet/deposits/{deposit['id']}").status_code == 404
    assert api.get(f"/api/v1/withdrawals/{withdrawal['id']}").status_code == 404
    assert api.get(f"/api/v1/receipts/{deposit['receipt_id']}").status_code == 404
    assert api.post(f"/api/v1/payment-methods/{method.pk}/remove").status_code == 404
    assert PaymentMethod.objects.get(pk=method.pk).removed_at is None
    assert api_client_for(owner).get(f"/api/v1/receipts/{deposit['receipt_id']}").json()["total"] == "10.00"


def test_transactions_are_cursor_paginated_and_filtered(api_client_for):
    user = make_user()
    for i in range(5):
        fund_wallet(user, 10_00 + i)
    api = api_client_for(user)
    page = api.get("/api/v1/transactions", limit=2).json()
    assert [row["amount"] for row in page["items"]] == ["10.04", "10.03"]
    page2 = api.get("/api/v1/transactions", limit=2, cursor=page["next"]).json()
    assert [row["amount"] for row in page2["items"]] == ["10.02", "10.01"]
    assert api.get("/api/v1/transactions", account="earnings").json()["items"] == []
    assert len(api.get("/api/v1/transactions", type="deposit", status="posted").json()["items"]) == 5
    assert api.get("/api/v1/transactions", type="nonsense").status_code == 422


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
        assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path", ["/transactions", "/receipts", "/wallet/deposits", "/withdrawals", "/payment-methods", "/wallet"]
)
def test_list_endpoints_run_a_constant_number_of_queries(path, api_client_for):
    client, freelancer = make_user(), make_user()
    method = card(client)
    fund_wallet(client, 1_000_00)
    api = api_client_for(client)

    def grow(n: int) -> None:
        for i in range(n):
            api.post("/api/v1/wallet/deposits", {"amount": "1.00", "payment_method_id": str(method.pk)})
            ops.bonus_pay(
                actor=client,
                payee=freelancer,
                reference="contract:9",
                amount_cents=1_00,
                key=f"g{path}{i}{n}",
            )
            card(client)

    grow(1)
    small = _queries(lambda: api.get(f"/api/v1{path}"))
    grow(4)
    assert _queries(lambda: api.get(f"/api/v1{path}")) == small

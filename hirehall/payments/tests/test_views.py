from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hirehall.core.testing import make_user
from hirehall.ledger import operations as ops
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.selectors import balances_for
from hirehall.ledger.tests.helpers import assert_ledger_ok, fund_wallet, snapshot
from hirehall.payments.demo import seed as seed_money
from hirehall.payments.tests.helpers import bank, card, freelancer_with_available

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_wallet_add_card_then_funds_once_even_if_the_form_is_posted_twice():
    user = make_user()
    c = signed_in(user)
    response = c.post(
        "/wallet/payment-methods/",
        {
            "kind": "card",
            "number": "4242 4242 4242 4242",
            "exp_month": "12",
            "exp_year": "2030",
            "cvc": "123",
        },
    )
    assert response.status_code == 302
    page = c.get("/wallet/")
    assert b"Payment verified" in page.content
    method = user.payment_methods.get()
    form = {"amount": "120.50", "payment_method": str(method.pk), "idempotency_key": "abc"}
    assert c.post("/wallet/deposit/", form).status_code == 302
    assert c.post("/wallet/deposit/", form).status_code == 302  # double submit: same key
    assert balances_for(user).wallet_balance == 120_50
    assert b"$120.50" in c.get("/wallet/").content


def test_declined_card_is_not_saved_and_a_failing_deposit_moves_nothing():
    user = make_user()
    c = signed_in(user)
    c.post(
        "/wallet/payment-methods/",
        {"kind": "card", "number": "4000000000000002", "exp_month": "1", "exp_year": "2030", "cvc": "123"},
    )
    assert not user.payment_methods.exists()
    nsf = card(user, "4000000000009995")
    before = snapshot()
    response = c.post(
        "/wallet/deposit/",
        {"amount": "10.00", "payment_method": str(nsf.pk), "idempotency_key": "n"},
        follow=True,
    )
    assert b"insufficient funds" in response.content
    assert snapshot() == before


def test_earnings_page_shows_pending_with_release_dates_and_withdraws():
    client, freelancer = make_user(), make_user()
    fund_wallet(client, 1_000_00)
    ops.bonus_pay(actor=client, payee=freelancer, reference="contract:5", amount_cents=100_00, key="b")
    page = signed_in(freelancer).get("/earnings/")
    assert b"contract:5" not in page.content and b">Contract<" in page.content and b"$80.00" in page.content

    rich = freelancer_with_available(100_00)
    destination = bank(rich)
    c = signed_in(rich)
    form = {"amount": "50.00", "rail": "bank", "destination": str(destination.pk), "idempotency_key": "w"}
    c.post("/earnings/withdraw/", form)
    c.post("/earnings/withdraw/", form)
    assert balances_for(rich).earnings_available == 50_00
    assert_ledger_ok()


def test_transactions_filters_and_csv_export():
    client, freelancer = make_user(), make_user()
    fund_wallet(client, 1_000_00)
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:1", amount_cents=200_00, key="f")
    c = signed_in(client)
    page = c.get("/transactions/", {"type": "escrow_hold"})
    # No contract behind "milestone:1" here: a generic label, never the internal reference.
    assert b"Contract milestone" in page.content and b"milestone:1" not in page.content
    assert b"Deposit" not in page.content.split(b"<tbody>")[1]
    partial = c.get("/transactions/", {"account": "wallet"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"Contract milestone" in partial.content
    export = c.get("/transactions/export.csv", {"account": "wallet"})
    rows = list(csv.reader(io.StringIO(export.getvalue().decode())))
    assert rows[0][:6] == ["date", "type", "account", "for", "status", "amount"]
    assert {r[3] for r in rows[1:]} == {"Wallet deposit", "Contract milestone"}
    assert {r[5] for r in rows[1:]} == {"1000.00", "-200.00", "-10.00"}


def test_receipts_html_and_pdf_for_both_sides_and_404_for_others():
    client, freelancer, stranger = make_user(), make_user(), make_user()
    fund_wallet(client, 1_000_00)
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:1", amount_cents=600_00, key="f")
    release = ops.escrow_release(actor=client, reference="milestone:1", key="r")
    as_client = signed_in(client).get(f"/receipts/{release.pk}/")
    assert b"$630.00" in as_client.content  # 600 + 5% marketplace fee
    as_freelancer = signed_in(freelancer).get(f"/receipts/{release.pk}/")
    assert b"$490.00" in as_freelancer.content and b"-$110.00" in as_freelancer.content
    pdf = signed_in(freelancer).get(f"/receipts/{release.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert signed_in(stranger).get(f"/receipts/{release.pk}/").status_code == 404
    assert signed_in(stranger).get(f"/receipts/{release.pk}/pdf/").status_code == 404
    hold = TransferGroup.objects.get(kind=TransferGroup.Kind.ESCROW_FUND)
    assert b"Receipt" in signed_in(client).get("/receipts/").content
    assert signed_in(client).get(f"/receipts/{hold.pk}/").status_code == 200


def test_fee_calculator_is_public_and_answers_htmx_with_a_fragment():
    c = Client()
    page = c.get("/fees/", {"amount": "600.00", "prior_billings": "0.00"})
    assert b"$110.00" in page.content and b"$490.00" in page.content and b"$630.00" in page.content
    fragment = c.get("/fees/", {"amount": "266.64", "prior_billings": "1000"}, headers={"HX-Request": "true"})
    assert (
        b"<html" not in fragment.content and b"$26.66" in fragment.content and b"$239.98" in fragment.content
    )
    assert b"more than two decimal places" in c.get("/fees/", {"amount": "1.001"}).content


def _count(c: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/wallet/", "/earnings/", "/transactions/", "/receipts/"])
def test_pages_run_a_constant_number_of_queries(path):
    client, freelancer = make_user(), make_user()
    fund_wallet(client, 1_000_00)
    card(client)
    bank(client)
    c = signed_in(client)

    def grow(n: int, tag: str) -> None:
        for i in range(n):
            fund_wallet(client, 1_00)
            ops.bonus_pay(
                actor=client, payee=freelancer, reference="contract:1", amount_cents=1_00, key=f"{tag}{i}"
            )

    grow(1, "a")
    small = _count(c, path)
    grow(5, "b")
    assert _count(c, path) == small


def test_demo_seed_is_idempotent_and_consistent():
    from hirehall.accounts.demo import DEMO_USERS

    for spec in DEMO_USERS:
        make_user(str(spec["email"]), **{k: v for k, v in spec.items() if k not in {"email", "name"}})
    seed_money()
    first = snapshot()
    seed_money()
    assert snapshot() == first
    assert_ledger_ok()

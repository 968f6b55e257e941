"""Money pages speak in the product's words: the contract and milestone a payment was for, fees as
percentages, one money format, and an insufficient-funds refusal that says how much is missing."""

from __future__ import annotations

import csv
import html
import io
import re
import zlib

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hirehall.contracts.models import ContractMilestone
from hirehall.contracts.services import milestone_approve, milestone_fund
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.references import describe_references
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.proposals.testing import fixed_contract

pytestmark = pytest.mark.django_db

INTERNAL = re.compile(rb"(milestone|offer|contract|invoice|deposit|withdrawal):[0-9a-z_]+")


def signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(c: Client, path: str) -> bytes:
    """The page as a person reads it (entities like &#x27; decoded)."""
    response = c.get(path, follow=True)
    assert response.status_code == 200
    return html.unescape(response.content.decode()).encode()


def _booking_app(user_factory):
    """A fixed contract "Booking app" whose first milestone "Payments and tests" is paid out."""
    from hirehall.contracts.services import identity_set_verified

    client, freelancer, staff = user_factory(), user_factory(), user_factory(is_staff=True)
    identity_set_verified(actor=staff, user=freelancer, verified=True)
    fund_wallet(client, 5_000_00)
    contract = fixed_contract(client, freelancer, amounts=(2_000_00, 500_00), title="Booking app")
    ContractMilestone.objects.filter(contract=contract, position=1).update(description="Payments and tests")
    ContractMilestone.objects.filter(contract=contract, position=2).update(description="Launch")
    first, second = contract.milestones.order_by("position")
    milestone_approve(actor=client, contract=contract, milestone_id=first.pk, amount_cents=None)
    milestone_fund(actor=client, contract=contract, milestone_id=second.pk)
    return client, freelancer, contract


def _assert_humane(body: bytes) -> None:
    assert b"basis points" not in body
    assert INTERNAL.search(body) is None, INTERNAL.search(body)


def test_transactions_receipts_and_csv_name_the_contract_and_milestone(user_factory) -> None:
    client, freelancer, _contract = _booking_app(user_factory)
    for user in (client, freelancer):
        c = signed_in(user)
        page = text(c, "/transactions/")
        assert "'Payments and tests' — Booking app".encode() in page
        _assert_humane(page)
        receipts = text(c, "/receipts/")
        assert "'Payments and tests' — Booking app".encode() in receipts
        _assert_humane(receipts)
        export = c.get("/transactions/export.csv").getvalue().decode()
        rows = list(csv.DictReader(io.StringIO(export)))
        assert {r["for"] for r in rows} >= {"'Payments and tests' — Booking app"}
        _assert_humane(export.encode())
    # The second milestone's escrow is a milestone reference written by the contracts app.
    assert b"'Launch' \xe2\x80\x94 Booking app" in text(signed_in(client), "/transactions/")


def test_receipt_page_and_pdf_name_operator_billed_to_and_contract(user_factory, settings) -> None:
    settings.HIREHALL_OPERATOR_NAME = "Hirehall Test Operator LLC"
    settings.HIREHALL_OPERATOR_ADDRESS = "42 Ledger Lane, Testville"
    client, freelancer, _contract = _booking_app(user_factory)
    release = TransferGroup.objects.get(kind=TransferGroup.Kind.ESCROW_RELEASE)
    page = text(signed_in(client), f"/receipts/{release.pk}/").decode()
    assert "Payment for 'Payments and tests' — Booking app" in page
    assert "Hirehall Test Operator LLC" in page and "42 Ledger Lane, Testville" in page
    assert "Billed to" in page and client.email in page
    assert "Marketplace fee (5%)" in page and "$2,000.00" in page and "$2,100.00" in page
    _assert_humane(page.encode())
    freelancer_page = text(signed_in(freelancer), f"/receipts/{release.pk}/").decode()
    # $2,000 crosses the 20% tier at $500 and is 10% above: $100 + $150 = $250 (12.5%).
    assert "Service fee (12.5%)" in freelancer_page and "-$250.00" in freelancer_page
    assert "Issued to" in freelancer_page and freelancer.email in freelancer_page
    pdf = signed_in(client).get(f"/receipts/{release.pk}/pdf/").content
    pdf_text = b"".join(
        zlib.decompress(m.group(1)) for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    )
    needles = (b"Hirehall Test Operator LLC", b"42 Ledger Lane", b"Billed to", b"Booking app", b"$2,100.00")
    for needle in needles:
        assert needle in pdf_text, needle
    assert b"milestone:" not in pdf_text


def test_api_keeps_its_fields_and_describes_in_words(user_factory, api_client_for) -> None:
    client, _freelancer, _contract = _booking_app(user_factory)
    api = api_client_for(client)
    items = api.get("/api/v1/transactions").json()["items"]
    escrow = [i for i in items if "Payments and tests" in i["description"]]
    assert escrow and all(i["reference"].startswith(("offer:", "milestone:")) for i in escrow)
    release = TransferGroup.objects.get(kind=TransferGroup.Kind.ESCROW_RELEASE)
    receipt = api.get(f"/api/v1/receipts/{release.pk}").json()
    assert receipt["subject"] == "'Payments and tests' — Booking app"
    assert receipt["billed_to"].endswith(f"<{client.email}>") and receipt["operator_name"]


def test_insufficient_funds_says_how_much_is_missing_and_links_to_add_funds(user_factory) -> None:
    client, _freelancer, contract = _booking_app(user_factory)
    # Left in the wallet: $5,000 - $2,100 (first milestone + fee) - $525 (second) = $2,375.
    from hirehall.contracts.services import milestone_add

    milestone = milestone_add(
        actor=client, contract=contract, description="Big extra", amount_cents=3_000_00, due_date=None
    )
    c = signed_in(client)
    before = TransferGroup.objects.count()
    r = c.post(f"/contracts/{contract.pk}/do/fund/", {"milestone": milestone.pk}, follow=True)
    body = html.unescape(r.content.decode())
    # $3,000 + 5% = $3,150 needed, $2,375 available: $775 missing.
    assert "$775.00 more is needed" in body and "available: $2,375.00" in body
    assert '<a href="/wallet/">Add funds</a>' in body
    assert TransferGroup.objects.count() == before


def test_descriptions_cost_one_query_per_kind_whatever_the_number(user_factory) -> None:
    _client, _freelancer, contract = _booking_app(user_factory)
    refs = [f"milestone:{m.pk}" for m in contract.milestones.all()]
    with CaptureQueriesContext(connection) as one:
        describe_references(refs[:1])
    with CaptureQueriesContext(connection) as many:
        describe_references([*refs, "milestone:999999", "milestone:nope", "invoice:1", "deposit:x"])
    assert len(one) == 1 and len(many) == 2  # milestones, invoices; deposits need no query
    labels = describe_references(["milestone:999999", "milestone:nope", "weird", "deposit:x"])
    assert labels == {
        "milestone:999999": "Contract milestone",
        "milestone:nope": "Contract milestone",
        "weird": "Hirehall payment",
        "deposit:x": "Wallet deposit",
    }


def test_transactions_page_runs_constant_queries(user_factory) -> None:
    client, _f, _contract = _booking_app(user_factory)
    c = signed_in(client)
    with CaptureQueriesContext(connection) as small:
        assert c.get("/transactions/").status_code == 200
    for i in range(3):
        _c2, _f2, _k = _booking_app(user_factory)
        fixed_contract(client, _f2, amounts=(100_00,), title=f"More work {i}")
    with CaptureQueriesContext(connection) as large:
        assert c.get("/transactions/").status_code == 200
    assert len(large) == len(small)


def test_fees_read_as_percentages_on_the_apply_and_fee_pages(user_factory) -> None:
    from hirehall.jobs.testing import open_job

    client, freelancer = user_factory(), user_factory()
    job = open_job(client)
    apply_page = text(signed_in(freelancer), f"/jobs/{job.pk}/apply/").decode()
    assert "20% on your first billings" in apply_page
    fees_page = text(Client(), "/fees/")
    _assert_humane(fees_page)
    assert b"20%" in fees_page and b"5%" in fees_page

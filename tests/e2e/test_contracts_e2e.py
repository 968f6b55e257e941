"""Browser journeys for contracts.

1. Fixed price: the client funds a milestone, the freelancer submits work with a file, the client
   approves, and the freelancer sees the payment pending on the earnings page.
2. Hourly: the `hirehall-tracker` client sends a week of segments to the live server over HTTP, Monday's
   sweep invoices the week, and both sides see it: the Work Diary grid and totals, the invoice.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from conftest import browser_login
from hirehall.accounts.services import api_token_create
from hirehall.contracts import tracker
from hirehall.contracts.models import ContractMilestone, Invoice, MilestoneStatus, WorkSegment
from hirehall.contracts.services import identity_set_verified
from hirehall.contracts.tests.helpers import png_b64
from hirehall.core.sweeps_registry import run_sweeps
from hirehall.core.testing import make_user
from hirehall.ledger.operations import deposit_record
from hirehall.ledger.verify import verify_ledger
from hirehall.proposals.testing import fixed_contract, hourly_contract

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _second_page(browser, live_server, email: str):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_login(page, email)
    return page


def test_fixed_price_from_funding_to_approval_and_earnings(
    page, browser, live_server, tmp_path: Path
) -> None:
    client = make_user("carla@example.com", freelancer=False, name="Carla Client")
    freelancer = make_user("felix@example.com", client=False, name="Felix Freelancer")
    deposit_record(actor=client, amount_cents=2_000_00, key="e2e-contracts-deposit", provider_ref="e2e")
    contract = fixed_contract(client, freelancer, (300_00, 200_00), title="Data pipeline build")

    # The client funds the second milestone from the contract page.
    browser_login(page, "carla@example.com")
    page.goto("/contracts/")
    page.get_by_role("link", name="Data pipeline build").click()
    assert page.get_by_test_id("money-escrow").inner_text() == "$300.00"
    page.get_by_role("button", name="Fund $200.00").click()
    assert page.get_by_text("Milestone funded.").is_visible()
    assert page.get_by_test_id("money-escrow").inner_text() == "$500.00"

    # The freelancer submits the first milestone with a file.
    report = tmp_path / "report.pdf"
    report.write_bytes(PDF)
    fpage = _second_page(browser, live_server, "felix@example.com")
    fpage.goto(f"/contracts/{contract.pk}/")
    row = fpage.get_by_test_id("milestone-1")
    row.get_by_label("Submission message").fill("Pipeline delivered; report attached.")
    row.get_by_label("Files").set_input_files(str(report))
    row.get_by_role("button", name="Submit work").click()
    assert fpage.get_by_text("Work submitted.").is_visible()
    assert (
        fpage.get_by_test_id("milestone-1").get_by_test_id("milestone-status").inner_text()
        == "Work submitted"
    )

    # The client sees the submission (and its file, served after a permission check) and approves.
    page.reload()
    row = page.get_by_test_id("milestone-1")
    assert row.get_by_role("link", name="report.pdf").is_visible()
    row.get_by_role("button", name="Approve & pay").click()
    assert page.get_by_text("Payment released.").is_visible()
    assert (
        page.get_by_test_id("milestone-1").get_by_test_id("milestone-status").inner_text()
        == "Approved and paid"
    )
    assert page.get_by_test_id("money-paid").inner_text() == "$300.00"
    assert ContractMilestone.objects.get(contract=contract, position=1).status == MilestoneStatus.APPROVED

    # The freelancer's earnings: $300 less the 20% service fee, pending for the security hold.
    fpage.goto("/earnings/")
    assert fpage.get_by_test_id("earnings-pending").inner_text() == "$240.00"
    assert fpage.get_by_test_id("earnings-available").inner_text() == "$0.00"
    fpage.goto(f"/contracts/{contract.pk}/")
    assert "Approved and paid" in fpage.get_by_test_id("timeline").inner_text()
    assert verify_ledger() == []


def test_hourly_week_from_tracker_segments_to_invoice(page, browser, live_server, tmp_path: Path) -> None:
    client = make_user("hana@example.com", freelancer=False, name="Hana Hiring")
    freelancer = make_user("tom@example.com", client=False, name="Tom Tracker")
    staff = make_user("staff-e2e@example.com", is_staff=True)
    identity_set_verified(actor=staff, user=freelancer, verified=True)
    deposit_record(actor=client, amount_cents=1_000_00, key="e2e-hourly-deposit", provider_ref="e2e")
    shots = tmp_path / "shots"
    shots.mkdir()
    (shots / "a.png").write_bytes(base64.b64decode(png_b64((200, 60, 60))))
    (shots / "b.png").write_bytes(base64.b64decode(png_b64((60, 60, 200))))
    _token, raw = api_token_create(actor=freelancer, name="tracker", scope="write")

    with time_machine.travel(datetime(2024, 5, 31, 9, 0, tzinfo=UTC), tick=False) as clock:
        contract = hourly_contract(
            client, freelancer, rate_cents=30_00, limit_hours=1, title="Data engineering"
        )
        clock.move_to(datetime(2024, 6, 4, 12, 0, tzinfo=UTC))
        # The tracker, as a user would run it, over HTTP against the live server: 1 h 20 min on Monday.
        argv = [
            f"--server={live_server.url}",
            f"--token={raw}",
            f"--contract={contract.pk}",
            "--memo=Nightly loader",
            f"--screenshots={shots}",
            "--no-capture",
            "--backfill=2024-06-03T09:00:00Z",
            "--count=8",
        ]
        assert tracker.main(argv) == 0
        assert WorkSegment.objects.filter(contract=contract).count() == 8
        # Monday 12:00: the week is invoiced (1 h within the limit; 20 min over it, shown, not billed).
        clock.move_to(datetime(2024, 6, 10, 12, 0, tzinfo=UTC))
        assert all(r.error is None for r in run_sweeps(datetime(2024, 6, 10, 12, 0, tzinfo=UTC)))
    invoice = Invoice.objects.get(contract=contract)
    assert (invoice.status, invoice.amount_cents, invoice.over_limit_minutes) == ("in_review", 30_00, 20)

    # The client's Work Diary for that Monday: the screenshot grid, activity, totals, the invoice.
    browser_login(page, "hana@example.com")
    page.goto(f"/contracts/{contract.pk}/")
    page.get_by_role("link", name="Work Diary").click()
    page.goto(f"/contracts/{contract.pk}/diary/?date=2024-06-03")
    assert page.get_by_test_id("segment").count() == 8
    shot = page.locator("[data-testid=segment] img").first
    shot.scroll_into_view_if_needed()  # screenshots load lazily
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=shot.element_handle())
    assert page.get_by_test_id("week-billable").inner_text() == "1:00 h"
    assert page.get_by_test_id("week-over").inner_text() == "0:20 h"
    assert "$30.00" in page.get_by_test_id("week-invoice").inner_text()
    page.goto(f"/contracts/{contract.pk}/")
    assert page.get_by_test_id("invoice-row").count() == 1
    assert "In review" in page.get_by_test_id("invoice-row").inner_text()

    # The freelancer sees the same week, and cannot delete invoiced time any more.
    fpage = _second_page(browser, live_server, "tom@example.com")
    fpage.goto(f"/contracts/{contract.pk}/diary/?date=2024-06-03")
    assert fpage.get_by_test_id("segment").count() == 8
    assert fpage.get_by_role("button", name="Delete").count() == 0
    assert verify_ledger() == []

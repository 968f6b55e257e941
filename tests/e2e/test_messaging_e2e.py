"""Browser journeys for messaging (issue 11).

1. A client and a freelancer in two browser contexts exchange messages on a contract's room; new
   messages and the header's unread count change without reloading (htmx polling).
2. A dispute's case thread on the contract page shows both sides' messages.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from hirehall.contracts.services import identity_set_verified, milestone_submit
from hirehall.contracts.services.disputes import milestone_dispute_open
from hirehall.core.testing import make_user
from hirehall.ledger.operations import deposit_record
from hirehall.messaging.models import Message
from hirehall.proposals.testing import fixed_contract

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WAIT = 15_000  # ms: polls run every 3 s (room) and 5 s (header badge)


def _second_page(browser, live_server, email: str):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    browser_login(page, email)
    return page


def _contract():
    client = make_user("carla@example.com", freelancer=False, name="Carla Client")
    freelancer = make_user("felix@example.com", client=False, name="Felix Freelancer")
    deposit_record(actor=client, amount_cents=2_000_00, key="e2e-messaging-deposit", provider_ref="e2e")
    return fixed_contract(client, freelancer, (300_00,), title="Logo redesign")


def test_two_people_exchange_messages_and_see_unread_counts_live(page, browser, live_server) -> None:
    contract = _contract()
    browser_login(page, "carla@example.com")
    fpage = _second_page(browser, live_server, "felix@example.com")
    badge = fpage.get_by_test_id("unread-count")
    expect(badge).to_be_hidden()  # nothing unread yet

    # The client opens the contract's room from the contract page and writes.
    page.goto(f"/contracts/{contract.pk}/")
    page.get_by_test_id("contract-room-link").click()
    expect(page.get_by_role("heading", name="Logo redesign")).to_be_visible()
    page.get_by_test_id("send-body").fill("Hi Felix, here is the brief.")
    page.get_by_test_id("send-button").click()
    expect(page.get_by_test_id("message-body")).to_have_text(["Hi Felix, here is the brief."])
    expect(page.get_by_test_id("send-body")).to_have_value("")

    # The freelancer's header count goes to 1 without a reload; a second message makes it 2.
    number = fpage.get_by_test_id("unread-number")
    expect(number).to_have_text("1", timeout=WAIT)
    page.get_by_test_id("send-body").fill("And the colours.")
    page.get_by_test_id("send-button").click()
    expect(number).to_have_text("2", timeout=WAIT)

    # The freelancer opens the inbox (the room is bold: unread) and the room, and answers.
    fpage.get_by_test_id("inbox-link").click()
    row = fpage.get_by_test_id("inbox-row")
    expect(row).to_have_class("inbox-row unread")
    expect(row.get_by_test_id("room-unread")).to_contain_text("2")
    row.get_by_role("link").first.click()
    expect(fpage.get_by_test_id("message-body")).to_have_count(2)
    expect(fpage.get_by_test_id("unread-count")).to_be_hidden(timeout=WAIT)  # read now
    fpage.get_by_test_id("send-body").fill("Thanks Carla, on it.")
    fpage.get_by_test_id("send-button").click()

    # The client's open room shows the answer without reloading, and each message once.
    expect(page.get_by_test_id("message-body")).to_have_text(
        ["Hi Felix, here is the brief.", "And the colours.", "Thanks Carla, on it."], timeout=WAIT
    )
    fpage.wait_for_timeout(3500)  # a poll after the send must not duplicate the message
    expect(fpage.get_by_test_id("message-body")).to_have_count(3)
    assert Message.objects.filter(room__contract=contract).count() == 3


def test_dispute_case_thread_shows_both_sides(page, browser, live_server) -> None:
    contract = _contract()
    staff = make_user("staff-msg-e2e@example.com", is_staff=True)
    identity_set_verified(actor=staff, user=contract.freelancer, verified=True)
    milestone = contract.milestones.get()
    milestone_submit(actor=contract.freelancer, contract=contract, milestone_id=milestone.pk, message="Done")
    milestone_dispute_open(
        actor=contract.freelancer, contract=contract, milestone_id=milestone.pk, reason="Not released"
    )

    browser_login(page, "felix@example.com")
    page.goto(f"/contracts/{contract.pk}/")
    case = page.get_by_test_id("dispute")
    expect(case.get_by_test_id("case-statement")).to_contain_text(["Not released"])
    case.get_by_test_id("case-message-input").fill("The files were delivered on time.")
    case.get_by_role("button", name="Add to the case").click()

    cpage = _second_page(browser, live_server, "carla@example.com")
    cpage.goto(f"/contracts/{contract.pk}/")
    ccase = cpage.get_by_test_id("dispute")
    expect(ccase.get_by_test_id("case-deadline").first).to_contain_text("left")
    ccase.get_by_test_id("case-message-input").fill("They did not match the brief.")
    ccase.get_by_role("button", name="Add to the case").click()
    expected = ["The files were delivered on time.", "They did not match the brief."]
    expect(cpage.get_by_test_id("case-message")).to_contain_text(expected)
    page.reload()
    expect(page.get_by_test_id("case-message")).to_contain_text(expected)

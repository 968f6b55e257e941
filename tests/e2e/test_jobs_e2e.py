"""Browser journey: a client posts a job; a freelancer finds it by search and applies, spending
Connects; the client shortlists, messages and sends an offer; the freelancer accepts."""

from __future__ import annotations

import pytest

from conftest import browser_login, pick_skill
from hirehall.connects.selectors import connects_balance
from hirehall.contracts.models import Contract
from hirehall.core.testing import make_user
from hirehall.jobs.testing import any_category
from hirehall.ledger.operations import deposit_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_post_find_apply_shortlist_message_offer_accept(page, browser, live_server):
    category = any_category()
    client = make_user("clio@example.com", freelancer=False, name="Clio Client")
    freelancer = make_user("fred@example.com", client=False, name="Fred Freelancer")
    deposit_record(actor=client, amount_cents=1_000_00, key="e2e-deposit", provider_ref="e2e")

    # The client posts a job through the wizard.
    browser_login(page, "clio@example.com")
    page.goto("/jobs/new/")
    page.get_by_label("Title").fill("Nightly CSV pipeline into PostgreSQL")
    page.get_by_label("Category").select_option(category.slug)
    pick_skill(page, "python", "Python")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/edit/2/")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/edit/3/")
    page.get_by_label("Fixed price").check()
    page.get_by_label("Fixed budget ($)").fill("600")
    assert page.get_by_role("heading", name="Rate guidance (hourly)").is_visible()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/edit/4/")
    page.get_by_label("Description").fill("Load our nightly CSV exports into PostgreSQL, with alerts.")
    page.get_by_label("Questions").fill("What is your time zone?")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/edit/5/")
    assert page.get_by_test_id("connects-cost").inner_text() == "6"
    page.get_by_role("button", name="Post job").click()
    page.wait_for_url("**/jobs/*/")
    job_url = page.url
    assert page.get_by_test_id("connects-required").inner_text() == "6"

    # The freelancer finds it by search and applies.
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    fpage = context.new_page()
    browser_login(fpage, "fred@example.com")
    fpage.goto("/jobs/?q=csv+pipeline")
    fpage.get_by_role("link", name="Nightly CSV pipeline into PostgreSQL").click()
    fpage.get_by_role("link", name="Apply now").click()
    assert fpage.get_by_test_id("apply-cost").inner_text().startswith("6")
    assert fpage.get_by_test_id("apply-balance").inner_text() == "40 Connects"
    fpage.get_by_label("Your bid").fill("550")
    fpage.get_by_label("Cover letter").fill("I run this kind of pipeline for three clients today.")
    fpage.get_by_label("What is your time zone?").fill("UTC+1")
    fpage.get_by_role("button", name="Send proposal for 6 Connects").click()
    fpage.wait_for_url("**/proposals/*/")
    assert connects_balance(freelancer) == 34

    # The client shortlists, messages and sends an offer (first milestone funded from the wallet).
    page.goto(job_url)
    page.get_by_role("link", name="Review proposals").click()
    page.get_by_role("link", name="Fred Freelancer").click()
    page.get_by_role("button", name="Shortlist").click()
    assert page.get_by_test_id("proposal-status").inner_text() == "Shortlisted"
    proposal_url = page.url
    page.get_by_test_id("proposal-room-link").click()  # the interview is a conversation room
    page.get_by_test_id("send-body").fill("Can you start on Monday?")
    page.get_by_test_id("send-button").click()
    page.get_by_test_id("message-body").filter(has_text="Can you start on Monday?").wait_for()
    page.goto(proposal_url)
    page.get_by_role("link", name="Send offer").click()
    page.get_by_role("button", name="Send offer").click()
    page.wait_for_url("**/offers/*/")
    assert page.get_by_test_id("offer-status").inner_text() == "Sent"

    # The freelancer accepts: the contract exists.
    fpage.reload()
    fpage.get_by_role("link", name="Offer: Nightly CSV pipeline into PostgreSQL").click()
    fpage.get_by_role("button", name="Accept offer").click()
    fpage.wait_for_url("**/contracts/*/")
    assert fpage.get_by_test_id("contract-status").inner_text().startswith("Active")
    contract = Contract.objects.get()
    assert (contract.client_id, contract.freelancer_id) == (client.pk, freelancer.pk)
    assert contract.total_cents == 550_00
    context.close()

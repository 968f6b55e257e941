"""Browser journey for reputation (issue 10): the client ends a contract and leaves feedback; the
freelancer leaves theirs; both become visible; the profile shows the work history and earnings and,
after a second client, the Job Success Score."""

from __future__ import annotations

import pytest

from conftest import browser_login
from hirehall.core.testing import make_user
from hirehall.profiles import services as profile_services
from hirehall.reputation.rules import CLIENT_CATEGORIES, FREELANCER_CATEGORIES
from hirehall.reputation.testing import leave, paid_contract

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _second_page(browser, live_server, email: str):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_login(page, email)
    return page


def test_feedback_both_ways_then_work_history_and_jss(page, browser, live_server) -> None:
    client = make_user("cora@example.com", freelancer=False, name="Cora Client")
    freelancer = make_user("fred@example.com", client=False, name="Fred Freelancer")
    profile = profile_services.freelancer_profile_ensure(actor=freelancer)
    profile_services.freelancer_profile_update(actor=freelancer, profile=profile, title="Data engineer")
    contract = paid_contract(client, freelancer, 725_00, title="Nightly CSV loader", end=False)

    # The client ends the contract and is taken to the feedback form.
    browser_login(page, "cora@example.com")
    page.goto(f"/contracts/{contract.pk}/")
    page.get_by_role("button", name="End contract").click()  # opens the confirmation dialog
    page.locator("dialog[open]").get_by_role("button", name="End contract").click()
    page.wait_for_url(f"**/contracts/{contract.pk}/feedback/")
    for key in CLIENT_CATEGORIES:
        page.select_option(f"select[name={key}]", "5")
    page.fill("textarea[name=comment]", "Superb loader, delivered early.")
    page.select_option("select[name=recommend]", "10")
    page.get_by_role("button", name="Submit feedback").click()
    assert page.get_by_text("Your feedback shows when the other side").is_visible()

    # The freelancer sees that it exists but not what it says, then leaves theirs: both show.
    fred = _second_page(browser, live_server, "fred@example.com")
    fred.goto(f"/contracts/{contract.pk}/feedback/")
    assert fred.get_by_test_id("feedback-hidden").is_visible()
    assert "Superb loader" not in fred.content()
    for key in FREELANCER_CATEGORIES:
        fred.select_option(f"select[name={key}]", "5")
    fred.fill("textarea[name=comment]", "Clear brief, quick payment.")
    fred.get_by_role("button", name="Submit feedback").click()
    assert fred.get_by_text("Superb loader, delivered early.").is_visible()
    assert "would recommend 10" not in fred.content()  # the private part stays private
    page.reload()
    assert page.get_by_text("Clear brief, quick payment.").is_visible()

    # The profile shows the work history and the earnings; no JSS with one client.
    page.goto(f"/freelancers/{profile.pk}/")
    assert page.get_by_test_id("history-item").count() == 1
    assert page.get_by_test_id("total-earned").inner_text() == "$725.00"
    assert "No score yet" in page.get_by_test_id("jss").inner_text()

    # After a second client's contract and feedback, the JSS shows.
    other = make_user("olga@example.com", freelancer=False, name="Olga Other")
    second = paid_contract(other, freelancer, 300_00, title="Schema migration")
    leave(other, second, 5)
    leave(freelancer, second, 5)
    page.reload()
    assert page.get_by_test_id("history-item").count() == 2
    assert page.get_by_test_id("jss").inner_text().startswith("100%")
    assert page.get_by_test_id("total-earned").inner_text() == "$1,025.00"

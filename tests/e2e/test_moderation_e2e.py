"""Browser journey for trust and safety (issue 13): a freelancer sends a flagged message to a client
they have no contract with → it lands in the staff queue → staff open it in context, hide it and
restrict the sender (chosen features, with a reason) → the freelancer reads the restriction and its
reason on their standing page and appeals → staff see the appeal. Screenshots of the console, the
flagged item and the standing page at 1280 and 390 px go to var/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from hirehall.core.testing import make_user
from hirehall.jobs.testing import open_job
from hirehall.messaging import services as messaging_services
from hirehall.moderation.models import Appeal, Flag, Restriction
from hirehall.proposals.tests.helpers import apply

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
LEAK = "Happy to help! Let's continue on WhatsApp +44 7700 900123, it's cheaper without the fee."
HIDE_REASON = "Phone numbers before a contract are not allowed: keep the conversation on Hirehall."
RESTRICT_REASON = (
    "You asked a client to move to WhatsApp to avoid the fee. Messaging and proposals are paused "
    "for now; appeal below if this was a mistake."
)


def _shoot(page, name: str) -> None:
    """The page at both widths; at 390 px nothing may overflow sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"moderation-{name}-{label}.png"), full_page=True)
        if label == "390":
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.set_viewport_size(VIEWPORTS["1280"])


def _context(browser, live_server, email: str):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["1280"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_login(page, email)
    return page


def test_staff_work_a_flagged_message_to_a_restriction_and_the_user_appeals(page, browser, live_server):
    client = make_user("carla-mod@example.com", freelancer=False, name="Carla Client")
    freelancer = make_user("felix-mod@example.com", client=False, name="Felix Freelancer")
    make_user("sam-staff@example.com", is_staff=True, name="Sam Staff")
    proposal = apply(freelancer, open_job(client, title="Bakery order dashboard"))
    room = messaging_services.room_for_proposal(actor=client, proposal=proposal)
    messaging_services.message_send(actor=client, room=room, body="Hi Felix, when could you start?")

    # The freelancer answers with a phone number: warned first, sends anyway.
    page.set_viewport_size(VIEWPORTS["1280"])
    browser_login(page, "felix-mod@example.com")
    page.goto(f"/messages/{room.pk}/")
    page.get_by_test_id("send-body").fill(LEAK)
    page.get_by_test_id("send-button").click()
    warning = page.get_by_test_id("offplatform-warning")
    expect(warning).to_contain_text("a phone number")
    expect(page.get_by_test_id("send-button")).to_have_text("Send anyway")
    _shoot(page, "room-warning")
    page.get_by_test_id("send-button").click()
    expect(page.get_by_test_id("message-body")).to_have_count(2)
    flag = Flag.objects.get(source="message")

    # Staff find it in the queue and open it in context.
    staff = _context(browser, live_server, "sam-staff@example.com")
    staff.locator("summary", has_text="Account").click()
    staff.get_by_role("link", name="Moderation queue").click()
    expect(staff.get_by_role("heading", name="Moderation queue")).to_be_visible()
    expect(staff.locator(".moderation-excerpt").first).to_contain_text("+44 7700 900123")
    _shoot(staff, "console")
    staff.get_by_test_id("open-in-context").first.click()
    expect(staff.get_by_test_id("staff-focus")).to_contain_text("WhatsApp")
    expect(staff.get_by_test_id("staff-context")).to_contain_text("Hi Felix, when could you start?")
    _shoot(staff, "flagged-message")

    # Hide the message: the client sees the placeholder instead of the number.
    staff.get_by_label("Hide it from both members").fill(HIDE_REASON)
    staff.get_by_role("button", name="Hide the message").click()
    expect(staff.get_by_test_id("staff-message-hidden")).to_be_visible()
    expect(staff.get_by_test_id("staff-focus")).to_contain_text("WhatsApp")  # staff keep the original
    carla = _context(browser, live_server, "carla-mod@example.com")
    carla.goto(f"/messages/{room.pk}/")
    expect(carla.get_by_test_id("message-removed")).to_have_text("Removed by Hirehall staff")
    expect(carla.get_by_test_id("thread")).not_to_contain_text("7700")
    _shoot(carla, "room-hidden-recipient")

    # Restrict the sender: messaging and proposals, with a reason.
    form = staff.get_by_test_id("sender-action-form")
    form.get_by_label("Action").select_option("restrict")
    form.get_by_label("Send messages").check()
    form.get_by_label("Send proposals").check()
    form.get_by_label("Reason").fill(RESTRICT_REASON)
    form.get_by_role("button", name="Apply to the sender").click()
    expect(staff.get_by_text("Done. The user was told why.")).to_be_visible()
    expect(staff.get_by_text("cannot send messages, send proposals")).to_be_visible()
    _shoot(staff, "flagged-message-worked")
    restriction = Restriction.objects.get(user=freelancer)
    assert sorted(restriction.features) == ["messages", "proposals"]
    flag.refresh_from_db()
    assert flag.status == "actioned"

    # The freelancer: the room shows the removal and why; sending is refused with the reason;
    # the standing page (Account menu) explains the restriction; they appeal.
    page.goto(f"/messages/{room.pk}/")
    expect(page.get_by_test_id("message-removed-reason")).to_contain_text(HIDE_REASON)
    _shoot(page, "room-hidden-sender")
    page.get_by_test_id("send-body").fill("Sorry, I will keep it here.")
    page.get_by_test_id("send-button").click()
    expect(page.get_by_test_id("send-error")).to_contain_text("WhatsApp to avoid the fee")
    page.locator("summary", has_text="Account").click()
    page.get_by_role("link", name="Account standing").click()
    expect(page.get_by_role("heading", name="Your account is restricted")).to_be_visible()
    expect(page.get_by_text(RESTRICT_REASON).first).to_be_visible()
    expect(page.get_by_text("you cannot send messages, send proposals")).to_be_visible()
    expect(page.get_by_test_id("staff-decisions")).to_contain_text(HIDE_REASON)
    _shoot(page, "standing")
    page.get_by_label("Why should staff reconsider?").first.fill(
        "I misunderstood the rule; I will keep everything on Hirehall."
    )
    page.get_by_role("button", name="Appeal").first.click()
    expect(page.get_by_text("Your appeal was sent.")).to_be_visible()
    _shoot(page, "standing-appealed")
    assert Appeal.objects.get(user=freelancer).restriction == restriction

    # Staff see the appeal in the queue.
    staff.goto("/staff/")
    appeals = staff.locator("section", has=staff.get_by_role("heading", name="Appeals (1)"))
    expect(appeals).to_contain_text("I misunderstood the rule")
    expect(appeals).to_contain_text("Felix Freelancer")


def test_the_proposal_form_and_the_job_review_warn_before_sending(page, browser, live_server):
    from hirehall.jobs.services import job_create
    from hirehall.jobs.testing import job_fields

    client = make_user("cora-mod@example.com", freelancer=False, name="Cora Client")
    make_user("fred-mod@example.com", client=False, name="Fred Freelancer")
    job = open_job(client, title="Inventory sync for a bakery")
    draft = job_create(
        actor=client,
        fields=job_fields(title="Logo for a bakery", description="Send samples to cora@bakery-mail.com"),
        publish=False,
    )

    page.set_viewport_size(VIEWPORTS["1280"])
    browser_login(page, "fred-mod@example.com")
    page.goto(f"/jobs/{job.pk}/apply/")
    page.get_by_label("Your bid").fill("500.00")
    page.get_by_label("Cover letter").fill(LEAK)
    page.get_by_role("button", name=re.compile("^Send proposal for")).click()
    expect(page.get_by_test_id("offplatform-warning")).to_contain_text("a phone number")
    _shoot(page, "apply-warning")
    page.get_by_role("button", name=re.compile("^Send anyway for")).click()
    expect(page.get_by_text("Proposal sent.")).to_be_visible()

    cora = _context(browser, live_server, "cora-mod@example.com")
    cora.goto(f"/jobs/{draft.pk}/edit/5/")
    expect(cora.get_by_test_id("offplatform-warning")).to_contain_text("an email address")
    _shoot(cora, "job-review-warning")

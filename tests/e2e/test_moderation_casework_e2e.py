"""Browser: the staff casework pages (ledger adjustments with four eyes, the identity queue) and the
freelancer's "Verify your identity" page, at 1280 and 390 px (screenshots in var/screenshots/).

Journeys: a freelancer sends an identity check from the page, staff refuse it with a reason, the
freelancer reads it and sends a new one, staff approve it; a staff member requests an adjustment
above the threshold and a second staff member approves it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import browser_login
from hirehall.core.testing import make_user
from hirehall.ledger.selectors import balances_for
from hirehall.moderation.models import AdjustmentStatus, IdentityStatus, IdentitySubmission, LedgerAdjustment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def png_bytes(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), color).save(out, "PNG")
    return out.getvalue()


def shoot(page: Any, name: str, viewport: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[viewport]["width"], f"{name}: {width}px wide at {viewport}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the sticky header stays on top in a full-page shot
    page.screenshot(path=str(SHOTS / f"{name}-{viewport}.png"), full_page=True)


def session(browser: Any, live_server: Any, email: str, viewport: str) -> Any:
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[viewport])
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_login(page, email)
    return page


def send_check(page: Any, document: bytes, selfie: bytes) -> None:
    page.goto("/settings/identity/")
    page.set_input_files(
        "input[name=document]", files=[{"name": "passport.png", "mimeType": "image/png", "buffer": document}]
    )
    page.set_input_files(
        "input[name=selfie]", files=[{"name": "selfie.png", "mimeType": "image/png", "buffer": selfie}]
    )
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_url("**/settings/identity/")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_identity_check_refused_then_approved(browser, live_server, viewport: str) -> None:
    freelancer = make_user(f"id-e2e-{viewport}@example.com", name="Fran Lancer")
    make_user(f"id-e2e-staff-{viewport}@example.com", is_staff=True, name="Sam Staff")
    page = session(browser, live_server, freelancer.email, viewport)
    page.goto("/dashboard/")
    assert page.get_by_role("link", name="Verify your identity").count() == 1  # an onboarding step
    page.goto("/settings/identity/")
    shoot(page, "identity-new", viewport)
    send_check(page, png_bytes((30, 60, 90)), png_bytes((200, 160, 120)))
    assert "Waiting for review" in page.text_content("[data-testid=identity-status]")
    shoot(page, "identity-pending", viewport)

    staff = session(browser, live_server, f"id-e2e-staff-{viewport}@example.com", viewport)
    staff.goto("/staff/identity/")
    shoot(staff, "staff-identity-queue", viewport)
    check = IdentitySubmission.objects.get(user=freelancer)
    card = staff.locator(f"[data-testid=identity-{check.pk}]")
    card.get_by_label("Reason the freelancer reads").fill("The selfie does not show your face.")
    card.get_by_role("button", name="Refuse").click()
    staff.wait_for_url("**/staff/identity/")

    page.goto("/settings/identity/")
    status = page.text_content("[data-testid=identity-status]")
    assert "The selfie does not show your face." in status
    shoot(page, "identity-refused", viewport)
    send_check(page, png_bytes((30, 60, 90)), png_bytes((90, 160, 120)))

    staff.goto("/staff/identity/")
    second = IdentitySubmission.objects.get(user=freelancer, status=IdentityStatus.PENDING)
    staff.locator(f"[data-testid=identity-{second.pk}]").get_by_role("button", name="Approve").click()
    staff.wait_for_url("**/staff/identity/")
    page.goto("/settings/identity/")
    assert "Your identity is verified." in page.text_content("[data-testid=identity-status]")
    shoot(page, "identity-verified", viewport)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_adjustment_above_the_threshold_needs_a_second_staff_member(
    browser, live_server, viewport: str
) -> None:
    user = make_user(f"adj-e2e-{viewport}@example.com", name="Cleo Client")
    make_user(f"adj-e2e-a-{viewport}@example.com", is_staff=True, name="Ana Staff")
    make_user(f"adj-e2e-b-{viewport}@example.com", is_staff=True, name="Ben Staff")
    first = session(browser, live_server, f"adj-e2e-a-{viewport}@example.com", viewport)
    first.goto(f"/staff/users/{user.pk}/")
    first.get_by_role("link", name="Adjust balance").click()
    first.select_option("select[name=account]", "wallet")
    first.select_option("select[name=direction]", "credit")
    first.get_by_label("Amount (USD)").fill("150.00")
    first.get_by_label("Reason the user reads").fill("Refund of the duplicate marketplace fee of March 2")
    shoot(first, "staff-adjustment-new", viewport)
    first.get_by_role("button", name="Request the adjustment").click()
    first.wait_for_url("**/staff/adjustments/")
    adjustment = LedgerAdjustment.objects.get(user=user)
    assert adjustment.status == AdjustmentStatus.PENDING
    assert "You requested this one" in first.text_content(f"[data-testid=adjustment-{adjustment.pk}]")
    shoot(first, "staff-adjustments-requester", viewport)

    second = session(browser, live_server, f"adj-e2e-b-{viewport}@example.com", viewport)
    second.goto("/staff/adjustments/")
    shoot(second, "staff-adjustments-approver", viewport)
    second.locator(f"[data-testid=adjustment-{adjustment.pk}]").get_by_role(
        "button", name="Approve and apply"
    ).click()
    second.wait_for_url("**/staff/adjustments/")
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.APPLIED
    assert balances_for(user).wallet_available == 150_00
    shoot(second, "staff-adjustments-decided", viewport)

    person = session(browser, live_server, user.email, viewport)
    person.goto("/transactions/")
    assert "Refund of the duplicate marketplace fee of March 2" in person.content()
    shoot(person, "transactions-adjustment", viewport)

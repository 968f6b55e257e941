"""Spanish pages in Chromium (issue 12 leftovers): the dispute countdown that hirehall.js writes is
Spanish ("quedan 2 d 23 h"), and the Work Diary writes its dates the Spanish way. Screenshots at 1280
and 390 px go to var/screenshots/; nothing overflows sideways on a phone."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from conftest import browser_login
from hirehall.accounts.services import user_set_locale
from hirehall.contracts.services import identity_set_verified, milestone_submit
from hirehall.contracts.services.disputes import milestone_dispute_open
from hirehall.contracts.tests.helpers import track
from hirehall.core.testing import make_user
from hirehall.ledger.operations import deposit_record
from hirehall.proposals.testing import fixed_contract, hourly_contract

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
        page.screenshot(path=str(SHOTS / f"i18n-es-{name}-{label}.png"), full_page=True)


def _parties():
    client = make_user("carla@example.com", freelancer=False, name="Carla Client")
    freelancer = make_user("felix@example.com", client=False, name="Felix Freelancer")
    deposit_record(actor=client, amount_cents=2_000_00, key="e2e-i18n-d-deposit", provider_ref="e2e")
    return client, freelancer


def test_the_dispute_countdown_is_written_in_spanish(page) -> None:
    client, freelancer = _parties()
    contract = fixed_contract(client, freelancer, (300_00,), title="Rediseño del logotipo")
    staff = make_user("staff-i18n-d@example.com", is_staff=True)
    identity_set_verified(actor=staff, user=freelancer, verified=True)
    milestone = contract.milestones.get()
    milestone_submit(actor=freelancer, contract=contract, milestone_id=milestone.pk, message="Listo")
    milestone_dispute_open(actor=freelancer, contract=contract, milestone_id=milestone.pk, reason="Sin pagar")
    user_set_locale(actor=client, language="es")
    browser_login(page, "carla@example.com")

    page.goto(f"/contracts/{contract.pk}/")
    countdown = page.get_by_test_id("case-deadline").first.locator("[data-deadline]")
    # The server writes "quedan 2 días, 23 horas"; the script replaces it with its own short form.
    expect(countdown).to_have_text(re.compile(r"^quedan \d+ (d \d+ h|h \d+ min)$"))
    page.get_by_test_id("dispute").scroll_into_view_if_needed()
    _shoot(page, "dispute-countdown")


def test_the_work_diary_in_spanish(page) -> None:
    client, freelancer = _parties()
    with time_machine.travel(datetime(2024, 6, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=40)
        clock.move_to(datetime(2024, 6, 6, 20, 0, tzinfo=UTC))
        track(freelancer, contract, datetime(2024, 6, 5, 14, 0, tzinfo=UTC), 2)
    user_set_locale(actor=client, language="es")
    browser_login(page, "carla@example.com")

    page.goto(f"/contracts/{contract.pk}/diary/?date=2024-06-05")
    expect(page.get_by_role("heading", level=1)).to_contain_text("miércoles, 5 de junio de 2024")
    expect(page.locator("#cal-h")).to_have_text("junio de 2024")
    _shoot(page, "diary")

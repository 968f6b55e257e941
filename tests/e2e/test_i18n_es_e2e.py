"""The contract page, the proposals list and a messages room in Spanish, in Chromium at 1280 and 390 px:
Spanish text shows, nothing overflows sideways on a phone. Screenshots go to var/screenshots/.

The freelancer's own language setting is Spanish (the middleware activates it for their requests).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from hirehall.core.testing import make_user
from hirehall.ledger.operations import deposit_record
from hirehall.messaging.testing import say
from hirehall.proposals.testing import fixed_contract

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def _contract():
    client = make_user("carla@example.com", freelancer=False, name="Carla Client")
    freelancer = make_user("felix@example.com", client=False, name="Felix Freelancer", language="es")
    deposit_record(actor=client, amount_cents=2_000_00, key="e2e-i18n-deposit", provider_ref="e2e")
    contract = fixed_contract(client, freelancer, (300_00, 450_00), title="Rediseño del logotipo")
    say(client, contract.offer.proposal, "Hola Felix, te paso el briefing con los colores de la marca.")
    return contract


def _shoot(page, name: str, heading: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
        page.screenshot(path=str(SHOTS / f"i18n-es-{name}-{label}.png"), full_page=True)


def test_contract_proposals_and_messages_pages_in_spanish(page) -> None:
    contract = _contract()
    browser_login(page, "felix@example.com")

    page.goto(f"/contracts/{contract.pk}/")
    expect(page.get_by_role("heading", name="Condiciones")).to_be_visible()
    expect(page.get_by_role("heading", name="Hitos")).to_be_visible()
    _shoot(page, "contract", "Rediseño del logotipo")

    page.goto("/proposals/")
    expect(page.get_by_role("columnheader", name="Puja")).to_be_visible()
    _shoot(page, "proposals", "Tus propuestas")

    page.goto(f"/messages/{contract.offer.proposal.room.pk}/")
    expect(page.get_by_placeholder("Escribe un mensaje")).to_be_visible()
    _shoot(page, "room", "Rediseño del logotipo")

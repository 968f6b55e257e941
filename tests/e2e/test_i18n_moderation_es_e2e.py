"""Moderation and reputation pages in Spanish, in Chromium at 1280 and 390 px: the user's standing page
(restricted after three strikes), the staff console, the staff page of a user, a flagged message in
context, and the reputation page with its per-contract reasons. Spanish text shows, nothing overflows
sideways on a phone. Screenshots go to var/screenshots/.

The freelancer and the staff member chose Spanish in their settings (`user_set_locale`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import TestCase
from playwright.sync_api import expect

from conftest import browser_login
from hirehall.accounts.services import user_set_locale
from hirehall.core.testing import make_user
from hirehall.jobs.testing import open_job
from hirehall.messaging import services as messaging_services
from hirehall.moderation.models import Flag
from hirehall.proposals.tests.helpers import apply
from hirehall.reputation.testing import leave, paid_contract

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
LEAK = "Great fit. Email me at john.doe@gmail.com and we can sort it out there."


def _shoot(page, name: str, heading: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        page.screenshot(path=str(SHOTS / f"i18n-es-{name}-{label}.png"), full_page=True)
        main = page.evaluate(
            "(() => { const m = document.querySelector('main'); return m.scrollWidth - m.clientWidth; })()"
        )
        assert main <= 0, f"{name}: the page's content overflows by {main}px at {width}px"
        if label == "phone":
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"


def test_moderation_and_reputation_pages_in_spanish(page) -> None:
    client = make_user("carla@example.com", freelancer=False, name="Carla Client")
    freelancer = make_user("felix@example.com", client=False, name="Felix Freelancer")
    staff = make_user("sam-staff@example.com", is_staff=True, name="Sam Staff")
    other = make_user("dora@example.com", freelancer=False, name="Dora Client")
    for buyer in (client, other):  # two contracts with feedback: the reputation page has its inputs
        contract = paid_contract(buyer, freelancer, 800_00, title=f"Logotipo para {buyer.display_name}")
        leave(buyer, contract, 5)
        leave(freelancer, contract, 5)
    # Strikes come from writing to someone without a contract: a third client.
    stranger = make_user("pablo@example.com", freelancer=False, name="Pablo Prospect")
    proposals = [
        apply(freelancer, open_job(stranger, title=f"Pipeline {i}"), cover_letter=LEAK) for i in range(2)
    ]
    room = messaging_services.room_for_proposal(actor=stranger, proposal=proposals[0])
    with TestCase.captureOnCommitCallbacks(execute=True):  # the client opens; the third strike: a message
        messaging_services.message_send(actor=stranger, room=room, body="Hola Felix, ¿hablamos del alcance?")
        messaging_services.message_send(actor=freelancer, room=room, body=LEAK, acknowledge_warning=True)
    message_flag = Flag.objects.get(source="message")

    for person in (freelancer, staff):
        user_set_locale(actor=person, language="es", time_zone="Europe/Madrid")
    browser_login(page, "felix@example.com")
    page.goto("/settings/standing/")
    expect(page.get_by_role("heading", name="Tu cuenta está restringida")).to_be_visible()
    expect(
        page.get_by_text("no puedes enviar propuestas, publicar trabajos, enviar mensajes")
    ).to_be_visible()
    _shoot(page, "standing", "Estado de la cuenta")
    page.goto("/me/reputation/")
    expect(page.get_by_text("Este contrato cuenta como positivo").first).to_be_visible()
    _shoot(page, "reputation", "Tu reputación")

    page.context.clear_cookies()
    browser_login(page, "sam-staff@example.com")
    page.goto("/staff/")
    expect(page.get_by_role("heading", name="Alertas (3)")).to_be_visible()
    _shoot(page, "staff-console", "Cola de moderación")
    page.goto(f"/staff/users/{freelancer.pk}/")
    expect(page.get_by_role("heading", name="Historial del personal")).to_be_visible()
    _shoot(page, "staff-user", "Felix Freelancer")
    page.goto(f"/staff/messages/{message_flag.object_id}/")
    expect(page.get_by_role("heading", name="Actuar sobre este mensaje")).to_be_visible()
    _shoot(page, "staff-message", "Mensaje de Felix Freelancer")

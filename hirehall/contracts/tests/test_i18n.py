"""Spanish for the apps that keep their translations in their own `locale/` (contracts, proposals,
messaging, reputation, notifications, privacy, webhooks): a representative page or email of each,
rendered in Spanish, shows the Spanish text; English stays the default.

The pages are asked for inside `translation.override("es")` (and with `Accept-Language: es`, so the
tests keep meaning the same thing once LocaleMiddleware picks the language per request).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from hirehall.contracts.tests.helpers import verified_parties
from hirehall.messaging.testing import say
from hirehall.proposals.testing import fixed_contract

pytestmark = pytest.mark.django_db

APPS = ("contracts", "proposals", "messaging", "reputation", "notifications", "privacy", "webhooks")


def browser(user) -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE="es")
    c.force_login(user)
    return c


def spanish(c: Client, path: str) -> str:
    with translation.override("es"):
        response = c.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("app", APPS)
def test_each_app_ships_a_complete_compiled_spanish_catalogue(app: str) -> None:
    po = Path(settings.BASE_DIR) / "hirehall" / app / "locale" / "es" / "LC_MESSAGES" / "django.po"
    text = po.read_text()
    assert "#, fuzzy" not in text
    assert '\nmsgstr ""\n\n' not in text + "\n"  # an untranslated single-line entry
    assert po.with_suffix(".mo").stat().st_size > 0


def test_messaging_room_and_inbox_in_spanish(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    contract = fixed_contract(client, freelancer)
    room_message = say(client, contract.offer.proposal, "Hello, can we talk?")
    as_client = browser(client)
    room = spanish(as_client, f"/messages/{room_message.room_id}/")
    assert "Escribe un mensaje" in room and "Adjuntar archivos" in room and "Hello, can we talk?" in room
    inbox = spanish(as_client, "/messages/")
    assert "Bandeja de entrada" in inbox and "Buscar en tus mensajes" in inbox
    assert "Write a message" in as_client.get(f"/messages/{room_message.room_id}/").content.decode()


def test_proposal_pages_in_spanish(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    contract = fixed_contract(client, freelancer)
    proposal = contract.offer.proposal
    mine = spanish(browser(freelancer), "/proposals/")
    assert "Tus propuestas" in mine and "Contratada" in mine  # the heading and the status label
    detail = spanish(browser(client), f"/proposals/{proposal.pk}/")
    assert "Carta de presentación" in detail
    review = spanish(browser(client), f"/jobs/{proposal.job_id}/proposals/")
    assert "Mejor coincidencia" in review and "Invitar a un freelancer" in review

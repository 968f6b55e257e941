"""Spanish for the apps that keep their translations in their own `locale/` (contracts, proposals,
messaging, reputation, notifications, privacy, webhooks): a representative page or email of each,
rendered in Spanish, shows the Spanish text; English stays the default.

The pages are asked for by a user whose language setting is Spanish (the middleware activates it).
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


def browser(user, language: str = "es") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    c = Client(HTTP_ACCEPT_LANGUAGE=language)
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
    as_english = browser(client, "en")
    assert "Write a message" in as_english.get(f"/messages/{room_message.room_id}/").content.decode()


def test_proposal_pages_in_spanish(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    contract = fixed_contract(client, freelancer)
    proposal = contract.offer.proposal
    mine = spanish(browser(freelancer), "/proposals/")
    assert "Tus propuestas" in mine and "Contratado" in mine  # the heading and the status label
    detail = spanish(browser(client), f"/proposals/{proposal.pk}/")
    assert "Carta de presentación" in detail
    review = spanish(browser(client), f"/jobs/{proposal.job_id}/proposals/")
    assert "Mejor coincidencia" in review and "Invitar a un freelancer" in review


def test_contract_pages_in_spanish(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    contract = fixed_contract(client, freelancer)
    page = spanish(browser(client), f"/contracts/{contract.pk}/")
    assert "Condiciones" in page and "Financiado (en depósito en garantía)" in page
    assert "¿Finalizar el contrato y pedir la devolución del depósito en garantía?" in page  # cotton attrs
    listing = spanish(browser(freelancer), "/contracts/")
    assert "Contratos" in listing and "Precio fijo" in listing and "Freelancer" in listing
    english = browser(client, "en").get(f"/contracts/{contract.pk}/").content.decode()
    assert "Terms" in english and "Funded (in escrow)" in english


def test_a_notification_is_stored_in_the_recipients_language_not_the_actors(
    user_factory, monkeypatch
) -> None:
    from hirehall.notifications import emails
    from hirehall.notifications.models import Notification

    client, freelancer, _ = verified_parties(user_factory)
    with translation.override("es"):  # the client acts in Spanish; the freelancer reads the default
        fixed_contract(client, freelancer)
    offer = Notification.objects.get(user=freelancer, kind="offer_received")
    assert offer.title == "Offer: “Build a data pipeline”" and offer.body.endswith("sent you an offer.")

    monkeypatch.setattr(emails, "recipient_language", lambda user: "es" if user == freelancer else "en-us")
    with translation.override("en"):
        fixed_contract(client, freelancer, title="Second job")
    offer = Notification.objects.filter(user=freelancer, kind="offer_received").latest("pk")
    assert offer.title == "Oferta: «Second job»" and offer.body.endswith("te ha enviado una oferta.")
    mail = emails.render_notification(offer, freelancer)
    assert "Hola" in mail.text and "Oferta: «Second job»" in mail.subject and "Ver la oferta" in mail.html


def test_reputation_pages_in_spanish(user_factory) -> None:
    from hirehall.reputation.testing import paid_contract

    client, freelancer = user_factory(), user_factory()
    contract = paid_contract(client, freelancer)
    feedback = spanish(browser(client), f"/contracts/{contract.pk}/feedback/")
    assert "Valoraciones" in feedback and "Calidad del trabajo" in feedback  # a category label from rules.py
    insights = spanish(browser(freelancer), "/me/reputation/")
    assert "Tu reputación" in insights and "Job Success Score (JSS)" in insights
    formula = spanish(browser(freelancer), "/job-success-score/")
    assert "Cómo funciona el Job Success Score (JSS)" in formula and "perfil completo al 100%" in formula


def test_notification_pages_in_spanish(user_factory) -> None:
    user = user_factory()
    prefs = spanish(browser(user), "/notifications/preferences/")
    assert "Configuración de notificaciones" in prefs and "Solo en la aplicación" in prefs
    assert "Un cliente te ha invitado a un trabajo" in prefs  # a kind's label, kept English in kinds.py
    assert "Notificaciones" in spanish(browser(user), "/notifications/")


def test_privacy_and_webhooks_pages_in_spanish(user_factory) -> None:
    user = user_factory()
    data = spanish(browser(user), "/settings/data/")
    assert "Descarga tus datos" in data and "Elimina tu cuenta" in data and "Tu contraseña" in data
    hooks = spanish(browser(user), "/settings/webhooks/")
    assert (
        "Añadir un endpoint" in hooks and "Se ha financiado un hito (dinero en depósito en garantía)" in hooks
    )

"""Spanish for the apps that keep their translations in their own `locale/` (contracts, proposals,
messaging, reputation, notifications, privacy, webhooks, moderation): a representative page or email of each,
rendered in Spanish, shows the Spanish text; English stays the default.

The pages are asked for by a user whose language setting is Spanish (the middleware activates it).
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from hirehall.contracts.tests.helpers import verified_parties
from hirehall.messaging.testing import say
from hirehall.proposals.testing import fixed_contract

pytestmark = pytest.mark.django_db

APPS = (
    "contracts",
    "proposals",
    "messaging",
    "reputation",
    "notifications",
    "privacy",
    "webhooks",
    "moderation",
)


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
    from hirehall.reputation.testing import leave, paid_contract

    client, freelancer = user_factory(), user_factory()
    contract = paid_contract(client, freelancer)
    feedback = spanish(browser(client), f"/contracts/{contract.pk}/feedback/")
    assert "Valoraciones" in feedback and "Calidad del trabajo" in feedback  # a category label from rules.py
    leave(client, contract, 5)
    leave(freelancer, contract, 5)
    insights = spanish(browser(freelancer), "/me/reputation/")
    assert "Tu reputación" in insights and "Job Success Score (JSS)" in insights
    # The contract's outcome reason is stored as a code and read in the reader's language.
    assert "Este contrato cuenta como positivo: valoración pública de 5.00, privada de 9/10; pesa" in insights
    english = browser(freelancer, "en").get("/me/reputation/").content.decode()
    assert "This contract counted as positive: public feedback 5.00, private 9/10; it weighs" in english
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


def test_the_work_diary_writes_dates_the_spanish_way(user_factory, settings, tmp_path) -> None:
    """Day and month names alone are not enough: Spanish puts the day first and says "de"
    ("miércoles, 5 de junio de 2024", "junio de 2024"); `|date:"F Y"` would write "Junio 2024"."""
    import html
    from datetime import UTC, datetime

    import time_machine

    from hirehall.contracts.tests.helpers import track
    from hirehall.proposals.testing import hourly_contract

    settings.MEDIA_ROOT = tmp_path
    client, freelancer, _ = verified_parties(user_factory)
    with time_machine.travel(datetime(2024, 6, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=40)
        clock.move_to(datetime(2024, 6, 6, 20, 0, tzinfo=UTC))
        track(freelancer, contract, datetime(2024, 6, 5, 14, 0, tzinfo=UTC), 2)
        page = html.unescape(spanish(browser(client), f"/contracts/{contract.pk}/diary/"))
    assert "miércoles, 5 de junio de 2024" in page
    assert "junio de 2024" in page and "Junio 2024" not in page
    assert "← may" in page and "jul →" in page


def test_moderation_standing_and_staff_console_in_spanish(user_factory, staff_user, monkeypatch) -> None:
    from hirehall.jobs.testing import open_job
    from hirehall.moderation.models import Restriction, Strike
    from hirehall.notifications import emails
    from hirehall.notifications.models import Notification
    from hirehall.proposals.tests.helpers import apply

    client, freelancer = user_factory(), user_factory()
    monkeypatch.setattr(emails, "recipient_language", lambda user: "es" if user == freelancer else "en-us")
    for i in range(3):  # three flagged proposals: a strike each, then a restriction pending review
        apply(freelancer, open_job(client, title=f"Pipeline {i}"), cover_letter="Email me at jo@gmail.com")
    # Stored (and returned by the API) in English; the standing page translates Hirehall's own reasons.
    assert Strike.objects.first().reason == "Your proposal shared contact details or asked to leave Hirehall."
    assert Restriction.objects.get().reason.startswith("Three messages, proposals or posts in 30 days")
    told = Notification.objects.get(user=freelancer, kind="moderation_notice")
    assert told.title == "Tu cuenta está restringida hasta que se revise"
    assert told.body.startswith("Tres mensajes, propuestas o publicaciones en 30 días")

    standing = spanish(browser(freelancer), "/settings/standing/")
    assert "Estado de la cuenta" in standing and "Tu cuenta está restringida" in standing
    assert "no puedes enviar propuestas, publicar trabajos, enviar mensajes" in standing
    assert "Tu propuesta compartía datos de contacto o pedía salir de Hirehall." in standing
    assert "Tres mensajes, propuestas o publicaciones en 30 días" in standing and "Apelar" in standing
    english = browser(freelancer, "en").get("/settings/standing/").content.decode()
    assert "Account standing" in english and "you cannot send proposals, post jobs, send messages" in english
    assert "Your proposal shared contact details or asked to leave Hirehall." in english

    console = spanish(browser(staff_user), "/staff/")
    assert (
        "Cola de moderación" in console and "Alertas (3)" in console and "Amonestaciones recientes" in console
    )
    assert (
        "Restricción pendiente de revisión (1)" in console
        and "Descartar la alerta y la amonestación" in console
    )
    person = spanish(browser(staff_user), f"/staff/users/{freelancer.pk}/")
    assert "Historial del personal" in person and "Funciones (para una restricción)" in person
    assert "Restringir funciones" in person  # a form choice


def test_messaging_refusals_on_the_page_in_spanish_while_the_api_keeps_english(
    user_factory, api_client_for
) -> None:
    from hirehall.jobs.testing import open_job
    from hirehall.messaging import services as messaging_services
    from hirehall.proposals.tests.helpers import apply

    client, freelancer = user_factory(), user_factory()
    room = messaging_services.room_for_proposal(actor=client, proposal=apply(freelancer, open_job(client)))
    contact = {"body": "Email me at jo.smith@gmail.com and we can sort it out there."}
    c = browser(client)
    with translation.override("es"):
        warned = c.post(f"/messages/{room.pk}/send/", contact).content.decode()
        empty = c.post(f"/messages/{room.pk}/send/", {"body": ""}).content.decode()
    assert "Parece que este mensaje comparte datos de contacto o pide pagar fuera de Hirehall." in warned
    assert "Escribe un mensaje o adjunta un archivo." in empty
    english = browser(client, "en").post(f"/messages/{room.pk}/send/", contact).content.decode()
    assert "This message looks like it shares contact details or asks to pay outside Hirehall." in english
    api = api_client_for(client).post(
        f"/api/v1/conversations/{room.pk}/messages", contact, headers={"Accept-Language": "es"}
    )
    assert api.json()["code"] == "offplatform_warning"
    assert api.json()["detail"].startswith("This message looks like it shares contact details")


def test_times_are_labelled_with_the_readers_timezone_not_a_fixed_utc(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    contract = fixed_contract(client, freelancer)
    client.timezone = "America/New_York"
    client.save(update_fields=["timezone"])
    page = browser(client, "en").get(f"/contracts/{contract.pk}/").content.decode()
    started = contract.started_at.astimezone(ZoneInfo("America/New_York"))
    assert f"{started:%Y-%m-%d %H:%M} {started.tzname()}" in page
    assert f"{contract.started_at:%Y-%m-%d %H:%M} UTC" not in page

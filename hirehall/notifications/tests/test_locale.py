"""Emails are rendered in the recipient's language and timezone, not the sender's (docs/web.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from hirehall.accounts.services import user_set_locale
from hirehall.core.sweeps_registry import run_sweeps
from hirehall.notifications import emails
from hirehall.notifications.services import notification_preferences_set, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(monkeypatch):
    """The language and timezone active while each email is rendered."""
    seen: list[tuple[str, str]] = []
    for name in ("render_notification", "render_digest"):
        original = getattr(emails, name)

        def spy(*args, _original=original, **kwargs):
            seen.append((translation.get_language(), timezone.get_current_timezone_name()))
            return _original(*args, **kwargs)

        monkeypatch.setattr(emails, name, spy)
    return seen


def test_a_notification_email_is_rendered_in_the_recipients_language_and_timezone(
    user_factory, seen, django_capture_on_commit_callbacks
):
    recipient = user_set_locale(actor=user_factory(), language="es", time_zone="America/Bogota")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify(user=recipient, kind="offer_received", title="You received an offer", url="/offers/1/")
        assert translation.get_language() == "en"  # the sender's language is untouched
    assert seen == [("es", "America/Bogota")]
    assert [m.to for m in mail.outbox] == [[recipient.email]]
    assert timezone.get_current_timezone_name() == "UTC"


def test_the_daily_digest_is_rendered_in_the_recipients_language(
    user_factory, seen, django_capture_on_commit_callbacks
):
    recipient = user_set_locale(actor=user_factory(), language="es", time_zone="Europe/Madrid")
    notification_preferences_set(actor=recipient, choices={"offer_received": "digest"})
    day = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    with time_machine.travel(day, tick=False):
        notify(user=recipient, kind="offer_received", title="You received an offer", url="/offers/1/")
    with django_capture_on_commit_callbacks(execute=True):
        results = run_sweeps(day + timedelta(days=1), only="notifications.daily_digest")
    assert [r.error for r in results] == [None]
    assert seen == [("es", "Europe/Madrid")]
    assert len(mail.outbox) == 1

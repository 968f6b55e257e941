"""allauth's mails go through the notifications email path: the operator's name, HTML + text."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import TestCase, override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@override_settings(HIREHALL_SITE_NAME="Acme Talent", HIREHALL_BASE_URL="https://talent.example")
def test_password_reset_mail_names_the_operator_not_the_host(client, user) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        client.post("/accounts/password/reset/", {"email": user.email})
        assert mail.outbox == []  # nothing leaves before commit
    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "Hello from Acme Talent!" in message.body and "talent.example" in message.body
    assert "127.0.0.1" not in message.body and "testserver!" not in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and "Acme Talent" in html
    assert '<a href="http://testserver/accounts/password/reset/key/' in html  # the link is clickable


def test_signup_confirmation_is_html_and_text(client) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "new@example.com",
                "password1": "a-strong-pass-42",
                "password2": "a-strong-pass-42",
                "name": "New",
                "is_client": "on",
            },
        )
    [message] = mail.outbox
    assert message.subject.startswith("[Hirehall] ") and "Hello from Hirehall!" in message.body
    assert "/accounts/confirm-email/" in message.alternatives[0][0]

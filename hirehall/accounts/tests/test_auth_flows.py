"""Sign-up with roles, email verification, login, 2FA (TOTP), rate limiting, password reset."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.core.cache import cache
from django.test import Client, TestCase

from hirehall.accounts.models import User
from hirehall.core.testing import PASSWORD, ApiClient


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()  # allauth keeps its rate-limit counters in the cache
    yield
    cache.clear()


def signup(client: Client, email: str, **roles: str) -> object:
    # Mails leave after commit (hirehall/notifications); run those callbacks inside the test transaction.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            "/accounts/signup/",
            {"email": email, "password1": PASSWORD, "password2": PASSWORD, "name": "Sam Signup", **roles},
        )


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
class TestSignup:
    def test_signup_with_roles_then_verify_email_then_dashboard(self, client):
        response = signup(client, "sam@example.com", is_freelancer="on")
        assert response.status_code == 302
        user = User.objects.get(email="sam@example.com")
        assert (user.is_client, user.is_freelancer, user.name) == (False, True, "Sam Signup")
        # Verification is mandatory: the dashboard is not reachable yet.
        assert client.get("/dashboard/").status_code == 302
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sam@example.com"]
        link = confirmation_link(mail.outbox[0])
        assert client.post(link).status_code == 302
        page = client.get("/dashboard/")
        assert page.status_code == 200
        assert b"Working" in page.content and b"Hiring" not in page.content

    def test_signup_requires_a_role_and_creates_nothing(self, client):
        response = signup(client, "norole@example.com")
        assert response.status_code == 200
        assert b"Choose at least one role" in response.content
        assert not User.objects.filter(email="norole@example.com").exists()

    def test_both_roles(self, client):
        signup(client, "both@example.com", is_client="on", is_freelancer="on")
        assert User.objects.get(email="both@example.com").roles == ["client", "freelancer"]

    def test_duplicate_email_is_refused(self, client, user):
        # allauth prevents account enumeration: the form "succeeds" and the owner gets an email.
        signup(client, user.email.upper(), is_client="on")
        assert User.objects.filter(email__iexact=user.email).count() == 1
        assert mail.outbox and mail.outbox[-1].to == [user.email]

    def test_role_can_be_added_later(self, client, user_factory):
        user = user_factory("client-only@example.com", freelancer=False)
        client.force_login(user)
        client.post("/settings/roles/", {"role": "freelancer"})
        user.refresh_from_db()
        assert user.roles == ["client", "freelancer"]

    def test_bad_role_changes_nothing(self, client, user_factory):
        user = user_factory("client-only2@example.com", freelancer=False)
        client.force_login(user)
        client.post("/settings/roles/", {"role": "admin"})
        user.refresh_from_db()
        assert user.roles == ["client"] and not user.is_staff


@pytest.mark.django_db
class TestLogin:
    def test_login_and_logout(self, client, user):
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == "/dashboard/"
        assert client.get("/dashboard/").status_code == 200
        client.post("/accounts/logout/")
        assert client.get("/dashboard/").status_code == 302

    def test_wrong_password(self, client, user):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong-password"})
        assert response.status_code == 200
        assert client.get("/dashboard/").status_code == 302

    def test_unverified_email_cannot_sign_in(self, client):
        User.objects.create_user("unverified@example.com", PASSWORD, is_client=True)
        client.post("/accounts/login/", {"login": "unverified@example.com", "password": PASSWORD})
        assert client.get("/dashboard/").status_code == 302

    def test_failed_sign_ins_are_rate_limited(self, client, user):
        for i in range(5):
            client.post("/accounts/login/", {"login": user.email, "password": f"wrong-{i}"})
        # The sixth try is refused even with the right password while the limit holds.
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert b"Too many failed login attempts" in response.content
        assert client.get("/dashboard/").status_code == 302

    def test_password_reset(self, client, user):
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post("/accounts/password/reset/", {"email": user.email})
        assert len(mail.outbox) == 1
        match = re.search(r"https?://[^/]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body)
        assert match
        page = client.get(match.group(1), follow=True)
        new_password = "another-strong-pass-42"
        response = client.post(
            page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(new_password)


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
class TestTwoFactor:
    def test_login_asks_for_totp_code(self, client, user):
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
        assert client.get("/dashboard/").status_code == 302  # not signed in yet
        bad = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert bad.status_code == 200 and client.get("/dashboard/").status_code == 302
        good = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
        assert good.status_code == 302
        assert client.get("/dashboard/").status_code == 200

    def test_activate_totp_from_settings(self, client, user):
        client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        page = client.get("/accounts/2fa/totp/activate/")
        if page.status_code == 302:  # a sensitive change asks for the password again
            client.post(page["Location"], {"password": PASSWORD})
            page = client.get("/accounts/2fa/totp/activate/")
        assert page.status_code == 200
        secret = client.session["mfa.totp.secret"]
        response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
        assert response.status_code == 302
        assert user.authenticator_set.filter(type="totp").exists()
        assert b"Two-factor authentication is on" in client.get("/dashboard/").content


@pytest.mark.django_db
class TestTokensInSettings:
    def test_create_shows_secret_once_then_revoke(self, client, user):
        client.force_login(user)
        client.post("/settings/tokens/", {"name": "tracker", "scope": "write"})
        page = client.get("/settings/").content.decode()
        raw = re.search(r'data-testid="new-token">(hh_[^<]+)<', page).group(1)
        assert raw not in client.get("/settings/").content.decode()  # shown once
        token = user.api_tokens.get()
        assert ApiClient(raw).get("/api/v1/me").status_code == 200
        client.post(f"/settings/tokens/{token.pk}/revoke/")
        assert ApiClient(raw).get("/api/v1/me").status_code == 401

    def test_management_command_prints_a_working_token(self, user):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("api_token", user.email, "--scope", "write", stdout=out)
        raw = out.getvalue().strip()
        token = user.api_tokens.get()
        assert token.scope == "write" and raw.startswith(token.prefix)
        assert ApiClient(raw).get("/api/v1/me").status_code == 200

"""`GET/PATCH /api/v1/me`: the user's own account, with the language and timezone of their pages and
emails (issue 12); the API checks them exactly as Settings → Language and timezone does."""

from __future__ import annotations

import pytest

from hirehall.accounts.models import User

pytestmark = pytest.mark.django_db


def test_me_shows_and_changes_language_and_timezone(user_factory, api_client_for) -> None:
    user = user_factory()
    api = api_client_for(user)
    before = api.get("/api/v1/me").json()
    assert (before["language"], before["timezone"]) == ("en", "UTC")
    assert {"id", "email", "name", "roles", "is_staff", "date_joined"} <= set(before)  # nothing renamed

    both = api.patch("/api/v1/me", {"language": "es", "timezone": "America/Mexico_City"})
    assert both.status_code == 200, both.content
    assert (both.json()["language"], both.json()["timezone"]) == ("es", "America/Mexico_City")
    one = api.patch("/api/v1/me", {"timezone": "Europe/Madrid"})  # an absent field is left alone
    assert (one.json()["language"], one.json()["timezone"]) == ("es", "Europe/Madrid")
    user.refresh_from_db()
    assert (user.language, user.timezone) == ("es", "Europe/Madrid")
    assert api.get("/api/v1/me").json()["timezone"] == "Europe/Madrid"


@pytest.mark.parametrize(
    "body",
    [
        {"language": "fr"},
        {"language": "ES"},
        {"language": ""},
        {"timezone": "Mars/Olympus"},
        {"timezone": "europe/madrid"},
        {"timezone": "x" * 10_000},
        {"language": "es", "timezone": "Nowhere"},  # one bad field: the good one is not saved either
        {"language": 12},
    ],
)
def test_a_value_the_settings_form_would_refuse_is_a_422_and_changes_nothing(
    user_factory, api_client_for, body
) -> None:
    user = user_factory()
    response = api_client_for(user).patch("/api/v1/me", body)
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "validation_error"
    assert User.objects.values_list("language", "timezone").get(pk=user.pk) == ("en", "UTC")


def test_a_nul_byte_is_refused_with_the_houses_code(user_factory, api_client_for) -> None:
    user = user_factory()
    response = api_client_for(user).patch("/api/v1/me", {"language": "es\x00"})
    assert response.status_code == 422 and response.json()["code"] == "invalid_characters"
    assert User.objects.values_list("language", flat=True).get(pk=user.pk) == "en"


def test_malformed_json_is_a_clear_4xx(user_factory, api_client_for) -> None:
    api = api_client_for(user_factory())
    response = api.client.patch(
        "/api/v1/me", data=b"{not json", content_type="application/json", headers=api.headers()
    )
    assert 400 <= response.status_code < 500 and "code" in response.json()


def test_a_read_only_token_cannot_change_them(user_factory, api_client_for) -> None:
    user = user_factory()
    response = api_client_for(user, scope="read").patch("/api/v1/me", {"language": "es"})
    assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"
    user.refresh_from_db()
    assert user.language == "en"


def test_pages_follow_a_language_set_through_the_api(user_factory, api_client_for, client) -> None:
    user = user_factory()
    api_client_for(user).patch("/api/v1/me", {"language": "es"})
    client.force_login(user)
    assert '<html lang="es">' in client.get("/settings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

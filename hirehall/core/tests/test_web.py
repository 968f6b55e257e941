"""`hirehall.core.web`: the request user, safe "back" redirects, and the one refusal policy."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from hirehall.core.errors import DomainError
from hirehall.core.web import redirect_back, refusals, refusals_redirect_back, request_user, safe_next

pytestmark = pytest.mark.django_db


def web_request(method: str = "post", path: str = "/somewhere/", user=None, **extra):
    request = getattr(RequestFactory(), method)(path, **extra)
    request.user = user if user is not None else AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def texts(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


class TestRequestUser:
    def test_web_session_user(self, user):
        assert request_user(web_request(user=user)) == user

    def test_api_bearer_user_wins_over_the_anonymous_session(self, user):
        request = web_request()
        request.auth = user  # what Ninja sets after TokenAuth
        assert request_user(request) == user

    @pytest.mark.parametrize("auth", [None, "hh_not-a-user"])
    def test_anyone_else_is_unauthenticated(self, auth):
        request = web_request()
        if auth is not None:
            request.auth = auth
        with pytest.raises(DomainError) as exc:
            request_user(request)
        assert exc.value.code == "unauthenticated" and exc.value.status == 401


class TestSafeNext:
    @pytest.mark.parametrize("target", ["/contracts/3/", "/jobs/?q=python", "http://testserver/wallet/"])
    def test_same_site_targets(self, target):
        assert safe_next(web_request(data={"next": target}), "/home/") == target

    @pytest.mark.parametrize(
        "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "http:///evil.example"]
    )
    def test_other_sites_fall_back(self, target):
        assert safe_next(web_request(data={"next": target}), "/home/") == "/home/"

    def test_referer_only_when_asked(self):
        request = web_request(HTTP_REFERER="http://testserver/profile/")
        assert safe_next(request, "/home/") == "/home/"
        assert safe_next(request, "/home/", referer=True) == "http://testserver/profile/"
        evil = web_request(HTTP_REFERER="https://evil.example/")
        assert redirect_back(evil, "/home/", referer=True)["Location"] == "/home/"


class TestRefusals:
    def test_a_refusal_becomes_an_error_message_and_is_reported(self):
        request = web_request()
        with refusals(request) as refused:
            raise DomainError("validation_error", "Amounts start at $5.00.")
        assert refused and refused.detail == "Amounts start at $5.00."
        assert texts(request) == [("error", "Amounts start at $5.00.")]

    def test_prefix_and_level(self):
        request = web_request()
        with refusals(request, prefix="Deposit refused: "):
            raise DomainError("conflict", "Card declined.")
        with refusals(request, prefix="Sent, but: ", level=messages.WARNING):
            raise DomainError("validation_error", "Not a PDF.")
        assert texts(request) == [
            ("error", "Deposit refused: Card declined."),
            ("warning", "Sent, but: Not a PDF."),
        ]

    def test_with_a_form_it_is_a_form_error_not_a_message(self):
        request = web_request()
        form = forms.Form(data={})
        form.is_valid()
        with refusals(request, form=form) as refused:
            raise DomainError("invalid_state", "This job is already closed.")
        assert refused
        assert form.non_field_errors() == ["This job is already closed."]
        assert texts(request) == []

    def test_an_unseen_object_is_never_a_message(self):
        request = web_request()
        with pytest.raises(DomainError), refusals(request):
            raise DomainError("not_found")
        assert texts(request) == []

    def test_other_exceptions_are_not_swallowed(self):
        with pytest.raises(ZeroDivisionError), refusals(web_request()):
            1 / 0  # noqa: B018

    def test_nothing_refused_is_falsy(self):
        request = web_request()
        with refusals(request) as refused:
            pass
        assert not refused and refused.detail == ""


class TestRefusalsRedirectBack:
    @staticmethod
    @refusals_redirect_back("landing")
    def view(request, outcome: str):
        if outcome == "ok":
            return HttpResponse("done")
        raise DomainError("not_found" if outcome == "hidden" else "invalid_state", "Not now.")

    def test_success_passes_through(self):
        assert self.view(web_request(), "ok").content == b"done"

    def test_refused_goes_back_with_the_message(self):
        request = web_request(HTTP_REFERER="http://testserver/profile/edit/")
        response = self.view(request, "refused")
        assert response.status_code == 302 and response["Location"].endswith("/profile/edit/")
        assert texts(request) == [("error", "Not now.")]

    def test_refused_from_another_site_goes_to_the_fallback(self):
        response = self.view(web_request(HTTP_REFERER="https://evil.example/"), "refused")
        assert response["Location"] == "/"

    def test_hidden_object_propagates_to_the_404_page(self):
        with pytest.raises(DomainError) as exc:
            self.view(web_request(), "hidden")
        assert exc.value.status == 404


def test_middleware_renders_a_domain_error_page(client, user):
    """A DomainError escaping a GET page is its 4xx page: 404 for others' objects."""
    client.force_login(user)
    assert client.get("/contracts/999999/").status_code == 404

"""Fixtures shared by every app's tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test import Client

from hirehall.accounts.models import User
from hirehall.accounts.services import api_token_create

PASSWORD = "correct-horse-battery-9"


def make_user(email: str, *, client: bool = True, freelancer: bool = True, **extra: Any) -> User:
    user = User.objects.create_user(email, PASSWORD, is_client=client, is_freelancer=freelancer, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def user_factory(db: None) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def factory(email: str | None = None, **kwargs: Any) -> User:
        return make_user(email or f"user{next(counter)}@example.com", **kwargs)

    return factory


@pytest.fixture
def user(user_factory: Callable[..., User]) -> User:
    return user_factory("owner@example.com")


@pytest.fixture
def other_user(user_factory: Callable[..., User]) -> User:
    return user_factory("other@example.com")


@pytest.fixture
def staff_user(user_factory: Callable[..., User]) -> User:
    return user_factory("staff@example.com", is_staff=True, is_superuser=True)


class ApiClient:
    """Test client for /api/v1 with a bearer token; JSON in, parsed JSON out."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        result = dict(headers or {})
        if self.token:
            result["Authorization"] = f"Bearer {self.token}"
        return result

    def get(self, path: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        return self.client.get(path, params, headers=self._headers(headers))

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            path,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers=self._headers(headers),
        )

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.generic(
            method,
            path,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=self._headers(headers),
        )


@pytest.fixture
def api_client_for(db: None) -> Callable[..., ApiClient]:
    def factory(user: User | None, scope: str = "write") -> ApiClient:
        if user is None:
            return ApiClient(None)
        _token, raw = api_token_create(actor=user, name="tests", scope=scope)
        return ApiClient(raw)

    return factory


@pytest.fixture
def api(api_client_for: Callable[..., ApiClient], user: User) -> ApiClient:
    return api_client_for(user)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgresql://...)")
    for item in items:
        if "postgres" in item.keywords and not is_postgres():
            item.add_marker(skip_pg)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # "No tests collected" must never pass silently (pytest's exit code 5 already fails `make`).
    if session.testscollected == 0 and exitstatus == 0:
        session.exitstatus = 5


# --- browser tests (-m e2e) ------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Any:
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    import os

    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} not found: install Debian's chromium (make e2e-deps) to run browser tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
    # test body are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


def browser_login(page: Any, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard/")

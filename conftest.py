"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from hirehall.accounts.models import User
from hirehall.accounts.services import api_token_create
from hirehall.core.testing import PASSWORD, ApiClient, make_user

# The shared infrastructure lives in hirehall/core/testing; this file only binds it to fixtures.
# `make_user`, `ApiClient` and `PASSWORD` stay importable from here for existing tests.
__all__ = ["PASSWORD", "ApiClient", "browser_login", "is_postgres", "make_user", "pick_skill"]

pytest_plugins = ["hirehall.core.testing.pytest_plugin"]


@pytest.fixture
def user_factory(db: None) -> Callable[..., User]:
    """`make_user` as a fixture: `user_factory()`, `user_factory(email, freelancer=False)`."""
    return make_user


@pytest.fixture
def user(user_factory: Callable[..., User]) -> User:
    return user_factory("owner@example.com")


@pytest.fixture
def other_user(user_factory: Callable[..., User]) -> User:
    return user_factory("other@example.com")


@pytest.fixture
def staff_user(user_factory: Callable[..., User]) -> User:
    return user_factory("staff@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def api_client_for(db: None) -> Callable[..., ApiClient]:
    """`api_client_for(user, scope="write")`: an ApiClient with a fresh token of that user;
    `api_client_for(None)`: an anonymous one."""

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


def pick_skill(scope: Any, typed: str, label: str) -> None:
    """Choose a skill in a skill picker: type, then click the suggestion htmx lists."""
    scope.get_by_role("combobox", name="Skills").fill(typed)
    scope.locator(".picker-option", has_text=label).first.click()


def browser_login(page: Any, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard/")


@pytest.fixture
def fragment_cache(settings: Any) -> Any:
    """The cached figures and page parts on (the test settings turn them off), from an empty cache."""
    from django.core.cache import cache

    settings.HIREHALL_FRAGMENT_CACHE = True
    cache.clear()
    yield cache
    cache.clear()

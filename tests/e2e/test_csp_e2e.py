"""Browser: the Content-Security-Policy blocks nothing of ours (no violation on the main pages) and
Swagger UI still renders the API under it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import browser_login, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "test" / "screenshots"


def _violations(page) -> list[str]:
    page.set_default_timeout(120_000)  # generous: the OpenAPI document takes a while on a busy machine
    seen: list[str] = []

    def record(message) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            seen.append(message.text)

    page.on("console", record)
    return seen


def test_pages_run_under_the_policy_without_violations(page):
    seen = _violations(page)
    make_user("csp@example.com")
    page.goto("/")
    browser_login(page, "csp@example.com")
    for path in ("/dashboard/", "/jobs/", "/profile/", "/talent/", "/fees/", "/settings/", "/nowhere/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    # htmx is loaded from our static files and runs (an htmx request swaps the fee result in).
    page.goto("/fees/")
    assert page.evaluate("typeof window.htmx") == "object"
    page.fill("input[name=amount]", "1234.00")
    page.locator("#fee-result").get_by_text("$1,234.00").first.wait_for()
    assert seen == [], seen


def test_swagger_ui_renders_the_api_under_the_policy(page):
    seen = _violations(page)
    response = page.goto("/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock")  # operations rendered from /api/v1/openapi.json
    assert page.locator(".opblock").count() > 50
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "swagger-under-csp.png"))
    assert seen == [], seen

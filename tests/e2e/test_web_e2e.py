"""Browser: the main pages as a visitor, a client and a freelancer at 1280 × 900 and 390 × 844.

On every page: no horizontal overflow, no console error, no failed request, and no serious or
critical axe-core violation. Screenshots are saved as test artifacts in var/screenshots/ (look at
them). Also: the phone menu, a confirmation dialog, and a 5,000-character word on a profile.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from conftest import browser_login
from hirehall.accounts.models import User
from hirehall.contracts.models import Contract
from hirehall.jobs.models import Job, JobStatus
from hirehall.proposals.models import Proposal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
DEMO_PASSWORD = "hirehall-demo"
AXE = Axe()


def visitor_pages() -> list[str]:
    job = Job.objects.filter(status=JobStatus.OPEN, visibility="public").order_by("pk").first()
    return ["/", "/jobs/", f"/jobs/{job.pk}/", "/accounts/login/", "/accounts/signup/"]


def client_pages(user: User) -> list[str]:
    pages = ["/dashboard/", "/jobs/mine/", "/talent/", "/contracts/", "/wallet/", "/settings/"]
    contract = Contract.objects.filter(client=user).order_by("pk").first()
    job = Job.objects.filter(client=user, status=JobStatus.OPEN).order_by("pk").first()
    if contract:
        pages.append(f"/contracts/{contract.pk}/")
    if job:
        pages.append(f"/jobs/{job.pk}/")
    return pages


def freelancer_pages(user: User) -> list[str]:
    pages = ["/dashboard/", "/jobs/", "/proposals/", "/contracts/", "/earnings/", "/connects/", "/profile/"]
    proposal = Proposal.objects.filter(freelancer=user).order_by("pk").first()
    if proposal:
        pages.append(f"/proposals/{proposal.pk}/")
    return pages


class Watch:
    """Console errors and failed requests seen by a page."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _failed(self, request: Any) -> None:
        # ERR_ABORTED is a request the page itself cancelled (a navigation, or htmx replacing a poll), not
        # a failure the user sees.
        if "ERR_ABORTED" not in str(request.failure):
            self.errors.append(f"failed: {request.url} {request.failure}")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.errors.append(f"{response.status}: {response.url}")

    def take(self) -> list[str]:
        seen, self.errors[:] = list(self.errors), []
        return seen


def check_page(page: Any, watch: Watch, path: str, name: str) -> list[str]:
    """Every problem found on one page, as readable strings (empty when the page is fine)."""
    page.goto(path)
    page.wait_for_load_state("networkidle")
    problems = [f"{path}: {e}" for e in watch.take()]
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    if width > viewport:
        problems.append(f"{path}: page is {width}px wide in a {viewport}px viewport")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    results = AXE.run(page)
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [n["target"] for n in violation["nodes"]][:3]
            problems.append(f"{path}: axe {violation['id']} ({violation['impact']}) {targets}")
    return problems


def slug(path: str) -> str:
    """A stable file name for a page ("/jobs/12/" → "jobs-id"): screenshots replace their last run's."""
    return re.sub(r"\d+", "id", path.strip("/").replace("/", "-")) or "home"


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("role", ["visitor", "client", "freelancer"])
def test_main_pages_are_clean_at_both_widths(demo, browser, live_server, role: str, viewport: str) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[viewport])
    context.set_default_timeout(20_000)
    page = context.new_page()
    watch = Watch(page)
    if role == "visitor":
        paths = visitor_pages()
    else:
        email = f"{role}@hirehall.test"
        browser_login(page, email, DEMO_PASSWORD)
        user = User.objects.get(email=email)
        paths = client_pages(user) if role == "client" else freelancer_pages(user)
    watch.take()
    problems: list[str] = []
    for path in paths:
        problems += check_page(page, watch, path, f"{role}-{slug(path)}-{viewport}")
    context.close()
    assert problems == [], "\n".join(problems)


def test_phone_menu_opens_and_closes(demo, browser, live_server) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    browser_login(page, "client@hirehall.test", DEMO_PASSWORD)
    links = page.locator("#site-nav")
    assert not links.is_visible()
    page.get_by_role("button", name="Menu").click()
    assert links.is_visible()
    assert page.get_by_role("link", name="My jobs").is_visible()
    page.screenshot(path=str(SHOTS / "client-menu-open-phone.png"))
    page.get_by_role("button", name="Menu").click()
    assert not links.is_visible()
    context.close()


def test_closing_a_job_asks_first_and_cancel_changes_nothing(demo, browser, live_server) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    browser_login(page, "client@hirehall.test", DEMO_PASSWORD)
    job = Job.objects.filter(client__email="client@hirehall.test", status=JobStatus.OPEN).first()
    page.goto(f"/jobs/{job.pk}/")
    page.get_by_role("button", name="Close job").click()
    dialog = page.get_by_role("dialog", name="Close this job?")
    assert dialog.is_visible()
    assert "Connects back" in dialog.get_by_test_id("confirm-consequence").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "client-close-job-dialog-desktop.png"))
    dialog.get_by_role("button", name="Cancel").click()
    assert not dialog.is_visible()
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    # Confirming closes it.
    page.get_by_role("button", name="Close job").click()
    dialog.get_by_role("button", name="Close job").click()
    page.wait_for_load_state()
    job.refresh_from_db()
    assert job.status == JobStatus.CLOSED
    context.close()


def test_a_5000_character_word_on_a_profile_keeps_the_page_390px_wide(browser, live_server, user_factory):
    from hirehall.profiles import services

    owner = user_factory("longword@example.com", client=False, name="Lena Longword")
    profile = services.freelancer_profile_ensure(actor=owner)
    word = "Supercalifragilistic" * 250  # 5,000 characters, no space to break at
    services.freelancer_profile_update(actor=owner, profile=profile, title="Data engineer", overview=word)
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    browser_login(page, "longword@example.com")
    page.goto(f"/freelancers/{profile.pk}/")
    assert page.get_by_text("Supercalifragilistic", exact=False).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "profile-long-word-phone.png"), full_page=True)
    context.close()

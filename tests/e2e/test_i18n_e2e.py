"""Browser: the product in Spanish at 1280 × 900 and 390 × 844 (longer strings must not break a page),
and the footer's language switcher for visitors. Screenshots go to var/screenshots/ (look at them)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from conftest import browser_login
from hirehall.accounts.models import User
from hirehall.accounts.services import user_set_locale
from hirehall.profiles.models import FreelancerProfile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

from tests.e2e.test_web_e2e import DEMO_PASSWORD, SHOTS, VIEWPORTS, Watch  # noqa: E402


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("role", ["client", "freelancer"])
def test_spanish_pages_fit_both_widths(demo, browser, live_server, role: str, viewport: str) -> None:
    email = f"{role}@hirehall.test"
    user_set_locale(actor=User.objects.get(email=email), language="es", time_zone="America/Mexico_City")
    profile = FreelancerProfile.objects.filter(user__email="freelancer@hirehall.test").get()
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[viewport])
    context.set_default_timeout(20_000)
    page = context.new_page()
    watch = Watch(page)
    browser_login(page, email, DEMO_PASSWORD)
    watch.take()
    problems: list[str] = []
    pages = (
        ("/dashboard/", "dashboard"),
        ("/jobs/", "jobs"),
        (f"/freelancers/{profile.pk}/", "profile"),
        ("/settings/", "settings"),
    )
    for path, name in pages:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        problems += [f"{path}: {e}" for e in watch.take()]
        assert page.evaluate("document.documentElement.lang") == "es"
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > inner:
            problems.append(f"{path}: page is {width}px wide in a {inner}px viewport")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"es-{role}-{name}-{viewport}.png"), full_page=True)
    assert page.get_by_role("link", name="Panel").first.is_visible() or viewport == "phone"
    context.close()
    assert problems == [], "\n".join(problems)


def test_a_visitor_switches_to_spanish_in_the_footer(demo, browser, live_server) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto("/jobs/")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_label("Language").select_option("es")  # submits on change (hirehall.js)
    page.wait_for_url("**/jobs/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.get_by_role("heading", name="Explorar trabajos freelance").is_visible()
    page.screenshot(path=str(SHOTS / "es-visitor-jobs-phone.png"), full_page=True)
    context.close()

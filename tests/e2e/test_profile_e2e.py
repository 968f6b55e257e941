"""Browser: a freelancer completes a profile to 100% through the htmx section editor."""

from __future__ import annotations

import re

import pytest

from conftest import browser_login, pick_skill
from hirehall.core.testing import make_user
from hirehall.profiles.tests.factories import image_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _percent(page) -> int:
    text = page.get_by_test_id("completeness-percent").inner_text()
    return int(text.rstrip("%"))


def _edit(page, name: str):
    section = page.locator(f"#section-{name}")
    section.get_by_test_id(f"edit-{name}").click()
    section.get_by_test_id(f"form-{name}").wait_for()
    return page.locator(f"#section-{name}")


def _save(page, name: str, expect_percent: int) -> None:
    page.locator(f"#section-{name}").get_by_test_id(f"save-{name}").click()
    page.locator(f"#section-{name}").get_by_test_id(f"edit-{name}").wait_for()
    page.wait_for_function(
        "expected => document.querySelector('[data-testid=completeness-percent]').textContent.trim()"
        " === expected + '%'",
        arg=expect_percent,
    )


def test_freelancer_completes_profile_to_100_percent(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("fiona@example.com", client=False, name="Fiona Freelancer")
    browser_login(page, "fiona@example.com")
    page.get_by_text("Account", exact=True).click()  # the account menu in the header
    page.get_by_role("link", name="My profile").click()
    page.wait_for_url("**/profile/")
    assert _percent(page) == 0
    assert page.get_by_role("link", name="Add a profile photo").is_visible()

    section = _edit(page, "basics")
    section.get_by_label("Title").fill("Django Developer for SaaS Billing")
    section.get_by_label("Overview").fill(
        "I build subscription billing, dashboards and APIs for SaaS companies with Django and PostgreSQL. "
        "Tests first, small deploys, clear weekly updates."
    )
    _save(page, "basics", 25)

    section = _edit(page, "rate")
    assert section.get_by_text("Rate guidance").is_visible()
    section.get_by_label("Hourly rate (USD)").fill("55.00")
    _save(page, "rate", 35)

    section = _edit(page, "skills")
    for typed, label in (("Python", "Python"), ("django", "Django"), ("postgres", "PostgreSQL")):
        pick_skill(section, typed, label)  # a name, a slug and an alias
    _save(page, "skills", 50)
    assert page.locator("#section-skills .chip").all_inner_texts() == ["Python", "Django", "PostgreSQL"]

    section = _edit(page, "location")
    section.get_by_label("Country").select_option("NL")
    section.get_by_label("Time zone").select_option("Europe/Amsterdam")
    _save(page, "location", 60)

    section = _edit(page, "languages")
    section.get_by_label("Language 1").select_option("en")
    section.get_by_label("Level 1").select_option("fluent")
    section.get_by_label("Language 2").select_option("nl")
    section.get_by_label("Level 2").select_option("native")
    _save(page, "languages", 65)

    section = _edit(page, "availability")
    section.get_by_label("Hours per week").fill("30")
    section.get_by_label("Available now for new work").check()
    _save(page, "availability", 70)

    section = _edit(page, "portfolio")
    section.get_by_label("Title").fill("Billing rebuild")
    section.get_by_label("Measurable result").fill("Failed payments down 38%")
    section.get_by_label("Image or file").set_input_files(
        {"name": "screenshot.png", "mimeType": "image/png", "buffer": image_bytes("PNG", size=(640, 400))}
    )
    _save(page, "portfolio", 85)
    assert page.locator("#section-portfolio img.thumb").count() == 1

    # A rejected upload keeps the form open with the reason, and changes nothing.
    section = _edit(page, "photo")
    section.get_by_label("Photo").set_input_files(
        {"name": "me.png", "mimeType": "image/png", "buffer": b"not really a png"}
    )
    section.get_by_test_id("save-photo").click()
    page.locator("#section-photo").get_by_text("This file is not an image we can read.").wait_for()
    assert _percent(page) == 85

    page.locator("#section-photo").get_by_label("Photo").set_input_files(
        {
            "name": "me.png",
            "mimeType": "image/png",
            "buffer": image_bytes("PNG", size=(600, 800), color="teal"),
        }
    )
    _save(page, "photo", 100)
    assert page.get_by_text("Your profile is complete.").is_visible()

    # The public page shows the result, including the photo served through the permission check.
    page.get_by_role("link", name="See your public profile").click()
    page.wait_for_url(re.compile(r".*/freelancers/\d+/$"))
    assert page.get_by_role("heading", name="Fiona Freelancer").is_visible()
    assert page.get_by_text("$55.00/hr").is_visible()
    assert page.get_by_text("No work history yet.", exact=False).is_visible()
    photo_ok = page.evaluate(
        "() => { const i = document.querySelector('img.avatar'); return i && i.naturalWidth }"
    )
    assert photo_ok == 256

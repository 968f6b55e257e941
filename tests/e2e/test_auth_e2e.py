"""Browser: a visitor signs up, verifies the email, signs out and in again; a demo user signs in."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command

from conftest import browser_login
from hirehall.core.testing import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_log_out_and_log_in(page):
    page.goto("/")
    page.get_by_role("link", name="Join Hirehall").click()
    page.get_by_label("Full name").fill("Bea Browser")
    page.get_by_label("Email").fill("bea@example.com")
    page.get_by_label("I want to work").check()
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/accounts/confirm-email/")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("heading", name="Welcome, Bea Browser").is_visible()
    assert page.get_by_role("heading", name="Working").is_visible()

    page.get_by_text("Account", exact=True).click()  # the account menu in the header
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/")
    browser_login(page, "bea@example.com")
    assert page.get_by_role("heading", name="Welcome, Bea Browser").is_visible()


def test_demo_user_signs_in(page):
    call_command("seed_demo")
    browser_login(page, "client@hirehall.test", "hirehall-demo")
    assert page.get_by_role("heading", name="Hiring").is_visible()


def test_wrong_password_shows_an_error(page):
    call_command("seed_demo")
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "client@hirehall.test")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    assert page.get_by_text("The email address and/or password you specified are not correct.").is_visible()

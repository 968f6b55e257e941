"""Core: sweeps and their runner, money formatting, health, pages, deploy settings, demo data."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from hirehall.accounts.models import User
from hirehall.core import sweeps_registry
from hirehall.core.clock import parse_instant
from hirehall.core.errors import DomainError
from hirehall.core.models import IdempotencyRecord
from hirehall.core.money import cents_to_decimal_str, format_cents, parse_money

ROOT = Path(__file__).resolve().parents[3]


class TestMoney:
    @pytest.mark.parametrize(
        ("cents", "text"),
        [(0, "0.00"), (5, "0.05"), (60000, "600.00"), (-1999, "-19.99"), (123456789, "1234567.89")],
    )
    def test_decimal_strings(self, cents, text, settings):
        settings.HIREHALL_MAX_AMOUNT_CENTS = 10**15  # the round trip, not the maximum, is tested here
        assert cents_to_decimal_str(cents) == text
        assert parse_money(text, allow_negative=True) == cents

    def test_people_format(self):
        assert format_cents(1234567) == "$12,345.67"
        assert format_cents(-500) == "-$5.00"

    @pytest.mark.parametrize(
        ("bad", "code"),
        [
            ("1.005", "amount_too_precise"),
            ("abc", "invalid_amount"),
            ("", "invalid_amount"),
            ("NaN", "invalid_amount"),
            ("Infinity", "invalid_amount"),
            ("1e400", "invalid_amount"),
        ],
    )
    def test_parse_refuses_bad_amounts(self, bad, code):
        # More cases, and the messages: test_input_parsing.py.
        with pytest.raises(DomainError) as exc:
            parse_money(bad)
        assert exc.value.code == code


class TestSweeps:
    @pytest.fixture
    def registry(self, monkeypatch):
        monkeypatch.setattr(sweeps_registry, "_REGISTRY", {})
        return sweeps_registry

    @pytest.mark.django_db  # after a failure the runner checks the connection (reconnect_if_broken)
    def test_runner_passes_now_and_isolates_failures(self, registry):
        seen = []

        @registry.sweep("test.ok")
        def ok(now):
            seen.append(now)
            return 3

        @registry.sweep("test.broken")
        def broken(now):
            raise RuntimeError("boom")

        as_of = datetime(2024, 6, 10, 12, tzinfo=UTC)
        results = {r.name: r for r in registry.run_sweeps(as_of)}
        assert seen == [as_of]
        assert results["test.ok"].processed == 3 and results["test.ok"].error is None
        assert "boom" in results["test.broken"].error

    def test_duplicate_names_refused(self, registry):
        registry.sweep("test.dup")(lambda now: 0)
        with pytest.raises(ValueError):
            registry.sweep("test.dup")(lambda now: 1)

    def test_apps_sweeps_are_registered(self):
        assert "core.purge_idempotency_records" in sweeps_registry.registered_sweeps()

    @pytest.mark.django_db
    def test_command_runs_as_of_now_option(self, user):
        with time_machine.travel(datetime(2024, 6, 1, tzinfo=UTC), tick=False):
            IdempotencyRecord.objects.create(user=user, key="old", fingerprint="x")
        with time_machine.travel(datetime(2024, 6, 1, 20, tzinfo=UTC), tick=False):
            IdempotencyRecord.objects.create(user=user, key="new", fingerprint="x")
        out = StringIO()
        call_command("sweep", "--now", "2024-06-02T10:00:00Z", stdout=out)
        assert "core.purge_idempotency_records: 1" in out.getvalue()
        assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
        # Idempotent: running again as of the same instant processes nothing.
        out = StringIO()
        call_command("sweep", "--now", "2024-06-02T10:00:00Z", stdout=out)
        assert "core.purge_idempotency_records: 0" in out.getvalue()

    @pytest.mark.django_db
    def test_idempotency_keys_expire_after_24_hours_by_the_clock(self, user):
        with time_machine.travel(datetime(2024, 6, 1, 9, tzinfo=UTC), tick=False):
            IdempotencyRecord.objects.create(user=user, key="k", fingerprint="x")
        with time_machine.travel(datetime(2024, 6, 2, 8, 59, tzinfo=UTC), tick=False):
            call_command("sweep", "--only", "core.purge_idempotency_records", stdout=StringIO())
            assert IdempotencyRecord.objects.exists()
        with time_machine.travel(datetime(2024, 6, 2, 9, 0, 1, tzinfo=UTC), tick=False):
            call_command("sweep", "--only", "core.purge_idempotency_records", stdout=StringIO())
            assert not IdempotencyRecord.objects.exists()

    @pytest.mark.django_db
    def test_command_rejects_bad_input(self):
        with pytest.raises(CommandError):
            call_command("sweep", "--now", "yesterday-ish")
        with pytest.raises(CommandError):
            call_command("sweep", "--only", "no.such.sweep")

    def test_parse_instant_is_utc(self):
        assert parse_instant("2024-06-10T12:00:00Z") == datetime(2024, 6, 10, 12, tzinfo=UTC)
        assert parse_instant("2024-06-10T14:00:00+02:00") == datetime(2024, 6, 10, 12, tzinfo=UTC)
        assert parse_instant("2024-06-10T12:00:00") - datetime(2024, 6, 10, 12, tzinfo=UTC) == timedelta(0)


@pytest.mark.django_db
class TestPages:
    def test_public_pages(self, client):
        for url in [
            "/",
            "/accounts/signup/",
            "/accounts/login/",
            "/api/v1/openapi.json",
            "/api/v1/docs",
            "/healthz",
        ]:
            assert client.get(url).status_code == 200, url

    def test_healthz_reports_database(self, client):
        assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}

    def test_healthz_503_when_database_fails(self, client, monkeypatch):
        from django.db import connection

        def broken_cursor(*args, **kwargs):
            raise RuntimeError("database down")

        monkeypatch.setattr(connection, "cursor", broken_cursor)
        assert client.get("/healthz").status_code == 503

    def test_api_docs_served_locally_not_from_a_cdn(self, client):
        html = client.get("/api/v1/docs").content.decode()
        assert "cdn" not in html.lower() and "/static/ninja/" in html

    def test_landing_and_htmx_are_local(self, client):
        html = client.get("/").content.decode()
        assert "/static/django_htmx/htmx" in html and "/static/hirehall.css" in html
        assert "http://" not in html.replace("http://testserver", "") and "https://" not in html

    def test_404_page_is_html_for_web(self, client):
        response = client.get("/no/such/page/")
        assert response.status_code == 404 and b"Page not found" in response.content

    def test_500_page(self, client):
        from hirehall.core.views import error_500

        response = error_500(Client().get("/").wsgi_request)
        assert response.status_code == 500 and b"Something went wrong" in response.content

    def test_dashboard_shows_role_panels_and_next_steps(self, client, user_factory):
        user = user_factory("client-only@example.com", freelancer=False)
        client.force_login(user)
        html = client.get("/dashboard/").content.decode()
        assert "Hiring" in html and "Working" not in html
        assert "Post your first job" in html and "Also work as a freelancer" in html


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    count = User.objects.count()
    assert count >= 9 and "Demo data loaded" in out.getvalue()
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == count
    demo = User.objects.get(email="client@hirehall.test")
    assert demo.check_password("hirehall-demo") and demo.is_client
    assert User.objects.get(email="admin@hirehall.test").is_staff


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "prod-" + "k3y-" * 15,
        "ALLOWED_HOSTS": "hirehall.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "HIREHALL_VAR_DIR": str(tmp_path),
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "HIREHALL_VAR_DIR": str(tmp_path),
    }
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """A model change without its migration would work in tests and break every real database."""
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exc:
        pytest.fail(f"missing migrations (exit {exc.code}):\n{out.getvalue()}")

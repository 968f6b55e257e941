"""Production posture: Content-Security-Policy, the proxy HTTPS header, the development SECRET_KEY."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from config.env import development_secret_key, proxy_ssl_header

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE_DIRS = [p for p in (ROOT / "hirehall").rglob("templates") if p.is_dir()]


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


@pytest.mark.django_db
class TestContentSecurityPolicy:
    @pytest.mark.parametrize(
        "path", ["/", "/accounts/login/", "/api/v1/docs", "/no-such-page/", "/admin/login/"]
    )
    def test_every_html_page_allows_only_our_own_scripts(self, client, path):
        response = client.get(path)
        policy = csp(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]

    def test_signed_in_pages_and_error_pages_too(self, client, user):
        client.force_login(user)
        for path in ("/dashboard/", "/settings/", "/jobs/"):
            assert csp(client.get(path))["script-src"] == ["'self'"], path
        refused = client.get("/jobs/?q=%00")
        assert refused.status_code == 422 and csp(refused)["script-src"] == ["'self'"]

    def test_pages_load_scripts_only_from_static_files(self, client, user):
        client.force_login(user)
        for path in ("/", "/dashboard/", "/api/v1/docs"):
            html = client.get(path).content.decode()
            for tag in re.findall(r"<script\b[^>]*>", html):
                executable = 'type="application/json"' not in tag
                assert not executable or 'src="/static/' in tag, f"{path}: {tag}"

    def test_no_template_has_inline_script_style_or_handlers(self):
        """Inline code would be blocked by the policy: it belongs in static files."""
        offenders = []
        for directory in TEMPLATE_DIRS:
            for template in directory.rglob("*.html"):
                if "email" in template.parts:
                    continue  # emails are read in mail clients, not served under the policy (styles inline)
                text = template.read_text()
                for pattern in (
                    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>",  # inline script
                    r"\son[a-z]+\s*=",  # onclick= and friends
                    r"javascript:",
                    r"\sstyle\s*=",  # inline style attribute
                    r"<style\b",
                ):
                    if re.search(pattern, text, re.IGNORECASE):
                        offenders.append(f"{template.relative_to(ROOT)}: {pattern}")
        assert not offenders, "\n".join(offenders)

    def test_swagger_ui_works_under_the_policy(self, client):
        html = client.get("/api/v1/docs").content.decode()
        assert 'src="/static/ninja/swagger-ui-bundle.js"' in html
        assert 'src="/static/ninja/swagger-ui-init.js"' in html  # Ninja's CSP-friendly initialiser
        assert client.get("/api/v1/openapi.json").status_code == 200  # what it fetches: connect-src 'self'


class TestProxySslHeader:
    def test_not_trusted_unless_the_operator_says_so(self):
        assert settings.SECURE_PROXY_SSL_HEADER is None
        request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
        assert request.is_secure() is False  # a client cannot claim HTTPS by sending the header

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("", None),
            ("X-Forwarded-Proto", ("HTTP_X_FORWARDED_PROTO", "https")),
            ("X-Forwarded-Ssl: on", ("HTTP_X_FORWARDED_SSL", "on")),
        ],
    )
    def test_the_environment_names_the_header(self, raw, expected):
        assert proxy_ssl_header(raw) == expected

    def test_a_bad_header_name_is_a_configuration_error(self):
        with pytest.raises(ValueError, match="header name"):
            proxy_ssl_header("X Forwarded Proto")

    def test_settings_read_it_from_the_environment(self, tmp_path):
        script = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
        out = _settings_probe(tmp_path, script, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


class TestSecretKey:
    def test_development_key_is_random_made_once_and_private(self, tmp_path):
        first = development_secret_key(tmp_path / "a" / "key")
        assert development_secret_key(tmp_path / "a" / "key") == first  # kept across restarts
        assert development_secret_key(tmp_path / "b" / "key") != first  # not derived from anything
        assert len(first) >= 50
        assert stat.S_IMODE((tmp_path / "a" / "key").stat().st_mode) == 0o600
        assert not list((tmp_path / "a").glob("*.tmp"))

    def test_manage_py_works_from_a_checkout_with_no_environment(self, tmp_path):
        result = _manage(tmp_path, "check")
        assert result.returncode == 0, result.stderr
        key_file = tmp_path / "development_secret_key"
        assert key_file.exists()
        shown = _manage(
            tmp_path,
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY)",
        )
        assert shown.stdout.strip() == key_file.read_text().strip()
        assert "dev-only-insecure-key" not in shown.stdout

    def test_production_without_a_key_still_refuses_to_start(self, tmp_path):
        result = _manage(tmp_path, "check", DEBUG="0")
        assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
        wsgi = _python(tmp_path, "import config.wsgi")  # what gunicorn loads
        assert wsgi.returncode != 0 and "SECRET_KEY must be set" in wsgi.stderr
        assert not (tmp_path / "development_secret_key").exists()

    def test_an_explicit_key_keeps_debug_off(self, tmp_path):
        script = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
        result = _manage(tmp_path, "shell", "--no-imports", "-c", script, SECRET_KEY="prod-" + "k" * 60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["False", "prod-" + "k" * 60]


def _env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        HIREHALL_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="localhost",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _manage(tmp_path: Path, *args: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings_probe(tmp_path: Path, script: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup()"
    code = f"{setup}; {script}"
    return _python(tmp_path, code, **{"DEBUG": "1", **env})


def _python(tmp_path: Path, code: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_client_sees_csp_on_redirects_too(db):
    # Responses that are not pages still carry the header (harmless, and no page is ever missed).
    assert "Content-Security-Policy" in Client().get("/dashboard/")

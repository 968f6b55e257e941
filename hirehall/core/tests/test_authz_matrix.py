"""Every route × {anonymous, unrelated user, owner, staff} gets the status the matrix expects.

A route that exists but is missing from the matrix fails `test_every_route_is_in_the_matrix`;
a matrix row whose route no longer exists fails it too. Each app lists its rows in
`hirehall/<app>/tests/authz_cases.py` (`CASES`).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from hirehall.core.testing import make_user
from hirehall.core.tests.authz import ROLES, Case, World

# Django admin generates a route per model and action; it has its own staff-only permission
# system, so the matrix checks representative admin routes (listed in core's cases) and not
# every generated one.
ADMIN_PREFIX = "/admin/"
API_PREFIX = "/api/v1/"
API_DJANGO_ROUTES = {"/api/v1/openapi.json", "/api/v1/docs"}


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for app in apps.get_app_configs():
        module = f"{app.name}.tests.authz_cases"
        if app.name.startswith("hirehall.") and importlib.util.find_spec(module):
            cases.extend(importlib.import_module(module).CASES)
    return cases


CASES = all_cases()


def _walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield "/" + prefix + str(pattern.pattern)


def existing_routes() -> set[tuple[str, str]]:
    """(method, route) pairs; web routes are method-agnostic and listed as ("*", route)."""
    routes: set[tuple[str, str]] = set()
    for route in _walk(get_resolver().url_patterns, ""):
        if route.startswith(ADMIN_PREFIX) and route != ADMIN_PREFIX:
            continue
        if route.startswith(API_PREFIX) and route not in API_DJANGO_ROUTES:
            continue
        routes.add(("*", route))
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method in operations:
            routes.add((method.upper(), path))
    return routes


def covered_routes() -> set[tuple[str, str]]:
    covered = set()
    for case in CASES:
        covered.add(
            (case.method, case.route)
            if case.is_api and case.route not in API_DJANGO_ROUTES
            else ("*", case.route)
        )
    return covered


def test_every_route_is_in_the_matrix() -> None:
    existing = existing_routes()
    covered = covered_routes()
    missing = sorted(existing - covered)
    stale = sorted(route for route in covered - existing if not route[1].startswith(ADMIN_PREFIX))
    assert not missing, "routes missing from the authorization matrix:\n" + "\n".join(
        f"{m} {r}" for m, r in missing
    )
    assert not stale, "matrix rows for routes that do not exist:\n" + "\n".join(f"{m} {r}" for m, r in stale)


def test_every_case_names_all_roles() -> None:
    for case in CASES:
        assert set(case.expect) == set(ROLES), f"{case.id}: expect must name {ROLES}"


@pytest.fixture
def world(db: None) -> World:
    return World(
        owner=make_user("matrix-owner@example.com"),
        other=make_user("matrix-other@example.com"),
        staff=make_user("matrix-staff@example.com", is_staff=True, is_superuser=True),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_matrix(case: Case, role: str, world: World) -> None:
    client = Client()
    if role != "anon":
        client.force_login(getattr(world, role))
    url = case.build_url(world)
    data = case.build_data(world)
    if case.is_api:
        body = json.dumps(data) if data is not None else ""
        response = client.generic(case.method, url, body, content_type="application/json")
    elif case.method == "GET":
        response = client.get(url, data or {})
    else:
        response = client.generic(
            case.method, url, _form(data), content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == case.expect[role], (
        f"{case.id} as {role}: got {response.status_code}, expected {case.expect[role]}"
    )


def _form(data: dict[str, object] | None) -> str:
    from urllib.parse import urlencode

    return urlencode(data or {}, doseq=True)

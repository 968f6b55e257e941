"""Hostile input against every write endpoint: a clean 4xx with a stable code, and nothing changes.

The API's write operations are enumerated from the OpenAPI document the API serves; each one is
called as the owner of a real object (the authorization matrix's world and valid bodies, see
authz_cases.py), so the attack reaches past "not found" to the parsers and services. Attacks:
NUL bytes (JSON body, multipart field, query string, path, header), huge / exponent / NaN /
over-precise / non-ASCII / negative / over-the-maximum amounts in every money field and money query
filter, multipart without a boundary, and bodies over the size limit (with and without an
Idempotency-Key). After each one the ledger (every account's totals) and the row count of every
table are compared with before. The main web forms get the same treatment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from config.api import api
from conftest import make_user
from hirehall.core.errors import ERROR_CODES
from hirehall.core.tests.authz import Case, World
from hirehall.core.tests.test_authz_matrix import all_cases
from hirehall.ledger.models import Account

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
SCHEMA = api.get_openapi_schema()
COMPONENTS = SCHEMA["components"]["schemas"]
API_CASES = {(c.method, c.route): c for c in all_cases() if c.is_api}
MONEY_NAME = re.compile(
    r"^(amount|bid|hourly_rate|hourly_min|hourly_max|fixed_budget|budget_min|budget_max|bid_min|bid_max|"
    r"min_rate|max_rate|prior_billings)$"
)

# (text, the code the money parser answers). All at most 20 characters: money schemas cap the length.
HOSTILE_AMOUNTS = [
    ("1e999999999", "invalid_amount"),
    ("2E3", "invalid_amount"),
    ("NaN", "invalid_amount"),
    ("-Infinity", "invalid_amount"),
    ("१२", "invalid_amount"),
    ("1_000", "invalid_amount"),
    ("0.001", "amount_too_precise"),
    ("10.0000000000000001", "amount_too_precise"),
    ("-5.00", "amount_negative"),
    ("1000000.01", "amount_too_large"),
    ("99999999999999999999", "amount_too_large"),
]
MONEY_CODES = {code for _, code in HOSTILE_AMOUNTS}


# --- what the OpenAPI document says ---------------------------------------------------------------
def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return COMPONENTS[schema["$ref"].split("/")[-1]]
    return schema


def _money_paths(schema: dict[str, Any], prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Paths of the money fields of a request body: ("amount",), ("milestones", "*", "amount")."""
    schema = _resolve(schema)
    for name, prop in schema.get("properties", {}).items():
        options = [_resolve(o) for o in prop.get("anyOf", [prop])]
        types = {o.get("type") for o in options}
        if MONEY_NAME.match(name) and "string" in types:
            yield (*prefix, name)
        for option in options:
            if option.get("type") == "array" and "items" in option:
                yield from _money_paths(option["items"], (*prefix, name, "*"))
            elif "properties" in option:
                yield from _money_paths(option, (*prefix, name))


def write_operations() -> list[tuple[str, str, str, list[tuple[str, ...]]]]:
    """(method, route, request content type or "", money field paths) for every write operation."""
    found = []
    for route, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            if method.upper() not in WRITE_METHODS:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            content_type = next(iter(content), "")
            money = sorted(set(_money_paths(content[content_type]["schema"]))) if content_type else []
            found.append((method.upper(), route, content_type, money))
    return found


def money_query_operations() -> list[tuple[str, str]]:
    """(route, query parameter) for every money filter of a read operation."""
    return [
        (route, parameter["name"])
        for route, operations in SCHEMA["paths"].items()
        for method, operation in operations.items()
        if method == "get"
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and MONEY_NAME.match(parameter["name"])
    ]


OPERATIONS = write_operations()
MONEY_FIELDS = [(m, r, ct, path) for m, r, ct, paths in OPERATIONS for path in paths]
MONEY_QUERIES = money_query_operations()


def op_id(value: Any) -> str:
    if isinstance(value, tuple) and value and isinstance(value[-1], tuple):
        return ".".join(value[-1])
    return str(value)


# --- the world and what must not change ------------------------------------------------------------
@pytest.fixture
def world(db: None) -> World:
    return World(
        owner=make_user("matrix-owner@example.com"),
        other=make_user("matrix-other@example.com"),
        staff=make_user("matrix-staff@example.com", is_staff=True, is_superuser=True),
    )


@pytest.fixture
def full_world(world: World) -> World:
    """For tests that visit several operations in one world: the proposals world builds all of its
    objects on first use, and only when the world is still empty."""
    from hirehall.proposals.tests.world import get

    get(world, "client_job")
    return world


@pytest.fixture
def owner_client(world: World) -> Client:
    client = Client()
    client.force_login(world.owner)
    return client


def snapshot() -> tuple[Any, ...]:
    """Every ledger account's totals, and the number of rows in every table of ours."""
    ledger = list(
        Account.objects.order_by("pk").values_list(
            "pk", "debits_pending", "debits_posted", "credits_pending", "credits_posted"
        )
    )
    models = [m for m in apps.get_models() if m.__module__.startswith("hirehall.")]
    tables = [connection.ops.quote_name(m._meta.db_table) for m in models]
    with connection.cursor() as cursor:
        # Table names come from our own models, quoted by the backend: no outside input.
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in tables))  # noqa: S608
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    return ledger, counts


def assert_refused(response: Any, status: int, code: str | set[str], what: str) -> None:
    assert response.status_code == status, f"{what}: {response.status_code} {response.content[:300]!r}"
    assert response["Content-Type"] == "application/problem+json", what
    body = response.json()
    assert body["code"] in ERROR_CODES and body["status"] == status, what
    expected = {code} if isinstance(code, str) else code
    assert body["code"] in expected, f"{what}: {body}"


class Unchanged:
    """`with Unchanged("what"):` fails when the block moved money or added/removed any row."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        self.before = snapshot()

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            after = snapshot()
            assert after[0] == self.before[0], f"{self.what}: the ledger changed"
            changed = {t: (self.before[1][t], n) for t, n in after[1].items() if self.before[1][t] != n}
            assert not changed, f"{self.what}: rows changed {changed}"


def target(case: Case, world: World) -> tuple[str, Any]:
    """The owner's URL and valid body for an operation (objects are built here, before snapshots)."""
    url = case.build_url(world)
    data = case.build_data(world)
    return url, data if data is not None else {}


def _with_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value + "\x00"
    if isinstance(value, dict):
        return {k: _with_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_nul(v) for v in value]
    return value


def _set(data: Any, path: tuple[str, ...], value: str) -> Any:
    data = json.loads(json.dumps(data))  # a deep copy
    node = data
    for i, key in enumerate(path[:-1]):
        if key == "*":
            continue
        if path[i + 1] == "*":
            items = node.get(key) or [{"description": "Hostile"}]
            node[key] = items
            node = items[0]
        else:
            node = node.setdefault(key, {})
    node[path[-1]] = value
    return data


# --- the API ---------------------------------------------------------------------------------------
def test_every_write_operation_and_money_field_is_attacked():
    missing = [f"{m} {r}" for m, r, _, _ in OPERATIONS if (m, r) not in API_CASES]
    assert not missing, "write operations without an owner URL/body in authz_cases:\n" + "\n".join(missing)
    assert len(OPERATIONS) >= 70 and len(MONEY_FIELDS) >= 15 and len(MONEY_QUERIES) >= 8
    assert {"amount", "bid", "fixed_budget", "hourly_rate"} <= {p[-1] for _, _, _, p in MONEY_FIELDS}


@pytest.mark.parametrize(("method", "route", "content_type", "money"), OPERATIONS, ids=op_id)
def test_write_operation_refuses_hostile_input(
    method, route, content_type, money, world, owner_client, settings
):
    case = API_CASES[(method, route)]
    url, data = target(case, world)
    what = f"{method} {route}"
    sep = "&" if "?" in url else "?"

    def send(body: Any, ctype: str = "application/json", path: str = url, **headers: str) -> Any:
        payload = json.dumps(body) if ctype == "application/json" else body
        return owner_client.generic(method, path, payload, content_type=ctype, headers=headers)

    with Unchanged(what + ": NUL in the body"):
        if content_type == "multipart/form-data":
            fields = {"message": "see\x00attached", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")}
            response = owner_client.post(url, fields)  # multipart, with a boundary
        else:
            response = send(_with_nul(data) if _has_text(data) else {**data, "note": "x\x00"})
        assert_refused(response, 422, "invalid_characters", what + ": NUL in the body")

    with Unchanged(what + ": NUL in the query"):
        assert_refused(send(data, path=f"{url}{sep}q=%00"), 422, "invalid_characters", what + ": NUL query")

    with Unchanged(what + ": NUL in the path"):
        assert_refused(
            send(data, path=url.rstrip("/") + "%00"), 422, "invalid_characters", what + ": NUL path"
        )

    with Unchanged(what + ": multipart without a boundary"):
        response = send(
            b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--", "multipart/form-data"
        )
        assert_refused(response, 400, "invalid_multipart", what + ": no boundary")

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    oversized = {**data, "padding": "x" * 10_001}
    for headers in ({}, {"Idempotency-Key": f"hostile-{method}-{route}"}):
        with Unchanged(what + f": oversized body {headers}"):
            assert_refused(
                send(oversized, **headers), 413, "payload_too_large", what + f": oversized {headers}"
            )
    if content_type == "multipart/form-data":
        with Unchanged(what + ": oversized multipart fields"):
            response = owner_client.post(url, {"message": "x" * 10_001})
            assert_refused(response, 413, "payload_too_large", what + ": oversized multipart")


def _has_text(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, dict):
        return any(_has_text(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_text(v) for v in value)
    return False


@pytest.mark.parametrize(("method", "route", "content_type", "path"), MONEY_FIELDS, ids=op_id)
def test_money_field_refuses_hostile_amounts(method, route, content_type, path, world, owner_client):
    case = API_CASES[(method, route)]
    url, data = target(case, world)
    if "/staff/" in route:  # staff endpoints answer 404 to anyone else before reading the body
        owner_client = Client()
        owner_client.force_login(world.staff)
    for text, code in HOSTILE_AMOUNTS:
        what = f"{method} {route} {'.'.join(path)}={text!r}"
        with Unchanged(what):
            body = json.dumps(_set(data, path, text))
            response = owner_client.generic(method, url, body, content_type="application/json")
            assert_refused(response, 422, code, what)
            assert text not in ("", None)
    # A JSON number is not an amount (and 1e999999999 is a float infinity to Python's json).
    with Unchanged(f"{method} {route}: amount as a JSON number"):
        body = json.dumps(_set(data, path, "PLACEHOLDER")).replace('"PLACEHOLDER"', "1e999999999")
        response = owner_client.generic(method, url, body, content_type="application/json")
        assert_refused(response, 422, "validation_error", f"{method} {route}: JSON number")


@pytest.mark.parametrize(("route", "name"), MONEY_QUERIES, ids=lambda v: str(v))
def test_money_query_filter_refuses_hostile_amounts(route, name, world, owner_client):
    case = API_CASES[("GET", route)]
    url = case.build_url(world)
    base = {"amount": "100.00"} if route.endswith("/fees/preview") and name != "amount" else {}
    for text, code in HOSTILE_AMOUNTS:
        if code == "amount_negative" and name == "prior_billings":
            continue  # checked below: a negative prior billing is refused too
        response = owner_client.get(url, {**base, name: text})
        assert_refused(response, 422, code, f"GET {route}?{name}={text!r}")
    response = owner_client.get(url, {**base, name: "1.00", "q": "\x00"})
    assert_refused(response, 422, "invalid_characters", f"GET {route}: NUL filter")


def test_a_stranger_cannot_make_an_upload_parse(full_world):
    """Authentication runs before a multipart body is parsed: the anonymous get 401, not a parse."""
    world = full_world
    anonymous = Client()
    for method, route, content_type, _ in OPERATIONS:
        if content_type != "multipart/form-data":
            continue
        url, _data = target(API_CASES[(method, route)], world)
        truncated = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF'
        response = anonymous.post(url, truncated, content_type="multipart/form-data; boundary=b")
        assert_refused(response, 401, "unauthenticated", f"anonymous {route}")


# --- the web ---------------------------------------------------------------------------------------
def _web_cases() -> dict[str, Case]:
    return {c.route: c for c in all_cases() if not c.is_api}


WEB_ERROR_WORDS = (
    "digits and a point",
    "at most",
    "exponent",
    "finite",
    "digits 0-9",
    "separators",
    "two decimal places",
    "negative",
    "maximum",
    "at least",
    "decimal amount",
)


def _contract_action(action: str, data: dict[str, str]) -> Callable[[World], tuple[str, dict[str, str]]]:
    def build(w: World) -> tuple[str, dict[str, str]]:
        from hirehall.contracts.tests.authz_cases import fixed_as_client

        return f"/contracts/{fixed_as_client(w).pk}/do/{action}/", data

    return build


def _from_case(route: str) -> Callable[[World], tuple[str, dict[str, str]]]:
    def build(w: World) -> tuple[str, dict[str, str]]:
        case = _web_cases()[route]
        return case.build_url(w), dict(case.build_data(w) or {})

    return build


def _apply(w: World) -> tuple[str, dict[str, str]]:
    from hirehall.proposals.tests.world import pk

    data = {"bid": "900.00", "duration": "1to3", "cover_letter": "A careful cover letter."}
    return f"/jobs/{pk('theirs_job')(w)}/apply/", data


def _offer(w: World) -> tuple[str, dict[str, str]]:
    from hirehall.proposals.tests.world import pk

    data = {"kind": "fixed", "title": "Hostile", "milestones": "Design | 100.00"}
    return f"/proposals/{pk('p_in')(w)}/offer/", data


def _job_budget(w: World) -> tuple[str, dict[str, str]]:
    from hirehall.proposals.tests.world import get

    return f"/jobs/{get(w, 'draft_job').pk}/edit/3/", {"budget_type": "fixed", "fixed_budget": "500.00"}


def _rate(w: World) -> tuple[str, dict[str, str]]:
    from hirehall.profiles.services import freelancer_profile_ensure

    freelancer_profile_ensure(actor=w.owner)  # made on the first visit to /profile/, before any form
    return "/profile/sections/rate/", {"hourly_rate": "45.00"}


# (name, builder, the money field, a text field for the NUL attack)
WEB_FORMS = [
    ("deposit", _from_case("/wallet/deposit/"), "amount", "idempotency_key"),
    ("withdraw", _from_case("/earnings/withdraw/"), "amount", "idempotency_key"),
    ("bonus", _contract_action("bonus", {"amount": "10.00", "note": "Thanks"}), "amount", "note"),
    (
        "milestone",
        _contract_action("add_milestone", {"amount": "50.00", "description": "More"}),
        "amount",
        "description",
    ),
    ("apply", _apply, "bid", "cover_letter"),
    ("offer milestones", _offer, "milestones", "title"),
    ("job budget", _job_budget, "fixed_budget", "budget_type"),
    ("profile rate", _rate, "hourly_rate", "hourly_rate"),
]


@pytest.mark.parametrize(("name", "build", "money", "text"), WEB_FORMS, ids=[f[0] for f in WEB_FORMS])
def test_web_form_refuses_hostile_input(name, build, money, text, full_world, owner_client):
    world = full_world
    from hirehall.ledger.tests.helpers import fund_wallet

    fund_wallet(world.owner, 5_000_00)
    url, data = build(world)
    with Unchanged(f"{name}: NUL"):
        page = owner_client.post(url, {**data, text: "a\x00b"})
        assert page.status_code == 422 and b"invalid_characters" in page.content, (name, page.status_code)
    with Unchanged(f"{name}: multipart without a boundary"):
        page = owner_client.post(url, b"a=b", content_type="multipart/form-data")
        assert page.status_code == 400 and b"invalid_multipart" in page.content, name
    for value, _code in HOSTILE_AMOUNTS:
        amount = f"Design | {value}" if money == "milestones" else value
        with Unchanged(f"{name}: {money}={value!r}"):
            page = owner_client.post(url, {**data, money: amount}, follow=True)
            assert page.status_code < 500, (name, value)
            shown = page.content.decode()
            assert page.status_code >= 400 or any(w in shown for w in WEB_ERROR_WORDS), (
                name,
                value,
                shown[:2000],
            )


@pytest.mark.parametrize(
    ("path", "name"),
    [("/jobs/", "budget_min"), ("/jobs/", "budget_max"), ("/talent/", "min_rate"), ("/fees/", "amount")],
)
def test_web_money_filters_refuse_hostile_amounts(path, name, owner_client):
    for value, _code in HOSTILE_AMOUNTS:
        page = owner_client.get(path, {name: value})
        assert page.status_code < 500, (path, value)
    page = owner_client.get(path, {name: "5.00", "q": "a\x00"})
    assert page.status_code == 422 and b"invalid_characters" in page.content

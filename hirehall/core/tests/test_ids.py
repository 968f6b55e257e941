"""Ids (issue 9, item 6): ASCII digits from 1 to 2^63-1, one parser, everywhere.

A bad id in the URL names nothing (404 not_found, like another user's object); a bad id in the query
string or the body is a 422 validation_error whose error `type` is `invalid_id`. Never a 500.
"""

from __future__ import annotations

import re

import pytest

from config.api import api
from hirehall.core.ids import MAX_ID, parse_id
from hirehall.ledger.tests.helpers import snapshot
from hirehall.payments.models import Deposit

BAD_IDS = ["²", "١٢", "12 ", " 12", "+1", "-1", "1_000", "1.0", "0", "0x1f", str(MAX_ID + 1), "9" * 20]


@pytest.mark.parametrize("text", ["1", "42", "007", str(MAX_ID)])
def test_parse_id_takes_ascii_digits_in_range(text) -> None:
    assert parse_id(text) == int(text)


@pytest.mark.parametrize("value", [*BAD_IDS, "", None, True, 1.0, 0, -3, MAX_ID + 1])
def test_parse_id_refuses_everything_else(value) -> None:
    assert parse_id(value) is None


def _operations() -> list[tuple[str, str, dict]]:
    document = api.get_openapi_schema()
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def test_every_id_parameter_is_documented_as_an_id() -> None:
    checked = 0
    for method, path, operation in _operations():
        for param in operation.get("parameters", []):
            if "enum" in param["schema"]:  # a closed set of words (e.g. which file), never an id
                continue
            if param["in"] == "path" or param["name"].endswith("_id"):
                assert param["schema"].get("pattern") == "^[0-9]{1,19}$", (method, path, param)
                checked += 1
    assert checked > 80


@pytest.fixture
def api_user(api_client_for, user_factory):
    return api_client_for(user_factory())


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["%C2%B2", "%D9%A1%D9%A2", "0", "9" * 20, str(MAX_ID + 1)])
def test_a_bad_id_in_any_path_is_404_for_every_operation(api_user, bad) -> None:
    answered = set()
    for method, path, _operation in _operations():
        if "{" not in path:
            continue
        url = re.sub(r"{\w+}", bad, path)
        response = api_user.request(method, url, {})
        assert response.status_code == 404, (method, url, response.content)
        assert response.json()["code"] == "not_found"
        answered.add(path)
    assert len(answered) > 40


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["²", "9" * 20, "0", " 7"])
def test_a_bad_id_in_the_query_is_422_invalid_id(api_user, bad) -> None:
    for params in ({"client": bad, "freelancer": "1"}, {"client": "1", "freelancer": bad}):
        response = api_user.get("/api/v1/fees/preview", amount="100.00", **params)
        assert response.status_code == 422, response.content
        body = response.json()
        assert body["code"] == "validation_error"
        assert [e["type"] for e in body["errors"]] == ["invalid_id"]
        assert body["errors"][0]["loc"] in (["query", "client"], ["query", "freelancer"])


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["²", "9" * 20, "", 7])
def test_a_bad_id_in_the_body_is_422_and_changes_nothing(api_user, bad) -> None:
    before = snapshot()
    response = api_user.post("/api/v1/wallet/deposits", {"amount": "10.00", "payment_method_id": bad})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert [e["type"] for e in body["errors"]] == ["invalid_id"]
    assert snapshot() == before and not Deposit.objects.exists()

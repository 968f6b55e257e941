"""The shared input parsers: money (API and forms), the API's strict parser, the request guard."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client, override_settings

from config.env import env_cents
from hirehall.core.errors import DomainError
from hirehall.core.forms import MoneyField
from hirehall.core.money import parse_money


class TestParseMoney:
    @pytest.mark.parametrize(
        ("text", "cents"),
        [
            ("600.00", 600_00),
            ("600", 600_00),
            ("600.5", 600_50),
            (" 12.34 ", 12_34),
            ("0.01", 1),
            ("007.10", 7_10),
            ("1.50000000000000000000000000000000000000", 1_50),  # trailing zeros are exact, not rounded
            ("1000000.00", 1_000_000_00),  # the default maximum itself
            (Decimal("45.00"), 45_00),
            (Decimal("1E+3"), 1000_00),
            (Decimal("1.500"), 1_50),
            (12, 12_00),
        ],
    )
    def test_accepts_plain_amounts(self, text, cents):
        assert parse_money(text) == cents

    @pytest.mark.parametrize(
        ("text", "code", "words"),
        [
            ("1e999999999", "invalid_amount", "exponent"),
            ("1E5", "invalid_amount", "exponent"),
            ("-1e-999999999", "invalid_amount", "exponent"),
            ("NaN", "invalid_amount", "finite"),
            ("Infinity", "invalid_amount", "finite"),
            ("-Infinity", "invalid_amount", "finite"),
            ("१२", "invalid_amount", "digits 0-9"),
            ("１２", "invalid_amount", "digits 0-9"),  # full-width digits
            ("1_000", "invalid_amount", "separators"),
            ("1,000.00", "invalid_amount", "separators"),
            ("+5", "invalid_amount", "+ sign"),
            ("", "invalid_amount", "empty"),
            ("abc", "invalid_amount", "decimal amount"),
            ("1.005", "amount_too_precise", "two decimal places"),
            # A 29th significant digit is where decimal's default context used to round it away.
            ("1.00000000000000000000000000001", "amount_too_precise", "two decimal places"),
            ("0." + "0" * 5000 + "1", "amount_too_precise", "two decimal places"),
            (Decimal("0.001"), "amount_too_precise", "two decimal places"),
            ("-5.00", "amount_negative", "negative"),
            ("1000000.01", "amount_too_large", "$1,000,000.00"),
            ("9" * 5000, "amount_too_large", "maximum"),
            (Decimal("1E+999999999"), "amount_too_large", "maximum"),
            (Decimal("NaN"), "invalid_amount", "finite"),
            (1.5, "invalid_amount", "decimal string"),
            (True, "invalid_amount", "decimal string"),
        ],
    )
    def test_refuses_with_a_code_that_names_the_problem(self, text, code, words):
        with pytest.raises(DomainError) as exc:
            parse_money(text, field="amount")
        assert exc.value.code == code
        assert exc.value.status == 422
        assert words in exc.value.detail and exc.value.detail.startswith("amount ")

    def test_negative_only_where_allowed(self):
        assert parse_money("-5.25", allow_negative=True) == -5_25
        assert parse_money("-0") == 0

    @override_settings(HIREHALL_MAX_AMOUNT_CENTS=500_00)
    def test_the_maximum_is_the_setting(self):
        assert parse_money("500.00") == 500_00
        with pytest.raises(DomainError) as exc:
            parse_money("500.01")
        assert exc.value.code == "amount_too_large" and "$500.00" in exc.value.detail

    def test_setting_reads_dollars_from_the_environment(self, monkeypatch):
        monkeypatch.setenv("HIREHALL_MAX_AMOUNT", "2500.50")
        assert env_cents("HIREHALL_MAX_AMOUNT", 1) == 2500_50
        monkeypatch.setenv("HIREHALL_MAX_AMOUNT", "1e6")
        with pytest.raises(ValueError, match="dollar amount"):
            env_cents("HIREHALL_MAX_AMOUNT", 1)
        monkeypatch.delenv("HIREHALL_MAX_AMOUNT")
        assert env_cents("HIREHALL_MAX_AMOUNT", 100_000_000) == 100_000_000


class TestMoneyFormField:
    def test_cleans_to_cents_through_the_parser(self):
        assert MoneyField().clean("12.50") == 12_50
        assert MoneyField(required=False).clean("") is None

    @pytest.mark.parametrize("bad", ["1e999999999", "NaN", "1.001", "१२", "1_000", "-1", "2000000"])
    def test_refuses_what_the_parser_refuses(self, bad):
        from django import forms

        with pytest.raises(forms.ValidationError):
            MoneyField().clean(bad)

    def test_form_bounds(self):
        from django import forms

        field = MoneyField(min_cents=3_00, max_cents=999_00)
        assert field.clean("3.00") == 3_00
        for bad in ("2.99", "999.01"):
            with pytest.raises(forms.ValidationError):
                field.clean(bad)


@pytest.mark.django_db
class TestStrictApiParser:
    def test_a_scalar_query_parameter_given_twice_is_refused(self, api):
        response = api.client.get("/api/v1/jobs?sort=relevance&sort=budget_desc", headers=api._headers(None))
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "validation_error"
        assert body["errors"][0]["loc"] == ["query", "sort"]
        assert body["errors"][0]["type"] == "repeated_parameter"

    def test_list_parameters_may_repeat(self, api):
        response = api.get("/api/v1/jobs?experience=entry&experience=expert")
        assert response.status_code == 200

    @pytest.mark.parametrize("body", ["[null, null]", '"AAA"', "7"])
    def test_a_body_is_a_json_object(self, api, user, body):
        response = api.client.patch(
            "/api/v1/me/client-profile", body, content_type="application/json", headers=api._headers(None)
        )
        assert response.status_code == 400 and response.json()["code"] == "bad_request"

    @pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
    def test_json_bodies_must_be_json(self, api, constant):
        response = api.client.post(
            "/api/v1/wallet/deposits",
            f'{{"amount": {constant}, "payment_method": "1"}}',
            content_type="application/json",
            headers=api._headers(None),
        )
        assert response.status_code == 400 and response.json()["code"] == "bad_request"


@pytest.mark.django_db
class TestRequestGuard:
    def test_nul_in_the_query_string_is_refused_for_the_api(self, api):
        response = api.get("/api/v1/jobs?q=a%00b")
        assert response.status_code == 422
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "invalid_characters"

    def test_nul_in_the_path_is_refused(self, api):
        response = api.get("/api/v1/jobs/1%00")
        assert response.status_code == 422 and response.json()["code"] == "invalid_characters"

    def test_nul_escape_in_json_is_refused_but_an_escaped_backslash_is_text(self, api):
        refused = api.post("/api/v1/me/tokens", {"name": "a\x00b", "scope": "read"})
        assert refused.status_code == 422 and refused.json()["code"] == "invalid_characters"
        accepted = api.post("/api/v1/me/tokens", {"name": "a\\u0000b", "scope": "read"})
        assert accepted.status_code == 201, accepted.content
        assert accepted.json()["name"] == "a\\u0000b"

    def test_nul_in_a_header_is_refused(self, api):
        response = api.post("/api/v1/me/tokens", {"name": "t", "scope": "read"}, {"Idempotency-Key": "k\x00"})
        assert response.status_code == 422 and response.json()["code"] == "invalid_characters"

    def test_nul_in_web_query_and_form_is_a_4xx_page(self, client, user):
        client.force_login(user)
        page = client.get("/jobs/?q=a%00b")
        assert page.status_code == 422 and b"invalid_characters" in page.content
        assert page["Content-Type"].startswith("text/html")
        form = client.post("/settings/tokens/", {"name": "a\x00b", "scope": "read"})
        assert form.status_code == 422 and b"invalid_characters" in form.content

    def test_nul_in_a_web_form_read_by_csrf_middleware_is_a_4xx_page(self, user):
        # With CSRF enforced, the CSRF middleware is the first to read the body.
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        client.get("/settings/")
        token = client.cookies["csrftoken"].value
        page = client.post("/settings/tokens/", {"name": "a\x00b", "csrfmiddlewaretoken": token})
        assert page.status_code == 422 and b"invalid_characters" in page.content

    def test_oversized_json_is_413_problem(self, api, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        big = {"name": "x" * 2000, "scope": "read"}
        for headers in (None, {"Idempotency-Key": "big-1"}):
            response = api.post("/api/v1/me/tokens", big, headers)
            assert response.status_code == 413, response.content
            assert response.json()["code"] == "payload_too_large"

    def test_multipart_without_boundary_is_400(self, api, client, user):
        response = api.client.post(
            "/api/v1/me/freelancer-profile/photo",
            b"garbage",
            content_type="multipart/form-data",
            headers=api._headers(None),
        )
        assert response.status_code == 400 and response.json()["code"] == "invalid_multipart"
        client.force_login(user)
        page = client.post("/settings/tokens/", b"garbage", content_type="multipart/form-data")
        assert page.status_code == 400 and b"invalid_multipart" in page.content

    def test_truncated_multipart_is_400_after_authentication(self, api, api_client_for):
        body = b'--b\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\nabc'
        anonymous = api_client_for(None).client.post(
            "/api/v1/me/freelancer-profile/photo", body, content_type="multipart/form-data; boundary=b"
        )
        assert anonymous.status_code == 401  # refused before the body is parsed
        owner = api.client.post(
            "/api/v1/me/freelancer-profile/photo",
            body,
            content_type="multipart/form-data; boundary=b",
            headers=api._headers(None),
        )
        assert owner.status_code in (400, 422), owner.content
        assert owner.json()["code"] in ("invalid_multipart", "validation_error")

    def test_body_json_text_with_percent_zero_zero_is_fine(self, api):
        response = api.post("/api/v1/me/tokens", {"name": "100%00 sure", "scope": "read"})
        assert response.status_code == 201


def test_problem_bodies_are_json():
    # The guard's problem responses are the same RFC 9457 shape as the API's.
    from hirehall.core.request_guard import nul_error, rejection_response

    class FakeRequest:
        path_info = "/api/v1/x\x00"
        path = "/api/v1/x"

    response = rejection_response(FakeRequest(), nul_error("address"))
    body = json.loads(response.content)
    assert body["code"] == "invalid_characters" and body["status"] == 422 and "\x00" not in body["instance"]


@pytest.mark.django_db
class TestIsoDates:
    @pytest.mark.parametrize("bad", ["0", "0.5", "1700000000", "-1"])
    def test_numbers_are_not_instants(self, api, bad):
        response = api.get("/api/v1/transactions", until=bad)
        assert response.status_code == 422 and response.json()["code"] == "validation_error"

    def test_iso_instants_are(self, api):
        assert api.get("/api/v1/transactions", until="2024-06-10T12:00:00Z").status_code == 200

    def test_numbers_are_not_dates(self):
        from pydantic import TypeAdapter, ValidationError

        from hirehall.core.schemas import IsoDate

        adapter = TypeAdapter(IsoDate)
        assert str(adapter.validate_python("2024-06-10")) == "2024-06-10"
        for bad in (0, "0", 1.5, "1e3"):
            with pytest.raises(ValidationError):
                adapter.validate_python(bad)

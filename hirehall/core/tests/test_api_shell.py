"""The API's shell: problem+json errors, token auth and scopes, cursor pagination, idempotency."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from hirehall.accounts.models import ApiToken
from hirehall.accounts.services import api_token_create, api_token_revoke
from hirehall.core.models import IdempotencyRecord
from hirehall.core.testing import ApiClient, race

PROBLEM_KEYS = {"type", "title", "status", "detail", "code"}


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    assert body["code"] == code
    return body


class TestProblemJson:
    def test_unauthenticated(self, db, api_client_for):
        response = api_client_for(None).get("/api/v1/me")
        body = assert_problem(response, 401, "unauthenticated")
        assert body["instance"] == "/api/v1/me"
        assert response["WWW-Authenticate"].startswith("Bearer")

    def test_validation_error_lists_fields(self, api):
        body = assert_problem(api.post("/api/v1/me/tokens", {"name": ""}), 422, "validation_error")
        assert body["errors"][0]["loc"][-1] == "name"

    def test_unknown_api_path_is_problem_404(self, api):
        assert_problem(api.get("/api/v1/does-not-exist"), 404, "not_found")
        assert_problem(api.get("/api/v9/me"), 404, "not_found")

    def test_malformed_json_is_4xx_and_changes_nothing(self, api, user):
        response = api.client.post(
            "/api/v1/me/tokens", "{not json", content_type="application/json", headers=api.headers()
        )
        assert response.status_code in (400, 422)
        assert response.json()["code"] in ("bad_request", "validation_error")
        assert ApiToken.objects.filter(user=user).count() == 1  # only the test client's own token

    def test_bad_cursor_is_400(self, api):
        assert_problem(api.get("/api/v1/me/tokens", cursor="!!"), 400, "bad_request")


class TestTokenAuth:
    def test_valid_token(self, api, user):
        response = api.get("/api/v1/me")
        assert response.status_code == 200
        assert response.json()["email"] == user.email
        assert response.json()["roles"] == ["client", "freelancer"]
        assert response.json()["id"] == str(user.pk)

    def test_token_is_stored_hashed(self, user):
        token, raw = api_token_create(actor=user, name="t", scope="read")
        assert raw.startswith("hh_")
        assert raw not in token.token_hash
        assert not ApiToken.objects.filter(token_hash=raw).exists()

    def test_revoked_token_is_refused(self, user, api_client_for):
        client = api_client_for(user)
        token = ApiToken.objects.get(user=user)
        api_token_revoke(actor=user, token=token)
        assert_problem(client.get("/api/v1/me"), 401, "unauthenticated")

    def test_garbage_token_is_refused(self, db, api_client_for):
        assert_problem(ApiClient("hh_nope").get("/api/v1/me"), 401, "unauthenticated")

    def test_read_scope_cannot_write(self, user, api_client_for):
        reader = api_client_for(user, scope="read")
        assert reader.get("/api/v1/me").status_code == 200
        assert_problem(reader.post("/api/v1/me/tokens", {"name": "x"}), 403, "insufficient_scope")
        assert ApiToken.objects.filter(user=user).count() == 1

    def test_write_scope_can_write(self, api):
        response = api.post("/api/v1/me/tokens", {"name": "tracker", "scope": "write"})
        assert response.status_code == 201
        assert response.json()["token"].startswith("hh_")

    def test_inactive_user_token_refused(self, user, api_client_for):
        client = api_client_for(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        assert client.get("/api/v1/me").status_code == 401

    def test_session_post_needs_csrf(self, user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        assert client.get("/api/v1/me").status_code == 200
        response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")
        assert response.status_code == 403
        assert ApiToken.objects.filter(user=user).count() == 0

    def test_cannot_revoke_someone_elses_token(self, api, other_user):
        theirs, _ = api_token_create(actor=other_user, name="theirs", scope="read")
        assert_problem(api.post(f"/api/v1/me/tokens/{theirs.pk}/revoke"), 404, "not_found")
        theirs.refresh_from_db()
        assert theirs.revoked_at is None


class TestCursorPagination:
    def test_walks_every_item_once(self, user, api):
        for i in range(7):
            api_token_create(actor=user, name=f"t{i}", scope="read")
        seen, cursor = [], None
        while True:
            params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
            body = api.get("/api/v1/me/tokens", **params).json()
            seen += [item["id"] for item in body["items"]]
            cursor = body["next"]
            if not cursor:
                break
        assert len(seen) == len(set(seen)) == 8  # 7 + the client's own token
        assert seen == sorted(seen, key=int, reverse=True)

    def test_list_runs_constant_queries(self, user, api, django_assert_max_num_queries):
        def count_queries(expected_items):
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                assert len(api.get("/api/v1/me/tokens", limit=100).json()["items"]) == expected_items
            return len(ctx.captured_queries)

        count_queries(1)  # the first call also stamps the token's last_used_at
        few = count_queries(1)
        for i in range(15):
            api_token_create(actor=user, name=f"t{i}", scope="read")
        assert count_queries(16) == few


class TestIdempotency:
    def test_replay_returns_stored_response_and_runs_once(self, api, user):
        headers = {"Idempotency-Key": "k-1"}
        first = api.post("/api/v1/me/tokens", {"name": "once"}, headers=headers)
        second = api.post("/api/v1/me/tokens", {"name": "once"}, headers=headers)
        assert first.status_code == second.status_code == 201
        assert first.json() == second.json()
        assert second["Idempotent-Replayed"] == "true"
        assert ApiToken.objects.filter(user=user, name="once").count() == 1

    def test_same_key_other_body_is_422(self, api, user):
        headers = {"Idempotency-Key": "k-2"}
        assert api.post("/api/v1/me/tokens", {"name": "a"}, headers=headers).status_code == 201
        assert_problem(
            api.post("/api/v1/me/tokens", {"name": "b"}, headers=headers), 422, "idempotency_key_reused"
        )
        assert not ApiToken.objects.filter(user=user, name="b").exists()

    def test_keys_are_per_user(self, api, other_user, api_client_for):
        other = api_client_for(other_user)
        headers = {"Idempotency-Key": "shared"}
        assert api.post("/api/v1/me/tokens", {"name": "a"}, headers=headers).status_code == 201
        response = other.post("/api/v1/me/tokens", {"name": "a"}, headers=headers)
        assert response.status_code == 201
        assert "Idempotent-Replayed" not in response

    def test_validation_errors_are_replayed_too(self, api):
        headers = {"Idempotency-Key": "k-3"}
        first = api.post("/api/v1/me/tokens", {"name": ""}, headers=headers)
        second = api.post("/api/v1/me/tokens", {"name": ""}, headers=headers)
        assert first.status_code == second.status_code == 422
        assert first.content == second.content

    def test_server_errors_release_the_key(self, api, user, monkeypatch):
        import hirehall.accounts.api as accounts_api

        def boom(**kwargs):
            raise RuntimeError("provider down")

        monkeypatch.setattr(accounts_api, "api_token_create", boom)
        headers = {"Idempotency-Key": "k-4"}
        assert api.post("/api/v1/me/tokens", {"name": "x"}, headers=headers).status_code == 500
        assert not IdempotencyRecord.objects.filter(key="k-4").exists()
        monkeypatch.undo()
        assert api.post("/api/v1/me/tokens", {"name": "x"}, headers=headers).status_code == 201

    def test_overlong_key_is_refused(self, api):
        assert_problem(
            api.post("/api/v1/me/tokens", {"name": "x"}, headers={"Idempotency-Key": "k" * 300}),
            422,
            "validation_error",
        )

    @pytest.mark.postgres
    @pytest.mark.django_db(transaction=True)
    def test_concurrent_duplicate_is_409_and_runs_once(self, user_factory, api_client_for, monkeypatch):
        import hirehall.accounts.api as accounts_api

        user = user_factory("racer@example.com")
        client = api_client_for(user)
        entered, release = threading.Event(), threading.Event()
        real_create = accounts_api.api_token_create

        def slow_create(**kwargs):
            entered.set()
            release.wait(10)  # hold the first request inside the handler
            return real_create(**kwargs)

        monkeypatch.setattr(accounts_api, "api_token_create", slow_create)
        headers = {"Idempotency-Key": "race"}

        def request(i: int):
            if i == 0:
                return client.post("/api/v1/me/tokens", {"name": "race"}, headers=headers)
            try:  # the second caller arrives while the first is held inside the handler
                assert entered.wait(10)
                return client.post("/api/v1/me/tokens", {"name": "race"}, headers=headers)
            finally:
                release.set()

        first, second = (outcome.result() for outcome in race(2, request))
        assert_problem(second, 409, "idempotency_in_progress")
        assert first.status_code == 201
        assert ApiToken.objects.filter(user=user, name="race").count() == 1
        third = client.post("/api/v1/me/tokens", {"name": "race"}, headers=headers)
        assert third.status_code == 201 and third.json() == first.json()

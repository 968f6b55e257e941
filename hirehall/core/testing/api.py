"""The one /api/v1 client for tests."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client


class ApiClient:
    """The API as a program sees it: Django's test client with a bearer token, JSON bodies in,
    Django responses out (`.status_code`, `.json()`, headers).

    The root conftest's `api_client_for(user, scope=...)` mints the token (core imports no app);
    `ApiClient(None)` is an anonymous caller. Paths are full (`/api/v1/...`), as in the docs.
    `key=` sends an `Idempotency-Key` header.
    """

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def headers(self, headers: dict[str, str] | None = None, key: str | None = None) -> dict[str, str]:
        """Headers for a request: the caller's, plus Authorization and Idempotency-Key when set.
        For tests that send raw (non-JSON) bodies through `self.client`."""
        result = dict(headers or {})
        if self.token:
            result["Authorization"] = f"Bearer {self.token}"
        if key is not None:
            result["Idempotency-Key"] = key
        return result

    _headers = headers  # the name older tests use

    def get(self, path: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers(headers))

    def post(
        self, path: str, body: Any = None, headers: dict[str, str] | None = None, *, key: str | None = None
    ) -> Any:
        # An omitted body is `{}`: most actions take an (empty) JSON object.
        return self.request("POST", path, body if body is not None else {}, headers, key=key)

    def patch(
        self, path: str, body: Any = None, headers: dict[str, str] | None = None, *, key: str | None = None
    ) -> Any:
        return self.request("PATCH", path, body, headers, key=key)

    def delete(self, path: str, headers: dict[str, str] | None = None) -> Any:
        return self.request("DELETE", path, None, headers)

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        *,
        key: str | None = None,
    ) -> Any:
        """Any method; `body` is sent as JSON (None: an empty body)."""
        return self.client.generic(
            method,
            path,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=self.headers(headers, key),
        )

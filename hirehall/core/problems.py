"""RFC 9457 problem+json responses, shared by the API and the idempotency middleware."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

from hirehall.core.errors import ERROR_CODES

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_body(code: str, detail: str, *, instance: str = "", **extra: Any) -> dict[str, Any]:
    status, title = ERROR_CODES[code]
    body: dict[str, Any] = {
        "type": f"https://hirehall.dev/problems/{code.replace('_', '-')}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_response(code: str, detail: str, *, instance: str = "", **extra: Any) -> HttpResponse:
    body = problem_body(code, detail, instance=instance, **extra)
    return HttpResponse(json.dumps(body), status=body["status"], content_type=PROBLEM_CONTENT_TYPE)

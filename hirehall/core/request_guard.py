"""Hostile input is refused here, in one place, before any view, schema, form or service sees it.

- A NUL character, raw or escaped (`%00`, `\\u0000`), in the path, the query string, a header, a
  form field, a multipart text field or file name, or a JSON body: 422 `invalid_characters`.
  PostgreSQL cannot store NUL in text, and no human text contains one, so no field needs it.
- A body over DATA_UPLOAD_MAX_MEMORY_SIZE (or too many form fields/files): 413 `payload_too_large`.
- A multipart request Django cannot parse (no or a bad boundary, a truncated body): 400
  `invalid_multipart`, whatever the endpoint (a malformed request is malformed everywhere).

The API answers RFC 9457 problem+json; web pages get the error page with the same code. Form and
multipart bodies are checked when something first reads `request.POST`/`FILES`, not here: in the
API that is after authentication, so a caller who may not write is refused before its upload is
parsed. Every other body is read and checked here (the JSON API parses any content type as JSON).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO
from typing import Any
from urllib.parse import unquote_to_bytes

from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.shortcuts import render

from hirehall.core.errors import ERROR_CODES
from hirehall.core.problems import problem_response

NUL = "\x00"
# `\u0000` in JSON, but not `\\u0000` (an escaped backslash followed by the text "u0000").
_JSON_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectedInput(SuspiciousOperation):
    """Refused input, with a code of ERROR_CODES. Deliberately not a DomainError, which views catch
    to show a form error and go on: this one ends the request with its own 4xx wherever it is
    raised (the API's handler for SuspiciousOperation; Django's handler400, core.views.error_400,
    for web views and for middleware such as CSRF's that read the body first)."""

    def __init__(self, code: str, detail: str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}: add it to ERROR_CODES")
        self.code = code
        self.detail = detail
        self.status, self.title = ERROR_CODES[code]
        super().__init__(f"{code}: {detail}")


def nul_error(where: str) -> RejectedInput:
    return RejectedInput(
        "invalid_characters", f"The {where} contains a NUL character (\\u0000), which is not allowed."
    )


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            self._check(request)
        except RejectedInput as exc:
            return rejection_response(request, exc)
        _guard_form_parsing(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        if NUL in request.path_info:
            raise nul_error("address")
        if NUL in request.META.get("QUERY_STRING", "") or b"\x00" in unquote_to_bytes(
            request.META.get("QUERY_STRING", "")
        ):
            raise nul_error("query string")
        for name, value in request.META.items():
            if name.startswith("HTTP_") and isinstance(value, str) and NUL in value:
                raise nul_error(f"{name[5:].replace('_', '-').title()} header")
        content_type = request.content_type or ""
        if content_type == "multipart/form-data":
            # The headers only (no boundary, a bad one): the body itself is parsed later, after auth.
            try:
                MultiPartParser(request.META, BytesIO(), [])
            except MultiPartParserError as exc:
                raise as_rejection(exc) from None
            return
        if not _has_body(request):
            return
        try:
            body = request.body
        except RequestDataTooBig:
            raise _too_large() from None
        if b"\x00" in body or _JSON_NUL_ESCAPE.search(body):
            raise nul_error("request body")
        if content_type == "application/x-www-form-urlencoded" and b"\x00" in unquote_to_bytes(body):
            raise nul_error("request body")


def _has_body(request: HttpRequest) -> bool:
    length = request.META.get("CONTENT_LENGTH") or "0"
    return (length.isdigit() and int(length) > 0) or "HTTP_TRANSFER_ENCODING" in request.META


def _too_large() -> RejectedInput:
    from django.conf import settings

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return RejectedInput(
        "payload_too_large", f"The request body is larger than the limit of {limit:,} bytes (files aside)."
    )


def as_rejection(exc: Exception) -> RejectedInput:
    """Django's body-reading errors as our codes: 413 for size and count limits, 400 otherwise."""
    if isinstance(exc, RejectedInput):
        return exc
    if isinstance(exc, RequestDataTooBig):
        return _too_large()
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        what = "fields" if isinstance(exc, TooManyFieldsSent) else "files"
        return RejectedInput("payload_too_large", f"The request sends more {what} than allowed.")
    if isinstance(exc, MultiPartParserError):
        return RejectedInput("invalid_multipart", f"The multipart/form-data body is malformed: {exc}")
    return RejectedInput("bad_request", "The request could not be understood.")


def _guard_form_parsing(request: HttpRequest) -> None:
    """Check form and multipart data when it is first parsed, whoever parses it (CSRF, Ninja, a view)."""
    original: Callable[[], None] = request._load_post_and_files

    def load_post_and_files() -> None:
        try:
            original()
        except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            request._mark_post_parse_error()  # type: ignore[attr-defined]
            raise as_rejection(exc) from None
        if request.content_type in _FORM_TYPES and _form_has_nul(request):
            # Nothing of it may reach a view that catches the error and reads request.POST again.
            request._mark_post_parse_error()  # type: ignore[attr-defined]
            raise nul_error("form data")

    # An instance attribute shadows the method for this request only.
    request._load_post_and_files = load_post_and_files  # type: ignore[method-assign]


def _form_has_nul(request: HttpRequest) -> bool:
    post: Any = getattr(request, "_post", None)
    files: Any = getattr(request, "_files", None)
    for key, values in post.lists() if post is not None else ():
        if NUL in key or any(isinstance(v, str) and NUL in v for v in values):
            return True
    for key, uploads in files.lists() if files is not None else ():
        if NUL in key or any(NUL in (upload.name or "") for upload in uploads):
            return True
    return False


def rejection_response(request: HttpRequest, exc: RejectedInput) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return problem_response(exc.code, exc.detail, instance=request.path_info.replace(NUL, ""))
    return render(
        request,
        "error.html",
        {"title": exc.title, "detail": exc.detail, "code": exc.code},
        status=exc.status,
    )

"""`Idempotency-Key` for API POSTs.

Same key + same request  -> the stored response is replayed (the work ran once).
Same key + other request -> 422 `idempotency_key_reused`.
Same key while the first is still running -> 409 `idempotency_in_progress`.
Keys are per user. Only final answers are stored: 5xx and auth failures release the key so the
client can retry.

A killed database connection must not leave a key "in progress" (every retry a 409 while the money
behind it may have moved): the release and the save retry once on a fresh connection, and a claim
older than LEASE is taken over by the next retry, whose services replay by key (docs/reliability.md).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string

from hirehall.core.errors import DomainError
from hirehall.core.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 255
_NOT_STORED = {401, 403, 409, 429}
# Longer than any request runs (gunicorn's timeout is 30 s); a claim this old belongs to a dead request.
LEASE = timedelta(minutes=2)
log = logging.getLogger(__name__)


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Who is asking is accounts' knowledge (tokens, sessions); core imports no app, so the
        # settings (config sits above every app) name the function.
        self.user_from_request: Callable[[HttpRequest], Any] = import_string(
            settings.IDEMPOTENCY_USER_FROM_REQUEST
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER)
        if not key or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        user = self.user_from_request(request)
        if user is None:  # the API will answer 401 itself; nothing to remember
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH:
            return _problem(DomainError("validation_error", f"Idempotency-Key longer than {MAX_KEY_LENGTH}"))
        try:
            fingerprint = _fingerprint(request)
        except RequestDataTooBig as exc:
            # A multipart body (the guard checks the others' size first) over the limit: 413.
            from hirehall.core.problems import problem_response
            from hirehall.core.request_guard import as_rejection

            rejected = as_rejection(exc)
            return problem_response(rejected.code, rejected.detail)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(user=user, key=key, fingerprint=fingerprint)
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
            if existing is None:  # purged between our insert and read: treat as in progress
                return _problem(DomainError("idempotency_in_progress"))
            if existing.fingerprint != fingerprint:
                return _problem(DomainError("idempotency_key_reused"))
            if existing.state != IdempotencyRecord.State.COMPLETE:
                if existing.created_at < timezone.now() - LEASE and _take_over(existing):
                    return self(request)  # the dead request's claim is gone: claim it afresh
                return _problem(DomainError("idempotency_in_progress"))
            replay = HttpResponse(
                bytes(existing.response_body or b""),
                status=existing.response_status or 200,
                content_type=existing.response_content_type or "application/json",
            )
            replay["Idempotent-Replayed"] = "true"
            return replay

        try:
            response = self.get_response(request)
        except BaseException:
            _on_fresh_connection(record.delete)
            raise
        if response.status_code >= 500 or response.status_code in _NOT_STORED or response.streaming:
            _on_fresh_connection(record.delete)
            return response
        record.state = IdempotencyRecord.State.COMPLETE
        record.response_status = response.status_code
        record.response_content_type = response.get("Content-Type", "application/json")
        record.response_body = response.content
        _on_fresh_connection(
            lambda: record.save(
                update_fields=["state", "response_status", "response_content_type", "response_body"]
            )
        )
        return response


def _on_fresh_connection(write: Callable[[], object]) -> None:
    """Run `write`; if the connection died under the request, once more on a new connection.
    If even that fails the claim stays, and LEASE frees it for the next retry."""
    try:
        write()
        return
    except DatabaseError:
        if connection.in_atomic_block:  # not ours to reconnect (a test's or a caller's transaction)
            raise
        log.warning("idempotency record write failed; retrying on a fresh connection", exc_info=True)
    connection.close()  # Django opens a new connection at the next query
    try:
        write()
    except DatabaseError:
        log.exception("idempotency record write failed twice; the lease will free it")


def _take_over(existing: IdempotencyRecord) -> bool:
    """Remove an expired in-progress claim, unless another retry already did (then it is theirs)."""
    deleted, _ = IdempotencyRecord.objects.filter(
        pk=existing.pk, state=IdempotencyRecord.State.IN_PROGRESS, created_at=existing.created_at
    ).delete()
    return deleted > 0


def _problem(error: DomainError) -> HttpResponse:
    from hirehall.core.problems import problem_response

    return problem_response(error.code, error.detail)

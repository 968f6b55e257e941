"""The API's shared machinery: authentication, problem+json error handlers, common schemas."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from hirehall.accounts.models import ApiToken, User
from hirehall.accounts.tokens import active_token
from hirehall.core.errors import DomainError
from hirehall.core.problems import problem_response

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer hh_...`: read scope for safe methods, write scope for the rest."""

    openapi_description = "Personal access token from Settings → API tokens."

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = active_token(token)
        if api_token is None:
            return None
        if not api_token.allows(request.method or "GET"):
            raise DomainError(
                "insufficient_scope", "This token is read-only; create one with the write scope."
            )
        _touch(api_token)
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class SessionUserAuth(APIKeyCookie):
    """The browser session (CSRF-checked for unsafe methods, like Django forms)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated and user.is_active:
            return user
        return None


def _touch(api_token: ApiToken) -> None:
    # At most one write a minute per token, not one per request.
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)


def request_user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):  # every router requires auth; this only narrows the type
        raise DomainError("unauthenticated")
    return user


_STATUS_CODES = {
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "rate_limited",
}


def install_problem_handlers(api: NinjaAPI) -> None:
    def domain_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem_response(exc.code, exc.detail, instance=request.path, **exc.extra)

    def validation_error(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = [
            {
                "loc": [str(p) for p in e.get("loc", [])],
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in exc.errors
        ]
        return problem_response(
            "validation_error", "The request is not valid.", instance=request.path, errors=errors
        )

    def authentication_error(request: HttpRequest, exc: Any) -> HttpResponse:
        response = problem_response(
            "unauthenticated", "Sign in, or send a valid personal access token.", instance=request.path
        )
        response["WWW-Authenticate"] = 'Bearer realm="hirehall"'
        return response

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        code = _STATUS_CODES.get(
            exc.status_code, "bad_request" if exc.status_code < 500 else "internal_error"
        )
        return problem_response(code, str(exc.message), instance=request.path)

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem_response("not_found", "Not found.", instance=request.path)

    def bad_body(request: HttpRequest, exc: Any) -> HttpResponse:
        # Reached when Ninja reads a body the request guard could not pre-check (e.g. a JSON
        # operation called with a multipart body over the size limit): a clean 4xx, never a 500.
        from hirehall.core.request_guard import as_rejection

        error = as_rejection(exc)
        return problem_response(error.code, error.detail, instance=request.path)

    def unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.exception("unhandled API error on %s", request.path)
        return problem_response("internal_error", "Something went wrong on our side.", instance=request.path)

    api.add_exception_handler(Exception, unexpected)
    api.add_exception_handler(SuspiciousOperation, bad_body)
    api.add_exception_handler(MultiPartParserError, bad_body)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, authentication_error)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(DomainError, domain_error)


def problems(*statuses: int) -> dict[int, Any]:
    """Declare error responses in OpenAPI so clients (and schemathesis) know their shape."""
    from hirehall.core.schemas import Problem

    return dict.fromkeys(statuses, Problem)


class HirehallAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        from hirehall.core.schemas import Problem

        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        problem = {
            "description": "Problem details (RFC 9457)",
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                # Errors are problem+json (RFC 9457); say so in the document.
                for status, response in responses.items():
                    content = response.get("content", {})
                    if str(status)[0] in "45" and "application/json" in content:
                        content["application/problem+json"] = content.pop("application/json")
                # Errors that every operation of this shape can give, documented once here.
                implied = set()
                if operation.get("security"):
                    implied |= {401, 403, 429}
                if operation.get("parameters") or operation.get("requestBody"):
                    implied |= {400, 422}
                if "{" in path:
                    implied.add(404)
                for status in sorted(implied):
                    responses.setdefault(status, problem)
        return schema

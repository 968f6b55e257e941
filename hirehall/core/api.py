"""The API's shared machinery: problem+json error handlers and the OpenAPI document.

Authentication (tokens, session) reads accounts' models, so it lives in hirehall.accounts.auth.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from hirehall.core.errors import DomainError
from hirehall.core.problems import problem_response

logger = logging.getLogger(__name__)


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
        response = problem_response(exc.code, exc.detail, instance=request.path, **exc.extra)
        if "retry_after" in exc.extra:  # hirehall.core.ratelimit
            response["Retry-After"] = str(exc.extra["retry_after"])
        return response

    def validation_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if any(_bad_path_id(e) for e in exc.errors):
            # A URL whose id cannot exist names nothing: 404, like an id nobody may see.
            return problem_response("not_found", "Not found.", instance=request.path)
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


def _bad_path_id(error: dict[str, Any]) -> bool:
    from hirehall.core.schemas import INVALID_ID

    return error.get("type") == INVALID_ID and tuple(error.get("loc", ()))[:1] == ("path",)


def problems(*statuses: int) -> dict[int, Any]:
    """Declare error responses in OpenAPI so clients (and schemathesis) know their shape."""
    from hirehall.core.schemas import Problem

    return dict.fromkeys(statuses, Problem)


class HirehallAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        # `hirehall_<app>_api_<function>` whether the app's API is one module or a package of them:
        # operationIds name the methods of generated clients, so splitting a module must not change them.
        module = ".".join(operation.view_func.__module__.split(".")[:3])
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

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

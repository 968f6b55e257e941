from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hirehall.core.errors import DomainError


class DomainErrorMiddleware:
    """Web pages: a DomainError escaping a view becomes its 4xx page (404 for others' objects).

    The API has its own problem+json handlers; this covers the HTML side with the same codes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        if exception.status == 404:
            return render(request, "404.html", status=404)
        response = render(
            request,
            "error.html",
            {"title": exception.title, "detail": exception.detail, "code": exception.code},
            status=exception.status,
        )
        if "retry_after" in exception.extra:  # hirehall.core.ratelimit
            response["Retry-After"] = str(exception.extra["retry_after"])
        return response

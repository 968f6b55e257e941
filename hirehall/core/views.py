from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from hirehall.core.problems import problem_response


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.GET.get("stay") is None:
        return redirect("dashboard")
    return render(request, "core/landing.html")


def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; the detail goes to the logs
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown /api/ paths answer in problem+json like the rest of the API, not with an HTML page."""
    return problem_response("not_found", "No such API endpoint.", instance=request.path)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A refused request (bad input found by middleware such as CSRF's reading the body): its own
    code and status when it is one of ours, problem+json under /api/."""
    from hirehall.core.request_guard import RejectedInput, rejection_response

    if not isinstance(exception, RejectedInput):
        exception = RejectedInput("bad_request", "The request could not be understood.")
    return rejection_response(request, exception)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without request context: whatever failed may fail again.
    return render(request, "500.html", status=500, context={})

"""The web shell's pages: the signed-in home (dashboard) and the files crawlers ask for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from hirehall.accounts.forms import AddRoleForm
from hirehall.core.web import request_user
from hirehall.web.selectors import dashboard_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(request, "web/dashboard.html", {"d": dashboard_for(user), "role_form": AddRoleForm()})


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Public pages (the landing page, jobs) may be crawled; private areas and the API may not."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /accounts/",
        "Disallow: /dashboard/",
        "Disallow: /settings/",
        "Disallow: /contracts/",
        "Disallow: /wallet/",
        "Allow: /jobs/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the SVG in static/."""
    return redirect(static("favicon.svg"), permanent=True)

"""Webhook pages (settings area). Each view: parse → authorise through a selector → one service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hirehall.core.pagination import paginate
from hirehall.core.web import refusals, request_user
from hirehall.webhooks import selectors, services
from hirehall.webhooks.events import EVENT_TYPES
from hirehall.webhooks.forms import EndpointForm

DELIVERIES_PER_PAGE = 50


@login_required
def endpoints(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form) as refused:
            endpoint = services.endpoint_create(
                actor=user,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                operator=form.cleaned_data["operator"],
            )
        if not refused:
            # The secret is shown once, on the next page; it stays stored (it signs every delivery).
            request.session["new_webhook_secret"] = [endpoint.pk, endpoint.secret]
            messages.success(request, _("Endpoint added. Copy its signing secret now."))
            return redirect("webhooks:endpoint", pk=endpoint.pk)
    context = {"endpoints": list(selectors.endpoints_for(user).order_by("-pk")), "form": form}
    return render(request, "webhooks/endpoints.html", context, status=422 if form.errors else 200)


@login_required
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_get_for(request_user(request), pk)
    new_secret = request.session.pop("new_webhook_secret", None)
    rows, nxt = paginate(
        selectors.deliveries_for(endpoint), cursor=request.GET.get("cursor"), limit=DELIVERIES_PER_PAGE
    )
    context = {
        "endpoint": endpoint,
        "deliveries": rows,
        "next_cursor": nxt,
        "secret": new_secret[1] if new_secret and new_secret[0] == endpoint.pk else None,
        "event_names": {name: EVENT_TYPES.get(name, name) for name in endpoint.events},
    }
    return render(request, "webhooks/endpoint.html", context)


@login_required
@require_POST
def endpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    endpoint = selectors.endpoint_get_for(user, pk)
    services.endpoint_delete(actor=user, endpoint=endpoint)
    messages.success(request, _("Endpoint deleted."))
    return redirect("webhooks:endpoints")


@login_required
@require_POST
def endpoint_enable(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    endpoint = selectors.endpoint_get_for(user, pk)
    services.endpoint_enable(actor=user, endpoint=endpoint)
    messages.success(request, _("Endpoint enabled: its queued deliveries resume."))
    return redirect("webhooks:endpoint", pk=pk)


@login_required
@require_POST
def redeliver(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    delivery = selectors.delivery_get_for(user, pk)
    with refusals(request) as refused:
        services.delivery_redeliver(actor=user, delivery=delivery)
    if not refused:
        delivery.refresh_from_db()
        messages.success(
            request, _("Redelivery: %(status)s.") % {"status": delivery.get_status_display().lower()}
        )
    return redirect("webhooks:endpoint", pk=delivery.endpoint_id)

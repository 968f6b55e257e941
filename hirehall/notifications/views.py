"""The notification list (mark read with htmx) and the preferences page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hirehall.core.errors import DomainError
from hirehall.core.pagination import paginate
from hirehall.core.web import refusals, request_user
from hirehall.notifications import kinds
from hirehall.notifications.forms import PreferencesForm
from hirehall.notifications.selectors import (
    channels_for,
    notification_get_for,
    notifications_for,
    unread_count,
)
from hirehall.notifications.services import notification_preferences_set, notifications_mark_read

PAGE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    unread_only = request.GET.get("unread") == "1"
    qs = notifications_for(user, unread=unread_only)
    try:
        rows, nxt = paginate(qs, cursor=request.GET.get("cursor"), limit=PAGE)
    except DomainError:  # a cursor this page did not write: start from the newest
        rows, nxt = paginate(qs, cursor=None, limit=PAGE)
    labels = {k.key: _(k.label) for k in kinds.all_kinds()}
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": [(n, labels.get(n.kind, n.kind)) for n in rows],
            "next_cursor": nxt,
            "unread_only": unread_only,
            "unread": unread_count(user),
        },
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    notification = notification_get_for(user, pk)  # another user's notification: 404
    notifications_mark_read(actor=user, ids=[notification.pk])
    if request.htmx:  # type: ignore[attr-defined]
        notification.refresh_from_db(fields=["read_at"])
        labels = {k.key: _(k.label) for k in kinds.all_kinds()}
        response = render(
            request,
            "notifications/_item.html",
            # The bell's count changes too: an out-of-band swap replaces it in the header.
            {"n": notification, "label": labels.get(notification.kind, notification.kind), "oob_bell": True},
        )
        response["HX-Trigger"] = "notifications-changed"
        return response
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    changed = notifications_mark_read(actor=request_user(request), all=True)
    messages.success(
        request,
        ngettext("Marked %(count)d notification read.", "Marked %(count)d notifications read.", changed)
        % {"count": changed},
    )
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = PreferencesForm(request.POST or None, current=channels_for(user))
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form) as refused:
            notification_preferences_set(actor=user, choices=form.cleaned_data)
        if not refused:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    return render(
        request, "notifications/preferences.html", {"form": form}, status=422 if form.errors else 200
    )

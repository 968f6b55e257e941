"""Your data (settings area): export it, or delete the account. Parse → selector → one service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hirehall.core.web import refusals, request_user
from hirehall.privacy import selectors, services
from hirehall.privacy.files import export_response
from hirehall.privacy.forms import DeleteAccountForm
from hirehall.privacy.models import ExportStatus

RECENT_EXPORTS = 5


def _page(request: HttpRequest, form: DeleteAccountForm, *, status: int = 200) -> HttpResponse:
    user = request_user(request)
    exports = list(selectors.exports_for(user).order_by("-pk")[:RECENT_EXPORTS])
    context = {
        "exports": exports,
        "building": any(e.status in (ExportStatus.PENDING, ExportStatus.BUILDING) for e in exports),
        "blockers": services.deletion_blockers(user),
        "form": form,
    }
    return render(request, "privacy/data.html", context, status=status)


@login_required
def data(request: HttpRequest) -> HttpResponse:
    return _page(request, DeleteAccountForm(user=request_user(request)))


@login_required
@require_POST
def export_create(request: HttpRequest) -> HttpResponse:
    export = services.export_request(actor=request_user(request))
    export.refresh_from_db()
    if export.status == ExportStatus.READY:
        messages.success(request, _("Your export is ready to download."))
    else:
        messages.success(request, _("Your export is being built; we will email you when it is ready."))
    return redirect("privacy:data")


@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    return export_response(selectors.export_get_for(request_user(request), pk))


@login_required
@require_POST
def account_delete(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = DeleteAccountForm(request.POST, user=user)
    if not form.is_valid():
        return _page(request, form, status=422)
    with refusals(request, form=form) as refused:
        services.account_delete(actor=user)
    if refused:
        return _page(request, form, status=409)
    logout(request)
    messages.success(request, _("Your account is deleted. Financial records are kept as the law requires."))
    return redirect("landing")

"""Web pages of the staff casework (ledger adjustments with four eyes, the identity queue) and the
freelancer's "Verify your identity" settings page. Parse → selector → one service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hirehall.accounts.models import User
from hirehall.core.errors import DomainError
from hirehall.core.files import serve_private_file
from hirehall.core.web import refusals, request_user
from hirehall.ledger.selectors import balances_for
from hirehall.moderation import adjustments, identity, selectors
from hirehall.moderation.casework_forms import AdjustmentForm, IdentityDecisionForm, IdentityForm, RefuseForm
from hirehall.moderation.models import AdjustmentStatus
from hirehall.moderation.views import staff_only

LIST_SIZE = 50


# --- ledger adjustments ---------------------------------------------------------------------------------
@staff_only
def adjustment_list(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    qs = adjustments.adjustments_for_staff(actor)
    email = request.GET.get("email", "").strip()
    if email:  # "Adjust a balance": find the user by email, then the form
        found = User.objects.filter(email__iexact=email[:254].replace("\x00", "")).first()
        if found is not None:
            return redirect("moderation:adjustment_new", pk=found.pk)
        messages.error(request, _("No user has that email address."))
    context = {
        "pending": list(qs.filter(status=AdjustmentStatus.PENDING).order_by("pk")[:LIST_SIZE]),
        "recent": list(qs.exclude(status=AdjustmentStatus.PENDING).order_by("-pk")[:LIST_SIZE]),
        "threshold": adjustments.four_eyes_threshold(),
        "refuse_form": RefuseForm(),
    }
    return render(request, "moderation/adjustments.html", context)


@staff_only
def adjustment_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    person = selectors.staff_user_get(actor, pk)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals(request, form=form) as refused:
            adjustment = adjustments.adjustment_request(
                actor=actor,
                user=person,
                account=data["account"],
                direction=data["direction"],
                amount_cents=data["amount"],
                reason=data["reason"],
                key=data["key"],
            )
        if not refused:
            if adjustment.status == AdjustmentStatus.APPLIED:
                messages.success(request, _("The adjustment was applied; the user was told why."))
            else:
                messages.success(
                    request, _("The adjustment is above the threshold: it waits for a second staff approval.")
                )
            return redirect("moderation:adjustments")
    context = {
        "person": person,
        "form": form,
        "balances": balances_for(person),
        "threshold": adjustments.four_eyes_threshold(),
    }
    return render(request, "moderation/adjustment_new.html", context)


@staff_only
@require_POST
def adjustment_approve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    adjustment = adjustments.staff_adjustment_get(actor, pk)
    with refusals(request) as refused:
        adjustments.adjustment_approve(actor=actor, adjustment=adjustment)
    if not refused:
        messages.success(request, _("Approved and applied; the user was told why."))
    return redirect("moderation:adjustments")


@staff_only
@require_POST
def adjustment_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    adjustment = adjustments.staff_adjustment_get(actor, pk)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write why the adjustment is refused."))
        return redirect("moderation:adjustments")
    with refusals(request) as refused:
        adjustments.adjustment_refuse(actor=actor, adjustment=adjustment, reason=form.cleaned_data["reason"])
    if not refused:
        messages.success(request, _("The adjustment was refused; no money moved."))
    return redirect("moderation:adjustments")


# --- identity verification: the freelancer's side --------------------------------------------------------
@login_required
def identity_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = IdentityForm()
    if request.method == "POST":
        try:
            form = IdentityForm(request.POST, request.FILES)
            valid = form.is_valid()
        except RequestDataTooBig:
            valid = False
            form = IdentityForm()
            form.add_error(None, _("The files are too large: up to 10 MB each."))
        if valid:
            with refusals(request, form=form) as refused:
                identity.identity_submit(
                    actor=user, document=form.cleaned_data["document"], selfie=form.cleaned_data["selfie"]
                )
            if not refused:
                messages.success(
                    request,
                    _(
                        "Thank you. Staff will review your identity check; "
                        "the answer comes here and by email."
                    ),
                )
                return redirect("moderation:identity")
    context = {"state": identity.identity_state_for(user), "form": form}
    return render(request, "moderation/identity.html", context)


@login_required
def identity_file(request: HttpRequest, pk: int, which: str) -> HttpResponseBase:
    """The owner's own files and staff: always a download, never shown inline on our origin."""
    try:
        path, content_type, name = identity.identity_file_get_for(request_user(request), pk, which)
    except DomainError:
        raise Http404 from None
    return serve_private_file(path, content_type=content_type, filename=name, download=True)


# --- identity verification: the staff queue --------------------------------------------------------------
@staff_only
def identity_queue(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    context = {
        "pending": list(identity.identity_queue(actor)[:LIST_SIZE]),
        "decided": list(identity.identity_recently_decided(actor)[:LIST_SIZE]),
        "form": IdentityDecisionForm(),
    }
    return render(request, "moderation/identity_queue.html", context)


@staff_only
@require_POST
def identity_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    submission = identity.staff_identity_get(actor, pk)
    form = IdentityDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse."))
        return redirect("moderation:identity_queue")
    approve = form.cleaned_data["decision"] == "approve"
    with refusals(request) as refused:
        identity.identity_decide(
            actor=actor, submission=submission, approve=approve, reason=form.cleaned_data["reason"]
        )
    if not refused:
        messages.success(
            request,
            _("Approved: the freelancer is identity-verified.")
            if approve
            else _("Refused; the freelancer was told why."),
        )
    return redirect("moderation:identity_queue")

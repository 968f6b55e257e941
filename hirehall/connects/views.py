"""The Connects page: balance, plan, what expires in the next 30 days, and the full history."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hirehall.accounts.models import User
from hirehall.connects import policy
from hirehall.connects.selectors import connects_history, connects_summary
from hirehall.connects.services import connects_plus_cancel, connects_plus_subscribe, connects_purchase
from hirehall.core.errors import DomainError
from hirehall.core.web import refusals, request_user
from hirehall.payments.models import PaymentMethod
from hirehall.payments.selectors import payment_method_get_for, payment_methods_for


@login_required
def connects_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    page = Paginator(connects_history(user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "connects/page.html",
        {
            "summary": connects_summary(user),
            "page": page,
            "bundles": [(n, n * policy.PRICE_PER_CONNECT_CENTS) for n in policy.BUNDLES],
            "plus_price": policy.PLUS_PRICE_CENTS,
            "cards": list(payment_methods_for(user, PaymentMethod.Kind.CARD)),
            "purchase_key": uuid.uuid4().hex,
        },
    )


def _method(user: User, request: HttpRequest) -> PaymentMethod | None:
    value = request.POST.get("payment_method", "")
    return payment_method_get_for(user, value) if value else None


@login_required
@require_POST
def buy(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    with refusals(request):
        try:
            quantity = int(request.POST.get("quantity", "0"))
        except ValueError:
            raise DomainError("validation_error", "Choose a bundle.") from None
        # The form's key makes a double-clicked "Buy" one purchase.
        connects_purchase(
            actor=user,
            quantity=quantity,
            key=request.POST.get("key") or None,
            payment_method=_method(user, request),
        )
        messages.success(
            request,
            ngettext("%(count)d Connect added.", "%(count)d Connects added.", quantity) % {"count": quantity},
        )
    return redirect("connects:page")


@login_required
@require_POST
def plus_subscribe(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    with refusals(request):
        connects_plus_subscribe(actor=user, payment_method=_method(user, request))
        messages.success(request, _("Welcome to Freelancer Plus: 80 Connects added."))
    return redirect("connects:page")


@login_required
@require_POST
def plus_cancel(request: HttpRequest) -> HttpResponse:
    with refusals(request):
        connects_plus_cancel(actor=request_user(request))
        messages.success(request, _("Freelancer Plus ends at the end of this month."))
    return redirect("connects:page")

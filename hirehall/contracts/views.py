from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hirehall.accounts.models import User
from hirehall.contracts.selectors import contract_get_for, contracts_for


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contracts/list.html",
        {"contracts": list(contracts_for(_user(request)).order_by("-pk")[:200])},
    )


@login_required
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    return render(request, "contracts/detail.html", {"c": contract_get_for(_user(request), contract_id)})

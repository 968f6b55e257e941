from __future__ import annotations

from django.db.models import Q, QuerySet

from hirehall.accounts.models import User
from hirehall.contracts.models import Contract
from hirehall.core.errors import NotFound


def contracts_for(user: User) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(Q(client=user) | Q(freelancer=user))
        .select_related("client", "freelancer", "job")
        .prefetch_related("milestones")
    )


def contract_get_for(user: User, contract_id: int | str) -> Contract:
    try:
        pk = int(contract_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    contract = contracts_for(user).filter(pk=pk).first()
    if contract is None:
        raise NotFound("No such contract.")
    return contract

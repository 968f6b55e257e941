"""Helpers every contracts service shares: locking, transitions, parties, the timeline, notices."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import Promise

from hirehall.accounts.models import User
from hirehall.contracts import errors as _errors  # noqa: F401 - registers the app's error codes
from hirehall.contracts.lock_objects import (
    contracts_qs_select_for_update,
)
from hirehall.contracts.models import CONTRACT_TRANSITIONS, Contract, ContractEvent, ContractStatus
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError, NotFound
from hirehall.core.states import transition
from hirehall.notifications.services import notify as notifications_notify


def lock_contract(contract: Contract | int) -> Contract:
    """FOR NO KEY UPDATE: rows that only reference the contract (events, segments) can still be
    inserted meanwhile; a plain FOR UPDATE would block their foreign-key checks."""
    pk = contract if isinstance(contract, int) else contract.pk
    return contracts_qs_select_for_update().select_related("client", "freelancer").get(pk=pk)


def claim_contract(contract_id: int) -> Contract | None:
    """A sweep's first lock: the contract, skipped if a person is acting on it right now (the sweep
    comes back next minute). Same order as the people's paths, so the two never deadlock."""
    return (
        contracts_qs_select_for_update(skip_locked=True)
        .select_related("client", "freelancer")
        .filter(pk=contract_id)
        .first()
    )


def side(actor: User, contract: Contract) -> str:
    """ "client" or "freelancer"; anyone else is told the contract does not exist."""
    if actor.pk == contract.client_id:
        return "client"
    if actor.pk == contract.freelancer_id:
        return "freelancer"
    raise NotFound("No such contract.")


def require(actor: User, contract: Contract, who: str) -> None:
    if side(actor, contract) != who:
        raise DomainError("permission_denied", f"Only the {who} can do this.")


def require_open(contract: Contract) -> None:
    if contract.status == ContractStatus.ENDED:
        raise DomainError("contract_ended", "This contract has ended.")


def require_kind(contract: Contract, kind: str) -> None:
    if contract.kind != kind:
        raise DomainError("wrong_contract_kind", f"This is for {kind} contracts.")


def contract_move(contract: Contract, to: str) -> None:
    transition(contract, to, CONTRACT_TRANSITIONS)


def event(
    contract: Contract, kind: str, text: str, *, actor: User | None = None, amount: int | None = None
) -> None:
    ContractEvent.objects.create(
        contract=contract,
        kind=kind,
        text=text[:300],
        actor=actor,
        amount_cents=amount,
        created_at=clock_now(),
    )


def notify(
    user: User, kind: str, title: str | Promise, body: str | Promise, *, contract: Contract, key: str = ""
) -> bool:
    """Tell one party about an event on the contract (a kind of hirehall/notifications/kinds.py): the
    in-app row commits with the event, the email (per the user's preference) leaves after commit, so a
    rolled-back action never tells anyone it happened. False when nothing was stored (the user turned
    the kind off, or `key` was already used)."""
    return (
        notifications_notify(
            user=user,
            kind=kind,
            title=title,
            body=body,
            url=reverse("contracts:detail", args=[contract.pk]),
            ref=f"contract:{contract.pk}",
            key=key,
        )
        is not None
    )

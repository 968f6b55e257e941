"""Test helpers shared by the ledger and payments tests."""

from __future__ import annotations

import contextlib
import inspect
import itertools
import os
from collections.abc import Iterator
from typing import Any

from hirehall.accounts.models import User
from hirehall.core.testing import make_user  # noqa: F401 - re-exported: money tests import it from here
from hirehall.ledger.models import Account
from hirehall.ledger.selectors import account_find, balances_for
from hirehall.ledger.verify import verify_ledger

_counter = itertools.count(1)


def fund_wallet(user: User, cents: int, key: str | None = None) -> None:
    from hirehall.ledger.operations import deposit_record

    deposit_record(
        actor=user, amount_cents=cents, key=key or f"test-deposit:{next(_counter)}", provider_ref="test"
    )


def snapshot() -> dict[str, tuple[int, int, int, int]]:
    """Every account's totals: denial tests compare before and after."""
    return {
        a.key: (a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted)
        for a in Account.objects.order_by("pk")
    }


def assert_ledger_ok() -> None:
    problems = verify_ledger()
    assert problems == [], problems


def wallet_available(user: User) -> int:
    return balances_for(user).wallet_available


def account_of(kind: str, user: User | None = None, reference: str = "") -> Account | None:
    return account_find(kind, owner=user, reference=reference)


LEDGER_MODELS = ("Account", "Transfer", "TransferGroup", "BillingRelationship")


@contextlib.contextmanager
def only_services_write() -> Iterator[None]:
    """Fail any save/delete of a ledger row that does not come from hirehall/ledger/services.py."""
    from django.apps import apps
    from django.db.models.signals import pre_delete, pre_save

    def guard(sender: type, **kwargs: Any) -> None:
        frames = [f.filename for f in inspect.stack(context=0)]
        if not any(f.endswith(os.path.join("hirehall", "ledger", "services.py")) for f in frames):
            raise AssertionError(f"{sender.__name__} written outside ledger.services")

    models = [apps.get_model("ledger", name) for name in LEDGER_MODELS]
    for model in models:
        pre_save.connect(guard, sender=model, weak=False, dispatch_uid=f"guard-{model.__name__}")
        pre_delete.connect(guard, sender=model, weak=False, dispatch_uid=f"guard-del-{model.__name__}")
    try:
        yield
    finally:
        for model in models:
            pre_save.disconnect(sender=model, dispatch_uid=f"guard-{model.__name__}")
            pre_delete.disconnect(sender=model, dispatch_uid=f"guard-del-{model.__name__}")

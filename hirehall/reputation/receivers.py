"""Reactions to lower apps' signals."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from hirehall.contracts.signals import contract_ended
from hirehall.reputation.services import end_window


@receiver(contract_ended, dispatch_uid="reputation.open_end_window")
def open_end_window(sender: Any, contract: Any, **kwargs: Any) -> None:
    """The 14-day feedback window opens in the transaction that ends the contract."""
    end_window(contract)

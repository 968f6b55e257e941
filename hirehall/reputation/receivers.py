"""Reactions to lower apps' signals."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from hirehall.contracts.signals import contract_ended, dispute_resolved
from hirehall.reputation.services import end_window, jss_recompute


@receiver(contract_ended, dispatch_uid="reputation.open_end_window")
def open_end_window(sender: Any, contract: Any, **kwargs: Any) -> None:
    """The 14-day feedback window opens in the transaction that ends the contract."""
    end_window(contract)


@receiver(dispute_resolved, dispatch_uid="reputation.recompute_after_dispute")
def recompute_after_dispute(sender: Any, contract: Any, **kwargs: Any) -> None:
    """A decided dispute can change an outcome: the JSS is recomputed in the deciding transaction."""
    jss_recompute(user_id=contract.freelancer_id)

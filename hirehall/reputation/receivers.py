"""Reactions to lower apps' signals."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from hirehall.contracts.models import Contract, ContractEvent, ContractMilestone, Invoice
from hirehall.contracts.signals import contract_ended, dispute_resolved
from hirehall.core import fragments
from hirehall.jobs.models import Job
from hirehall.reputation.models import Feedback, FreelancerReputation
from hirehall.reputation.services import end_window, jss_recompute


@receiver(contract_ended, dispatch_uid="reputation.open_end_window")
def open_end_window(sender: Any, contract: Any, **kwargs: Any) -> None:
    """The 14-day feedback window opens in the transaction that ends the contract."""
    end_window(contract)


@receiver(dispute_resolved, dispatch_uid="reputation.recompute_after_dispute")
def recompute_after_dispute(sender: Any, contract: Any, **kwargs: Any) -> None:
    """A decided dispute can change an outcome: the JSS is recomputed in the deciding transaction."""
    jss_recompute(user_id=contract.freelancer_id)


# --- cache versions: the figures `sources.py` caches per user change with these rows -------------
def _bump_after_commit(*user_ids: int | None) -> None:
    """After commit: a request between the write and the commit would cache the old figures under
    the new version."""
    scopes = [f"user:{uid}" for uid in user_ids if uid]
    if scopes:
        transaction.on_commit(lambda: fragments.bump(*scopes))


def _contract_parties(contract_id: int) -> tuple[int | None, ...]:
    row = Contract.objects.filter(pk=contract_id).values_list("client_id", "freelancer_id").first()
    return row or ()


@receiver([post_save, post_delete], sender=Contract, dispatch_uid="reputation.cache.contract")
def _contract_changed(sender: Any, instance: Contract, **kwargs: Any) -> None:
    _bump_after_commit(instance.client_id, instance.freelancer_id)


@receiver([post_save, post_delete], sender=ContractMilestone, dispatch_uid="reputation.cache.milestone")
@receiver([post_save, post_delete], sender=Invoice, dispatch_uid="reputation.cache.invoice")
@receiver([post_save, post_delete], sender=ContractEvent, dispatch_uid="reputation.cache.event")
def _contract_row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if fragments.enabled():
        _bump_after_commit(*_contract_parties(instance.contract_id))


@receiver([post_save, post_delete], sender=Job, dispatch_uid="reputation.cache.job")
def _job_changed(sender: Any, instance: Job, **kwargs: Any) -> None:
    _bump_after_commit(instance.client_id)


@receiver([post_save, post_delete], sender=Feedback, dispatch_uid="reputation.cache.feedback")
def _feedback_changed(sender: Any, instance: Feedback, **kwargs: Any) -> None:
    _bump_after_commit(instance.subject_id, instance.author_id)


@receiver([post_save, post_delete], sender=FreelancerReputation, dispatch_uid="reputation.cache.rep")
def _reputation_changed(sender: Any, instance: FreelancerReputation, **kwargs: Any) -> None:
    _bump_after_commit(instance.user_id)

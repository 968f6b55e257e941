"""How events reach the webhooks without lower apps importing this one: post_save receivers on rows
whose creation (or change) is the event. They run in the reporting service's transaction, so the
deliveries they queue commit or roll back with the change (webhooks/services.events_record).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from hirehall.accounts.models import User
from hirehall.contracts.models import Contract, ContractEvent
from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.jobs.models import Job, JobStatus
from hirehall.proposals.models import Proposal
from hirehall.webhooks.events import CONTRACT_EVENT_TYPES
from hirehall.webhooks.models import WebhookEndpoint
from hirehall.webhooks.services import events_record


@receiver(post_save, sender=Job, dispatch_uid="webhooks_job_posted")
def job_posted(sender: type[Job], instance: Job, created: bool, raw: bool = False, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    opened = update_fields is None or "opened_at" in update_fields
    if raw or instance.status != JobStatus.OPEN or not opened or instance.opened_at is None:
        return
    events_record(
        event_type="job.posted",
        message_id=f"msg_job{instance.pk}_posted_{int(instance.opened_at.timestamp())}",
        data={"job_id": str(instance.pk), "title": instance.title},
        user_ids=[instance.client_id],
    )


@receiver(post_save, sender=Proposal, dispatch_uid="webhooks_proposal_received")
def proposal_received(
    sender: type[Proposal], instance: Proposal, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created:
        return
    events_record(
        event_type="proposal.received",
        message_id=f"msg_proposal{instance.pk}_received",
        data={"proposal_id": str(instance.pk), "job_id": str(instance.job_id)},
        user_ids=[instance.job.client_id],
    )


@receiver(post_save, sender=Contract, dispatch_uid="webhooks_offer_accepted")
def offer_accepted(
    sender: type[Contract], instance: Contract, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created:
        return
    events_record(
        event_type="offer.accepted",
        message_id=f"msg_offer{instance.offer_id}_accepted",
        data={
            "offer_id": str(instance.offer_id),
            "contract_id": str(instance.pk),
            "job_id": str(instance.job_id),
            "kind": instance.kind,
        },
        user_ids=[instance.client_id, instance.freelancer_id],
    )


@receiver(post_save, sender=ContractEvent, dispatch_uid="webhooks_contract_event")
def contract_event(
    sender: type[ContractEvent], instance: ContractEvent, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    types = CONTRACT_EVENT_TYPES.get(instance.kind, ())
    if raw or not created or not types:
        return
    contract = instance.contract
    data: dict[str, Any] = {
        "contract_id": str(contract.pk),
        "job_id": str(contract.job_id),
        "text": instance.text,
        "amount": cents_to_decimal_str(instance.amount_cents) if instance.amount_cents is not None else None,
        "currency": CURRENCY,
    }
    for event_type in types:
        events_record(
            event_type=event_type,
            message_id=f"msg_ce{instance.pk}_{event_type}",
            data=data,
            user_ids=[contract.client_id, contract.freelancer_id],
        )


@receiver(post_save, sender=User, dispatch_uid="webhooks_user_deactivated")
def user_deactivated(
    sender: type[User], instance: User, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """A deactivated (or deleted) account receives nothing: its endpoints and their secrets go."""
    update_fields = kwargs.get("update_fields")
    if raw or instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    WebhookEndpoint.objects.filter(owner_id=instance.pk).delete()

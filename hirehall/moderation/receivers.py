"""Listeners on the lower apps' rows: a sent proposal, an open job post, a sent or edited message and a
freelancer profile are checked for off-platform contact; a flagged one makes a flag and a strike.

The lower apps know nothing of moderation (layer order): we listen to their `post_save` and to
messaging's `message_sent` / `message_edited` signals.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from hirehall.jobs.models import Job, JobStatus
from hirehall.jobs.selectors import offplatform_text
from hirehall.messaging.models import Membership
from hirehall.messaging.signals import message_edited, message_sent
from hirehall.moderation.models import FlagSource
from hirehall.moderation.services import flag_sent_item
from hirehall.profiles.models import FreelancerProfile
from hirehall.proposals.models import Proposal


@receiver(post_save, sender=Proposal, dispatch_uid="moderation_proposal")
def proposal_saved(sender: type, instance: Proposal, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not created:
        return
    flag_sent_item(
        user=instance.freelancer,
        source=FlagSource.PROPOSAL,
        object_id=instance.pk,
        text=instance.cover_letter,
        counterpart_id=instance.job.client_id,
    )


@receiver(post_save, sender=Job, dispatch_uid="moderation_job")
def job_saved(sender: type, instance: Job, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.status != JobStatus.OPEN:
        return
    fields = kwargs.get("update_fields")
    if fields is not None and not {"status", "title", "description"} & set(fields):
        return  # a counter or a timestamp: the text did not change
    flag_sent_item(
        user=instance.client,
        source=FlagSource.JOB,
        object_id=instance.pk,
        text=offplatform_text(instance),
    )


@receiver(message_sent, dispatch_uid="moderation_message")
def message_was_sent(sender: type, message: Any, recipient_ids: list[int], **kwargs: Any) -> None:
    # Sent after commit by messaging; a direct exchange has one counterpart (the contract exemption).
    counterpart = recipient_ids[0] if len(recipient_ids) == 1 else None
    flag_sent_item(
        user=message.sender,
        source=FlagSource.MESSAGE,
        object_id=message.pk,
        text=message.body,
        counterpart_id=counterpart,
    )


@receiver(message_edited, dispatch_uid="moderation_message_edit")
def message_was_edited(sender: type, message: Any, room: Any, **kwargs: Any) -> None:
    # An edit that adds contact details is a new text sent (a flag is unique per item and text).
    others = list(
        Membership.objects.filter(room_id=room.pk)
        .exclude(user_id=message.sender_id)
        .values_list("user_id", flat=True)
    )
    flag_sent_item(
        user=message.sender,
        source=FlagSource.MESSAGE,
        object_id=message.pk,
        text=message.body,
        counterpart_id=others[0] if len(others) == 1 else None,
    )


@receiver(post_save, sender=FreelancerProfile, dispatch_uid="moderation_profile")
def profile_saved(sender: type, instance: FreelancerProfile, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    text = f"{instance.title}\n{instance.overview}".strip()
    if text:
        flag_sent_item(user=instance.user, source=FlagSource.PROFILE, object_id=instance.pk, text=text)

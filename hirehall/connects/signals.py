"""The sign-up grant: 40 Connects when an account takes the freelancer role (at sign-up or later).

A receiver rather than a call in accounts: accounts stays unaware of Connects. The grant's key is
per user, so saving the user again never grants twice.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from hirehall.accounts.models import User


@receiver(post_save, sender=User, dispatch_uid="connects_signup_grant")
def grant_on_freelancer_role(sender: type[User], instance: User, created: bool, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if not instance.is_freelancer or kwargs.get("raw"):
        return
    if not created and update_fields is not None and "is_freelancer" not in update_fields:
        return
    from hirehall.connects.services import connects_signup_grant

    connects_signup_grant(user=instance)

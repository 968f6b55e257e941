"""Cache versions (hirehall/core/fragments.py): what `selectors.own_profile_complete` caches per
user changes with the profile's rows, `selectors.categories_tree` with the taxonomy."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from hirehall.core import fragments
from hirehall.profiles.models import (
    Category,
    Education,
    Employment,
    FreelancerProfile,
    PortfolioFile,
    PortfolioItem,
    ProfileLanguage,
    ProfileSkill,
    Subcategory,
)


def profile_scope(user_id: int) -> str:
    return f"profile:{user_id}"


def _bump_after_commit(user_id: int | None) -> None:
    if user_id and fragments.enabled():
        transaction.on_commit(lambda: fragments.bump(profile_scope(user_id)))


@receiver([post_save, post_delete], sender=FreelancerProfile, dispatch_uid="profiles.cache.profile")
def _profile_changed(sender: Any, instance: FreelancerProfile, **kwargs: Any) -> None:
    _bump_after_commit(instance.user_id)


@receiver([post_save, post_delete], sender=ProfileSkill, dispatch_uid="profiles.cache.skill")
@receiver([post_save, post_delete], sender=ProfileLanguage, dispatch_uid="profiles.cache.language")
@receiver([post_save, post_delete], sender=Employment, dispatch_uid="profiles.cache.employment")
@receiver([post_save, post_delete], sender=Education, dispatch_uid="profiles.cache.education")
@receiver([post_save, post_delete], sender=PortfolioItem, dispatch_uid="profiles.cache.portfolio")
def _profile_row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if fragments.enabled():
        owner = (
            FreelancerProfile.objects.filter(pk=instance.profile_id).values_list("user_id", flat=True).first()
        )
        _bump_after_commit(owner)


@receiver([post_save, post_delete], sender=PortfolioFile, dispatch_uid="profiles.cache.portfolio_file")
def _portfolio_file_changed(sender: Any, instance: PortfolioFile, **kwargs: Any) -> None:
    if fragments.enabled():
        owner = (
            PortfolioItem.objects.filter(pk=instance.item_id)
            .values_list("profile__user_id", flat=True)
            .first()
        )
        _bump_after_commit(owner)


@receiver([post_save, post_delete], sender=Category, dispatch_uid="profiles.cache.category")
@receiver([post_save, post_delete], sender=Subcategory, dispatch_uid="profiles.cache.subcategory")
def _taxonomy_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if fragments.enabled():
        transaction.on_commit(lambda: fragments.bump("taxonomy"))

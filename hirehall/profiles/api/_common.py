"""What the profiles API's modules share: the caller's own freelancer profile."""

from __future__ import annotations

from django.http import HttpRequest

from hirehall.accounts.models import User
from hirehall.core.errors import DomainError
from hirehall.core.web import request_user
from hirehall.profiles import selectors, services
from hirehall.profiles.models import FreelancerProfile


def own_profile(request: HttpRequest) -> tuple[User, FreelancerProfile]:
    """The caller's freelancer profile, created empty on first use."""
    user = request_user(request)
    services.freelancer_profile_ensure(actor=user)
    profile = selectors.own_freelancer_profile(user)
    if profile is None:
        raise DomainError("not_found")
    return user, profile


def fresh_profile(user: User) -> FreelancerProfile:
    """Read again after a change, with everything the profile's output shape shows."""
    profile = selectors.own_freelancer_profile(user)
    if profile is None:
        raise DomainError("not_found")
    return profile

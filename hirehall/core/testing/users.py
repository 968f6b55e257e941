"""The one user builder for tests and test-data builders."""

from __future__ import annotations

import itertools
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery-9"  # noqa: S105 - every test user's password, for sign-in tests

# One sequence per process: generated emails never collide, even across transactional tests.
_numbers = itertools.count(1)


def make_user(
    email: str | None = None,
    *,
    client: bool = True,
    freelancer: bool = True,
    verified: bool = True,
    password: str = PASSWORD,
    **fields: Any,
) -> Any:
    """A saved user who can sign in with `password`.

    Both roles by default (one account may be client and freelancer); `client=False` or
    `freelancer=False` for a single role. `verified=False` leaves the email unverified, as right
    after sign-up. Other keyword arguments are user fields (`name`, `is_staff`, `is_superuser`,
    `is_active`; `is_client`/`is_freelancer` win over the role flags). Returns the project's user
    model (`get_user_model()`: core names no app).
    """
    email = email or f"user{next(_numbers)}@example.com"
    fields.setdefault("is_client", client)
    fields.setdefault("is_freelancer", freelancer)
    user = get_user_model().objects.create_user(email, password, **fields)
    if verified:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hirehall.accounts.models import User
from hirehall.core.testing import make_user
from hirehall.notifications.models import Notification


@pytest.fixture
def user_factory(db: None) -> Callable[..., User]:
    """`make_user`, then forget the welcome notification (a freelancer's sign-up Connects grant), so
    these tests count only the notifications they make."""

    def factory(*args: Any, **kwargs: Any) -> User:
        user = make_user(*args, **kwargs)
        Notification.objects.filter(user=user).delete()
        return user

    return factory

"""Demo users for `make run` (the README lists them). Idempotent: keyed by email.

Runs first among the apps' `demo.py` modules (accounts comes first in INSTALLED_APPS after core), so
every later app finds its users.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress

from hirehall.accounts.models import User

DEMO_PASSWORD = "hirehall-demo"  # noqa: S105 - published in the README on purpose

DEMO_USERS: list[dict[str, object]] = [
    {"email": "admin@hirehall.test", "name": "Ada Admin", "is_staff": True, "is_superuser": True},
    {"email": "client@hirehall.test", "name": "Clara Client", "is_client": True},
    {"email": "acme@hirehall.test", "name": "Acme Robotics", "is_client": True},
    {"email": "northwind@hirehall.test", "name": "Northwind Traders", "is_client": True},
    {"email": "freelancer@hirehall.test", "name": "Frank Freelancer", "is_freelancer": True},
    {"email": "dev@hirehall.test", "name": "Devi Developer", "is_freelancer": True},
    {"email": "writer@hirehall.test", "name": "Wren Writer", "is_freelancer": True},
    {"email": "designer@hirehall.test", "name": "Dana Designer", "is_freelancer": True},
    {"email": "both@hirehall.test", "name": "Bo Both", "is_client": True, "is_freelancer": True},
]


def demo_user(email: str) -> User | None:
    """A demo user seeded by `seed()`, or None when an operator removed it."""
    return User.objects.filter(email=email).first()


def seed() -> list[str]:
    """Create the demo users that do not exist yet; returns their emails."""
    created = []
    for spec in DEMO_USERS:
        email = str(spec["email"])
        if User.objects.filter(email=email).exists():
            continue
        extra = {k: v for k, v in spec.items() if k != "email"}
        user = User.objects.create_user(email, DEMO_PASSWORD, **extra)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        created.append(email)
    return created

"""Demo marketplace for `make run`. Idempotent: keyed by email, safe to run on every start.

Each app may add a `demo.py` with `seed() -> None` (idempotent too); they run in INSTALLED_APPS
order after the users exist, so later apps can build on earlier ones' demo data.
"""

from __future__ import annotations

import importlib
import importlib.util

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db import transaction

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


@transaction.atomic
def seed_demo() -> list[str]:
    created = []
    for spec in DEMO_USERS:
        email = str(spec["email"])
        if User.objects.filter(email=email).exists():
            continue
        extra = {k: v for k, v in spec.items() if k != "email"}
        user = User.objects.create_user(email, DEMO_PASSWORD, **extra)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        created.append(email)
    for app in apps.get_app_configs():
        module_name = f"{app.name}.demo"
        if app.name.startswith("hirehall.") and importlib.util.find_spec(module_name):
            importlib.import_module(module_name).seed()
    return created

"""Demo marketplace for `make run`. Idempotent: safe to run on every start.

Each app may add a `demo.py` with `seed()` (idempotent too); they run in INSTALLED_APPS order, so later
apps build on earlier ones' demo data (accounts creates the users first). A `seed()` that creates
users returns their emails, for the command's message. Core itself imports no app.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from collections.abc import Callable
from typing import Any, cast

from django.apps import apps
from django.db import transaction


def service_body(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A durable service's body under all its decorators: the demo runs inside `seed_demo`'s one
    transaction, where the services' own durable atomic blocks and retries would refuse to nest."""
    return cast(Callable[..., Any], inspect.unwrap(fn))


@transaction.atomic
def seed_demo() -> list[str]:
    created: list[str] = []
    for app in apps.get_app_configs():
        module_name = f"{app.name}.demo"
        if app.name.startswith("hirehall.") and importlib.util.find_spec(module_name):
            result = importlib.import_module(module_name).seed()
            if isinstance(result, list):
                created.extend(str(x) for x in result)
    return created

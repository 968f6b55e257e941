"""The shared test infrastructure's pytest fixtures; the root conftest loads this module
(`pytest_plugins`), so every test in the repository gets them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import AppConfig, apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

from hirehall.core.apps import CoreConfig
from hirehall.core.testing.reference_data import discover, registry

_RECEIVER_UID = "hirehall.core.testing.reference_data"


def _after_migrate_or_flush(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if using == DEFAULT_DB_ALIAS:
        registry.remember()  # after `migrate`: the rows are there, copy them
        registry.restore()  # after a flush: they are gone, put them back


@pytest.fixture(scope="session", autouse=True)
def reference_data() -> Iterator[list[str]]:
    """Every transactional test ends with Django's flush, which empties the tables data migrations
    filled and then sends `post_migrate` (how Django itself brings content types back). Listening
    to it puts the registered reference data back inside that teardown, so every later test starts
    from the database `migrate` produced. The same signal after creating the test database is when
    the rows are copied. Yields the registered names."""
    discover()
    # Once per flush: post_migrate is sent for every app; core's signal is enough.
    core = apps.get_app_config(CoreConfig.label)
    post_migrate.connect(_after_migrate_or_flush, sender=core, dispatch_uid=_RECEIVER_UID)
    yield registry.names()
    post_migrate.disconnect(sender=core, dispatch_uid=_RECEIVER_UID)

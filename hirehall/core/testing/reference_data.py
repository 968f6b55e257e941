"""Reference data: the rows data migrations load (fee schedule, skills taxonomy, ...).

A transactional test ends with a flush that empties every table, these rows included, and the tests
after it in the same process would see a database `migrate` never produces. Each app registers its
sets here from its `testing.py` (or its AppConfig.ready); the `reference_data` fixture of
`hirehall.core.testing.pytest_plugin` puts the missing ones back after every flush.

Core imports no app: registrations arrive from the apps, found by `discover()`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.migrations.operations.special import RunPython
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class ReferenceData:
    name: str
    present: Callable[[], bool]  # cheap: one EXISTS query
    load: Callable[[], None]  # idempotent; only called when `present()` is false


class ReferenceDataRegistry:
    def __init__(self) -> None:
        self._sets: dict[str, ReferenceData] = {}

    def register(self, name: str, *, present: Callable[[], bool], load: Callable[[], None]) -> None:
        if name in self._sets:
            raise ValueError(f"reference data {name!r} is registered twice")
        self._sets[name] = ReferenceData(name, present, load)

    def names(self) -> list[str]:
        return list(self._sets)

    def restore(self) -> list[str]:
        """Load every registered set that is missing, in registration order; return their names."""
        restored = []
        for data in self._sets.values():
            if not data.present():
                with transaction.atomic():  # all of a set or none; one commit, not one per row
                    data.load()
                restored.append(data.name)
        return restored


registry = ReferenceDataRegistry()


def register_reference_data(name: str, *, present: Callable[[], bool], load: Callable[[], None]) -> None:
    """Declare a set of rows a data migration loads: `present()` says whether they are there,
    `load()` puts them back (see `run_data_migration`). Name it `<app label>.<what>`."""
    registry.register(name, present=present, load=load)


def restore_reference_data() -> list[str]:
    """Put back whatever registered reference data is missing (after a flush); return what was."""
    discover()
    return registry.restore()


def discover() -> None:
    """Import every project app's `testing` module, where apps register their reference data.

    Only this project's apps: third-party apps may have unrelated `testing` modules (ninja does)."""
    project = __name__.split(".", 1)[0]
    for app in apps.get_app_configs():
        if app.name.startswith(f"{project}.") and module_has_submodule(app.module, "testing"):
            importlib.import_module(f"{app.name}.testing")


def run_data_migration(app_label: str, migration: str) -> None:
    """Run the forward RunPython steps of `<app>/migrations/<migration>.py` against today's models,
    exactly what `migrate` did (the data migrations here take no schema editor)."""
    module = importlib.import_module(f"{apps.get_app_config(app_label).name}.migrations.{migration}")
    for operation in module.Migration.operations:
        if isinstance(operation, RunPython):
            # Today's registry stands in for the historical one; no schema editor is needed.
            operation.code(apps, None)  # type: ignore[arg-type]

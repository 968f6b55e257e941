"""Reference data: the rows data migrations load (fee schedule, skills taxonomy, ...).

A transactional test ends with a flush that empties every table, these rows included, and the tests
after it in the same process would see a database `migrate` never produces. Each app registers its
sets here from its `testing.py` (or its AppConfig.ready); the `reference_data` fixture of
`hirehall.core.testing.pytest_plugin` puts them back inside every flush.

Putting back is cheap and exact: the rows are copied once while present (right after `migrate`) and
bulk-inserted with their primary keys; `load` (re-running the data migration) is only the fallback
for a process that never saw them, e.g. one reusing a flushed database.

Core imports no app: registrations arrive from the apps, found by `discover()`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.operations.special import RunPython
from django.utils.module_loading import module_has_submodule

Rows = list[dict[str, Any]]


@dataclass
class ReferenceData:
    name: str
    models: tuple[type[models.Model], ...]  # parents first: the order rows go back in
    load: Callable[[], None]
    copied: list[Rows] | None = field(default=None, repr=False)

    def present(self) -> bool:
        """A flush empties every table at once: the first model having rows means the set is there."""
        return self.models[0]._default_manager.exists()

    def remember(self) -> None:
        """Copy the rows, once, while they are there."""
        if self.copied is None and self.present():
            self.copied = [
                list(model._default_manager.order_by("pk").values(*_attnames(model))) for model in self.models
            ]

    def put_back(self) -> None:
        if self.copied is None:
            self.load()
            self.remember()
            return
        # Same primary keys as before. The flush command restarts sequences (the test runner's flush
        # does not): move them past the restored keys, as loaddata does, so new rows never collide.
        for model, rows in zip(self.models, self.copied, strict=True):
            model._default_manager.bulk_create([model(**row) for row in rows])
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.models)):
                cursor.execute(statement)


def _attnames(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


class ReferenceDataRegistry:
    def __init__(self) -> None:
        self._sets: dict[str, ReferenceData] = {}

    def register(self, name: str, *, models: Sequence[str], load: Callable[[], None]) -> None:
        if name in self._sets:
            raise ValueError(f"reference data {name!r} is registered twice")
        if not models:
            raise ValueError(f"reference data {name!r} names no model")
        resolved = tuple(apps.get_model(label) for label in models)
        self._sets[name] = ReferenceData(name, resolved, load)

    def names(self) -> list[str]:
        return list(self._sets)

    def remember(self) -> None:
        for data in self._sets.values():
            data.remember()

    def restore(self) -> list[str]:
        """Put back every registered set that is missing, in registration order; return their names."""
        restored = []
        for data in self._sets.values():
            if not data.present():
                with transaction.atomic():  # all of a set or none
                    data.put_back()
                restored.append(data.name)
        return restored


registry = ReferenceDataRegistry()


def register_reference_data(name: str, *, models: Sequence[str], load: Callable[[], None]) -> None:
    """Declare the rows a data migration loads: `models` are their "app_label.Model" names, parents
    first (the first one having rows means the set is there); `load()` creates them from nothing
    (usually `run_data_migration`). Name the set `<app label>.<what>`."""
    registry.register(name, models=models, load=load)


def restore_reference_data() -> list[str]:
    """Put back whatever registered reference data is missing; return the names of what was."""
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
    as `migrate` did (the data migrations here take no schema editor)."""
    module = importlib.import_module(f"{apps.get_app_config(app_label).name}.migrations.{migration}")
    for operation in module.Migration.operations:
        if isinstance(operation, RunPython):
            # Today's registry stands in for the historical one; no schema editor is needed.
            operation.code(apps, None)  # type: ignore[arg-type]

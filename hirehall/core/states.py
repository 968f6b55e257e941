"""State machines. Each model declares its allowed transitions in one table next to its choices:

    MILESTONE_TRANSITIONS: dict[str, set[str]] = {M.PENDING: {M.FUNDED}, M.FUNDED: {...}, ...}

and services change a state only through `transition(obj, to, TABLE)`, which refuses any other
change with `invalid_state` (409) and leaves the object untouched. Saving is the caller's job
(with `update_fields`), so one save can carry the new state and the fields that go with it.
`undeclared_targets` checks a table is closed (core's tests run it over every app's tables).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.db import models

from hirehall.core.errors import DomainError

Transitions = Mapping[str, Collection[str]]


def can_transition(table: Transitions, current: str, to: str) -> bool:
    return to in table.get(current, ())


def undeclared_targets(table: Transitions) -> set[str]:
    """Targets that are not themselves states of the table (a typo: a state nothing could leave)."""
    return {target for targets in table.values() for target in targets} - set(table)


def transition(
    obj: models.Model, to: str, table: Transitions, *, field: str = "status", detail: str = ""
) -> None:
    """Move `obj.<field>` to `to` if the table allows it from the current state, else refuse.

    `detail` replaces the generic message ("A proposal that is declined cannot become shortlisted.")
    where the product has a better sentence for the person.
    """
    current = getattr(obj, field)
    if not can_transition(table, current, to):
        raise DomainError("invalid_state", detail or _refusal(obj, field, current, to))
    setattr(obj, field, to)


def _refusal(obj: models.Model, field: str, current: str, to: str) -> str:
    noun = str(obj._meta.verbose_name)
    labels = dict(obj._meta.get_field(field).flatchoices)  # type: ignore[union-attr]
    article = "An" if noun[:1].lower() in "aeiou" else "A"
    was = str(labels.get(current, current)).lower()
    becomes = str(labels.get(to, to)).lower()
    return f"{article} {noun} that is {was} cannot become {becomes}."

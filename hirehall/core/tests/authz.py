"""The authorization matrix's vocabulary. Each app lists its routes in `tests/authz_cases.py`.

A Case names one route (Django URL pattern with a leading slash, or the OpenAPI path for API
operations) with one method, how to build a concrete URL, and the status each kind of caller gets:
  anon  - not signed in
  other - a signed-in user with both roles who owns nothing involved
  owner - the user who owns the objects the URL points at (both roles)
  staff - a staff superuser who owns nothing involved
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hirehall.accounts.models import User

ROLES = ("anon", "other", "owner", "staff")


@dataclass
class World:
    owner: User
    other: User
    staff: User
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    method: str
    route: str
    expect: dict[str, int]
    url: Callable[[World], str] | str | None = None
    data: Callable[[World], dict[str, Any]] | dict[str, Any] | None = None
    note: str = ""

    def build_url(self, world: World) -> str:
        if self.url is None:
            return self.route
        return self.url(world) if callable(self.url) else self.url

    def build_data(self, world: World) -> dict[str, Any] | None:
        return self.data(world) if callable(self.data) else self.data

    @property
    def is_api(self) -> bool:
        return self.route.startswith("/api/v1/")

    @property
    def id(self) -> str:
        return f"{self.method} {self.route}"

from __future__ import annotations

from typing import Any

from ninja import Schema


class Problem(Schema):
    """RFC 9457 problem details; `code` is stable and meant for programs."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class FacetValue(Schema):  # one value of a search facet and how many results have it
    value: str
    count: int

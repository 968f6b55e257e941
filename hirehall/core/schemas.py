from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from ninja import Schema
from pydantic import BeforeValidator, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from hirehall.core.ids import MAX_ID, parse_id

T = TypeVar("T")
INVALID_ID = "invalid_id"  # the `type` of the validation error; a bad id in the path is a 404 instead


def _id(value: Any) -> int:
    pk = parse_id(value) if isinstance(value, str) else None  # JSON numbers are not ids: ids are strings
    if pk is None:
        raise PydanticCustomError(INVALID_ID, f"Not an id: ASCII digits from 1 to {MAX_ID}.")
    return pk


# Every id parameter of the API (path, query, body): a string of ASCII digits in the handler as an int.
Id = Annotated[
    int,
    PlainValidator(_id),
    WithJsonSchema({"type": "string", "pattern": "^[0-9]{1,19}$"}),
]


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


# --- output helpers -----------------------------------------------------------------------------------
def _pk_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# An id in a response: the primary key read from the object (`id`, `job_id`...) as an opaque string.
IdStr = Annotated[str, BeforeValidator(_pk_text)]


def once(context: dict[str, Any] | None, key: Hashable, compute: Callable[[], T]) -> T:
    """A value several resolvers of one response need (a selector's result), computed once.

    Ninja validates a response with one context dict (the request in it); outside Ninja (no context)
    the value is simply computed each time.
    """
    if context is None:
        return compute()
    cache: dict[Hashable, Any] = context.setdefault("_once", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def _not_a_timestamp(value: Any) -> Any:
    # Pydantic's lax mode reads 0, "0" or "0.5" as Unix timestamps; the API promises ISO 8601 only
    # (and a client sending a number has a bug worth a 422, not a date in 1970).
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("must be an ISO 8601 string, not a number")
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        raise ValueError("must be an ISO 8601 string, not a number")
    return value


# Input dates and instants: ISO 8601 strings only (the OpenAPI document is unchanged).
IsoDate = Annotated[date, BeforeValidator(_not_a_timestamp)]
IsoDateTime = Annotated[datetime, BeforeValidator(_not_a_timestamp)]

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator


class Problem(Schema):
    """RFC 9457 problem details; `code` is stable and meant for programs."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


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

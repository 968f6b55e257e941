"""Cursor (keyset) pagination for API lists: stable under inserts, O(1) per page.

Ranked lists (search, Best Match) page by offset instead, behind an opaque cursor too.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import TypeVar

from django.db.models import Model, QuerySet

from hirehall.core.errors import DomainError

M = TypeVar("M", bound=Model)
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"pk:{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        if kind != "pk":
            raise ValueError(kind)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DomainError("bad_request", "Invalid cursor.") from None


def paginate(
    queryset: QuerySet[M], *, cursor: str | None, limit: int | None
) -> tuple[Sequence[M], str | None]:
    """Newest first by primary key. Returns one page and the cursor of the next, if any."""
    size = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    qs = queryset.order_by("-pk")
    if cursor:
        qs = qs.filter(pk__lt=decode_cursor(cursor))
    rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    return rows, (encode_cursor(rows[-1].pk) if has_more and rows else None)


def encode_offset(offset: int) -> str:
    return base64.urlsafe_b64encode(f"off:{offset}".encode()).decode().rstrip("=")


def decode_offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition(":")
        offset = int(value)
        if kind != "off" or not 0 <= offset <= 10_000:
            raise ValueError(kind)
        return offset
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DomainError("bad_request", "Invalid cursor.") from None

"""Cursor pagination for API lists, the one home for every cursor format.

Lists of rows page by primary key (keyset: stable under inserts, O(1) per page); ranked search
results page by offset, bounded by MAX_OFFSET. Both cursors are opaque base64 strings.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import TypeVar

from django.db.models import Model, QuerySet

from hirehall.core.errors import DomainError

M = TypeVar("M", bound=Model)
T = TypeVar("T")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Search results are ranked, not keyed: they page by offset, and no deeper than this.
MAX_OFFSET = 10_000
_MAX_PK = 2**63 - 1  # a cursor naming a larger key is forged: refuse it before the database does


def page_size(limit: int | None, *, maximum: int = MAX_LIMIT) -> int:
    """The `limit` a client asked for, clamped to 1..maximum (DEFAULT_LIMIT when absent)."""
    return min(max(DEFAULT_LIMIT if limit is None else limit, 1), maximum)


def _encode(kind: str, value: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode().rstrip("=")


def _decode(cursor: str, kind: str, maximum: int) -> int:
    """Cursors are opaque to clients; anything we did not write is a 400, never a 500."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        found, _, value = raw.partition(":")
        # int() would take "+5", " 5" or "٥"; a cursor we wrote holds ASCII digits only.
        if found != kind or not value.isascii() or not value.isdigit() or int(value) > maximum:
            raise ValueError(raw)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DomainError("bad_request", "Invalid cursor.") from None


def encode_cursor(pk: int) -> str:
    return _encode("pk", pk)


def decode_cursor(cursor: str) -> int:
    return _decode(cursor, "pk", _MAX_PK)


def encode_offset_cursor(offset: int) -> str:
    return _encode("off", offset)


def decode_offset_cursor(cursor: str | None) -> int:
    """0 for the first page; a cursor past MAX_OFFSET is refused (400)."""
    return _decode(cursor, "off", MAX_OFFSET) if cursor else 0


def paginate(
    queryset: QuerySet[M], *, cursor: str | None, limit: int | None
) -> tuple[Sequence[M], str | None]:
    """Newest first by primary key. Returns one page and the cursor of the next, if any."""
    size = page_size(limit)
    qs = queryset.order_by("-pk")
    if cursor:
        qs = qs.filter(pk__lt=decode_cursor(cursor))
    rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    return rows, (encode_cursor(rows[-1].pk) if has_more and rows else None)


def offset_page(
    rows: Sequence[T], *, cursor: str | None, limit: int | None
) -> tuple[Sequence[T], str | None]:
    """One page of an already ranked, bounded list (e.g. proposals in Best Match order)."""
    offset, size = decode_offset_cursor(cursor), page_size(limit)
    end = offset + size
    return rows[offset:end], (encode_offset_cursor(end) if end < len(rows) else None)

"""Ids as clients send them: ASCII digits naming a positive bigint primary key.

One policy for every id in a URL, a query string, a form or a JSON body. `str.isdigit()` and `int()`
are not enough: they accept "²", "١٢" or " 12 ", and a 20-digit number overflows the database's bigint.
"""

from __future__ import annotations

import re

MAX_ID = 2**63 - 1  # PostgreSQL bigint (and SQLite integer)
_DIGITS = re.compile(r"[0-9]{1,19}")  # [0-9], not \d: \d matches every script's digits


def parse_id(value: object) -> int | None:
    """The id `value` names, or None when it names none (not ASCII digits, zero, or too large)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1 <= value <= MAX_ID else None
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None

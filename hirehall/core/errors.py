"""Domain errors: every refused action raises one, with a stable code mapped to an HTTP status."""

from __future__ import annotations

from typing import Any

# code -> (HTTP status, short title). Codes are a public contract: never rename, only add.
ERROR_CODES: dict[str, tuple[int, str]] = {
    "bad_request": (400, "Bad request"),
    "validation_error": (422, "Invalid input"),
    "amount_too_large": (422, "Amount too large"),
    "unauthenticated": (401, "Authentication required"),
    "permission_denied": (403, "Permission denied"),
    "insufficient_scope": (403, "Token scope does not allow this"),
    "not_found": (404, "Not found"),
    "method_not_allowed": (405, "Method not allowed"),
    "conflict": (409, "Conflict"),
    "invalid_state": (409, "Not allowed in the current state"),
    "idempotency_in_progress": (409, "A request with this Idempotency-Key is still in progress"),
    "idempotency_key_reused": (422, "Idempotency-Key reused with a different request"),
    "rate_limited": (429, "Too many requests"),
    "role_required": (403, "This action needs another role"),
    # Hostile or malformed input (docs/decisions/0002): refused before anything runs.
    "invalid_characters": (422, "Text contains a NUL character"),
    "invalid_multipart": (400, "Malformed multipart/form-data body"),
    "payload_too_large": (413, "Request body too large"),
    # Money inputs (hirehall.core.money.parse_money).
    "invalid_amount": (422, "Not a valid amount"),
    "amount_too_precise": (422, "Amount has more than two decimal places"),
    "amount_negative": (422, "Amount must not be negative"),
    "internal_error": (500, "Internal server error"),
}


class DomainError(Exception):
    """A business rule refused the action. Nothing was changed."""

    def __init__(self, code: str, detail: str = "", **extra: Any) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}: add it to ERROR_CODES")
        self.code = code
        self.detail = detail or ERROR_CODES[code][1]
        self.extra = extra
        super().__init__(f"{code}: {self.detail}")

    @property
    def status(self) -> int:
        return ERROR_CODES[self.code][0]

    @property
    def title(self) -> str:
        return ERROR_CODES[self.code][1]


class NotFound(DomainError):
    def __init__(self, detail: str = "Not found.") -> None:
        super().__init__("not_found", detail)


def register_codes(codes: dict[str, tuple[int, str]]) -> None:
    """Apps add their own codes at import time (e.g. ledger's `insufficient_funds`)."""
    for code, spec in codes.items():
        existing = ERROR_CODES.get(code)
        if existing is not None and existing != spec:
            raise ValueError(f"error code {code!r} registered twice with different meanings")
        ERROR_CODES[code] = spec

"""Account restrictions as lower apps see them: a registry, so no app imports moderation.

Moderation (top of the layer order) registers one checker at start-up; jobs, proposals and other
services call `ensure_allowed(actor, feature)` before a write a restriction can forbid. Without a
checker registered everything is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils.translation import gettext

from hirehall.core.errors import DomainError, register_codes
from hirehall.core.web import register_page_text

register_codes({"account_restricted": (403, "Your account is restricted")})

# The features a restriction can name (DESIGN §10): what a restricted user cannot do.
PROPOSALS = "proposals"
JOBS = "jobs"
MESSAGES = "messages"
REPORTS = "reports"
FEATURES = (PROPOSALS, JOBS, MESSAGES, REPORTS)

# checker(user, feature) -> the reason the user sees when the feature is restricted, else None
Checker = Callable[[Any, str], str | None]
_checkers: list[Checker] = []


def register_checker(checker: Checker) -> None:
    if checker not in _checkers:
        _checkers.append(checker)


def restriction_reason(user: Any, feature: str) -> str | None:
    if feature not in FEATURES:
        raise ValueError(f"unknown restricted feature {feature!r}")
    for checker in _checkers:
        reason = checker(user, feature)
        if reason is not None:
            return reason
    return None


def ensure_allowed(user: Any, feature: str) -> None:
    """Raise `account_restricted` (403) when a restriction forbids `feature` to `user`."""
    reason = restriction_reason(user, feature)
    if reason is not None:
        raise DomainError(
            "account_restricted",
            f"Your account is restricted: {reason} See Account standing to appeal.",
            feature=feature,
            reason=reason,
        )


register_page_text(
    "account_restricted",
    lambda exc: (
        gettext("Your account is restricted: %(reason)s See Account standing to appeal.")
        % {"reason": exc.extra.get("reason", "")}
    ),
)


# history(user, since) -> whether a restriction was in force at any time since `since` (the Top Rated
# badge asks for none in 90 days, DESIGN §9). Registered by moderation like the checker above.
History = Callable[[Any, datetime], bool]
_histories: list[History] = []


def register_history(history: History) -> None:
    if history not in _histories:
        _histories.append(history)


def restricted_since(user: Any, since: datetime) -> bool:
    return any(history(user, since) for history in _histories)

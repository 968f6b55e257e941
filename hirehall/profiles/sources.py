"""Figures this app shows but other apps own, behind replaceable functions.

Reputation (JSS, rating, earnings, badges) comes from the reputation app, contract rates and client
activity from the contracts/jobs apps. Until those apps exist the defaults below answer honestly:
no reputation, no contract samples, zero activity. Each app installs its function in its
AppConfig.ready() with the matching `set_*` call; nothing here needs to change when they land.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class Reputation:
    jss: int | None = None  # shown once eligible (DESIGN §9); None until then
    rating: Decimal | None = None  # average stars, None without public feedback
    earnings_cents: int = 0
    hours: int = 0
    jobs: int = 0
    badges: tuple[str, ...] = ()  # "rising_talent", "top_rated", "top_rated_plus", "expert_vetted"


BADGE_LABELS = {
    "rising_talent": "Rising Talent",
    "top_rated": "Top Rated",
    "top_rated_plus": "Top Rated Plus",
    "expert_vetted": "Expert-Vetted",
}


@dataclass(frozen=True)
class ClientActivity:
    """Everything in the client stats block that comes from jobs, contracts and the ledger."""

    total_spent_cents: int = 0
    hires: int = 0
    closed_jobs: int = 0
    closed_jobs_with_hire: int = 0
    open_jobs: int = 0
    hourly_paid_cents: int = 0
    hours_billed: Decimal = Decimal(0)
    rating: Decimal | None = None
    reviews: int = 0


ReputationSource = Callable[[Sequence[int]], dict[int, Reputation]]  # user ids → reputation
ContractRateSource = Callable[[Sequence[int], datetime], list[int]]  # skill ids, since → rates (cents)
ClientActivitySource = Callable[[Sequence[int]], dict[int, ClientActivity]]  # user ids → activity


def _no_reputation(user_ids: Sequence[int]) -> dict[int, Reputation]:
    return {}


def _no_contract_rates(skill_ids: Sequence[int], since: datetime) -> list[int]:
    # The contracts app does not exist yet: no hourly contract has ever started.
    return []


def _no_client_activity(user_ids: Sequence[int]) -> dict[int, ClientActivity]:
    return {}


_reputation: ReputationSource = _no_reputation
_contract_rates: ContractRateSource = _no_contract_rates
_client_activity: ClientActivitySource = _no_client_activity


def set_reputation_source(fn: ReputationSource | None) -> None:
    global _reputation
    _reputation = fn or _no_reputation


def set_contract_rate_source(fn: ContractRateSource | None) -> None:
    global _contract_rates
    _contract_rates = fn or _no_contract_rates


def set_client_activity_source(fn: ClientActivitySource | None) -> None:
    global _client_activity
    _client_activity = fn or _no_client_activity


def reputation_for(user_ids: Sequence[int]) -> dict[int, Reputation]:
    """One call for a whole page of freelancers; missing users get an empty Reputation."""
    found = _reputation(list(user_ids)) if user_ids else {}
    return {uid: found.get(uid, Reputation()) for uid in user_ids}


def contract_rates(skill_ids: Sequence[int], since: datetime) -> list[int]:
    """Agreed hourly rates (cents) of hourly contracts with any of these skills started since `since`."""
    return _contract_rates(list(skill_ids), since)


def client_activity_for(user_ids: Sequence[int]) -> dict[int, ClientActivity]:
    found = _client_activity(list(user_ids)) if user_ids else {}
    return {uid: found.get(uid, ClientActivity()) for uid in user_ids}

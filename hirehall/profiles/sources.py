"""Figures this app shows but other apps own, behind replaceable functions.

Reputation (JSS, rating, earnings, badges) comes from the reputation app, contract rates and client
activity from the contracts/jobs apps. The reputation app installs all of them in its
AppConfig.ready() (`install_sources`); without it the defaults below answer honestly: no reputation,
no contract samples, zero activity, no work history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Reputation:
    jss: int | None = None  # shown once eligible (DESIGN §9); None until then
    rating: Decimal | None = None  # average stars, None without public feedback
    earnings_cents: int = 0
    hours: int = 0
    jobs: int = 0
    badges: tuple[str, ...] = ()  # "rising-talent", "top-rated", "top-rated-plus", "expert-vetted"


BADGE_LABELS = {
    "rising-talent": _("Rising Talent"),
    "top-rated": _("Top Rated"),
    "top-rated-plus": _("Top Rated Plus"),
    "expert-vetted": _("Expert-Vetted"),
}


@dataclass(frozen=True)
class ClientActivity:
    """Everything in the client stats block that comes from jobs, contracts and the ledger."""

    total_spent_cents: int = 0
    hires: int = 0
    closed_jobs: int = 0
    jobs_posted: int = 0  # jobs ever published (drafts excluded)
    closed_jobs_with_hire: int = 0
    open_jobs: int = 0
    hourly_paid_cents: int = 0
    hours_billed: Decimal = Decimal(0)
    rating: Decimal | None = None
    reviews: int = 0


ReputationSource = Callable[[Sequence[int]], dict[int, Reputation]]  # user ids → reputation
# (user id, side "freelancer"|"client") → work history entries, newest first. Each entry has
# contract_id, title, kind, status, started_at, ended_at, earnings_cents (None: private), hours and
# feedback_received / feedback_given (None, or an object with score, scores, comment, reply).
WorkHistorySource = Callable[[int, str], list[Any]]
ContractRateSource = Callable[[Sequence[int], datetime], list[int]]  # skill ids, since → rates (cents)
ClientActivitySource = Callable[[Sequence[int]], dict[int, ClientActivity]]  # user ids → activity


def _no_reputation(user_ids: Sequence[int]) -> dict[int, Reputation]:
    return {}


def _no_contract_rates(skill_ids: Sequence[int], since: datetime) -> list[int]:
    # The contracts app does not exist yet: no hourly contract has ever started.
    return []


def _no_client_activity(user_ids: Sequence[int]) -> dict[int, ClientActivity]:
    return {}


def _no_work_history(user_id: int, side: str) -> list[Any]:
    return []


# What `set_*(None)` restores: the defaults above, or what the owning app installed at start-up.
_installed_reputation: ReputationSource = _no_reputation
_installed_contract_rates: ContractRateSource = _no_contract_rates
_installed_client_activity: ClientActivitySource = _no_client_activity
_installed_work_history: WorkHistorySource = _no_work_history

_reputation: ReputationSource = _no_reputation
_contract_rates: ContractRateSource = _no_contract_rates
_client_activity: ClientActivitySource = _no_client_activity
_work_history: WorkHistorySource = _no_work_history


def install_sources(
    *,
    reputation: ReputationSource,
    contract_rates: ContractRateSource,
    client_activity: ClientActivitySource,
    work_history: WorkHistorySource,
) -> None:
    """The owning app's real sources (called from its AppConfig.ready()); tests may override them
    with `set_*` and get these back with `set_*(None)`."""
    global _installed_reputation, _installed_contract_rates, _installed_client_activity
    global _installed_work_history
    _installed_reputation, _installed_contract_rates = reputation, contract_rates
    _installed_client_activity, _installed_work_history = client_activity, work_history
    for setter in (set_reputation_source, set_contract_rate_source, set_client_activity_source):
        setter(None)
    set_work_history_source(None)


def set_reputation_source(fn: ReputationSource | None) -> None:
    global _reputation
    _reputation = fn or _installed_reputation


def set_contract_rate_source(fn: ContractRateSource | None) -> None:
    global _contract_rates
    _contract_rates = fn or _installed_contract_rates


def set_client_activity_source(fn: ClientActivitySource | None) -> None:
    global _client_activity
    _client_activity = fn or _installed_client_activity


def set_work_history_source(fn: WorkHistorySource | None) -> None:
    global _work_history
    _work_history = fn or _installed_work_history


def work_history_for(user_id: int, side: str) -> list[Any]:
    """The contracts of a freelancer (side "freelancer") or client, with their public feedback."""
    return _work_history(user_id, side)


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

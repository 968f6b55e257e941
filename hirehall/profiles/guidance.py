"""Rate guidance (DESIGN §2): 25th/50th/75th percentile hourly rates for a skill, with sample size.

Sources, first one with enough samples wins:
  1. hourly contracts with the skill started in the last 12 months (`sources.contract_rates`;
     returns no samples until the contracts app installs its source),
  2. hourly rates on profiles of freelancers listing the skill,
  3. the same two for the skill's whole category.
"Enough" is HIREHALL_RATE_GUIDANCE["min_samples"] (20). With too few everywhere the answer says so
and reports the largest sample it saw, instead of inventing figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hirehall.core.clock import now
from hirehall.profiles import sources
from hirehall.profiles.models import Category, FreelancerProfile, ProfileSkill, Skill

Basis = Literal["contracts", "profiles", "category_contracts", "category_profiles", "insufficient"]
DEFAULTS = {"min_samples": 20, "window_days": 365}


def policy(name: str) -> int:
    return int(getattr(settings, "HIREHALL_RATE_GUIDANCE", {}).get(name, DEFAULTS[name]))


@dataclass(frozen=True)
class Guidance:
    basis: Basis
    sample_size: int
    p25: int | None  # cents per hour
    p50: int | None
    p75: int | None
    skill: Skill | None
    category: Category | None


def percentile(sorted_values: list[int], p: float) -> int:
    """Linear interpolation between closest ranks (numpy's default), rounded to the cent."""
    if not sorted_values:
        raise ValueError("no values")
    rank = (len(sorted_values) - 1) * p
    low = int(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return round(sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low))


def _profile_rates(skill_ids: list[int]) -> list[int]:
    # Every freelancer who lists the skill and has set a rate, whatever their visibility: the figures
    # are aggregates and reveal no one.
    rates = FreelancerProfile.objects.filter(
        # A subquery, not a join + DISTINCT: DISTINCT on the rate would merge equal rates.
        pk__in=ProfileSkill.objects.filter(skill_id__in=skill_ids).values("profile_id"),
        hourly_rate_cents__isnull=False,
        user__is_active=True,
    ).values_list("hourly_rate_cents", flat=True)
    return [r for r in rates if r is not None]


def rate_guidance(*, skill: Skill | None = None, category: Category | None = None) -> Guidance:
    if skill is None and category is None:
        raise ValueError("skill or category required")
    minimum = policy("min_samples")
    since = now() - timedelta(days=policy("window_days"))
    if skill is not None:
        category = skill.category
    assert category is not None  # noqa: S101 - narrowed above
    candidates: list[tuple[Basis, list[int]]] = []
    if skill is not None:
        candidates.append(("contracts", sources.contract_rates([skill.pk], since)))
        candidates.append(("profiles", _profile_rates([skill.pk])))
    category_skills = list(Skill.objects.filter(category=category).values_list("pk", flat=True))
    candidates.append(("category_contracts", sources.contract_rates(category_skills, since)))
    candidates.append(("category_profiles", _profile_rates(category_skills)))

    for basis, rates in candidates:
        if len(rates) >= minimum:
            values = sorted(rates)
            return Guidance(
                basis,
                len(values),
                percentile(values, 0.25),
                percentile(values, 0.5),
                percentile(values, 0.75),
                skill,
                category,
            )
    largest = max(len(r) for _, r in candidates)
    return Guidance("insufficient", largest, None, None, None, skill, category)


BASIS_LABELS = {
    "contracts": _("hourly contracts for this skill in the last 12 months"),
    "profiles": _("rates of freelancers listing this skill"),
    "category_contracts": _("hourly contracts in this category in the last 12 months"),
    "category_profiles": _("rates of freelancers in this category"),
    "insufficient": _("not enough data yet"),
}

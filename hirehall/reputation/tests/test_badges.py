"""Badges (DESIGN §9): weekly evaluations with history, Rising Talent, Top Rated (13 of 16 weeks),
Top Rated Plus (per-category large-contract thresholds), Expert-Vetted granted by staff."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from hirehall.contracts.tests.helpers import sweep
from hirehall.core.errors import DomainError
from hirehall.reputation import rules
from hirehall.reputation.models import BadgeEvaluation, FreelancerReputation, LargeContractThreshold
from hirehall.reputation.rules import BadgeInputs, evaluate_badges
from hirehall.reputation.services import badge_inputs, expert_vetting_set

NOW = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)  # a Monday

TOP = BadgeInputs(
    jss=95,
    profile_percent=100,
    active_in_90_days=True,
    good_standing=True,
    restricted_in_90_days=False,
    first_earning_at=NOW - timedelta(days=200),
    earned_12m_cents=1_200_00,
    previous_eligible_weeks=12,
    large_contracts=(),
    expert_vetted=False,
)


def _missing(result, badge):
    return [c.key for c in result.criteria[badge] if not c.met]


def test_top_rated_refused_at_970_33_and_granted_at_1200():
    refused = evaluate_badges(replace(TOP, earned_12m_cents=970_33), NOW)
    assert rules.TOP_RATED not in refused.badges
    assert _missing(refused, rules.TOP_RATED) == ["earned_12m", "weeks"]  # this week does not count either
    earned = next(c for c in refused.criteria[rules.TOP_RATED] if c.key == "earned_12m")
    assert earned.value == "$970.33" and earned.required == "$1,000.00"
    assert rules.TOP_RATED in evaluate_badges(TOP, NOW).badges


def test_twelve_of_sixteen_weeks_refused_thirteen_granted():
    refused = evaluate_badges(replace(TOP, previous_eligible_weeks=11), NOW)  # 11 + this week = 12
    assert rules.TOP_RATED not in refused.badges and _missing(refused, rules.TOP_RATED) == ["weeks"]
    assert next(c for c in refused.criteria[rules.TOP_RATED] if c.key == "weeks").value == "12 of 16"
    granted = evaluate_badges(replace(TOP, previous_eligible_weeks=12), NOW)  # 13 of 16
    assert rules.TOP_RATED in granted.badges


def test_top_rated_needs_jss_90_and_first_earnings_over_90_days_ago():
    assert _missing(evaluate_badges(replace(TOP, jss=89), NOW), rules.TOP_RATED) == ["jss", "weeks"]
    recent = replace(TOP, first_earning_at=NOW - timedelta(days=30))
    assert "first_earning" in _missing(evaluate_badges(recent, NOW), rules.TOP_RATED)


def test_top_rated_plus_per_category_threshold_5000_vs_10000():
    base = replace(TOP, earned_12m_cents=12_000_00)
    # A $6,000 contract: large in a category whose threshold is $5,000, not in one of $10,000.
    in_5k = evaluate_badges(replace(base, large_contracts=((6_000_00, 5_000_00, False),)), NOW)
    in_10k = evaluate_badges(replace(base, large_contracts=((6_000_00, 10_000_00, False),)), NOW)
    assert rules.TOP_RATED_PLUS in in_5k.badges
    assert rules.TOP_RATED_PLUS not in in_10k.badges and _missing(in_10k, rules.TOP_RATED_PLUS) == [
        "large_contract"
    ]
    negative = evaluate_badges(replace(base, large_contracts=((6_000_00, 5_000_00, True),)), NOW)
    assert rules.TOP_RATED_PLUS not in negative.badges  # a large contract with a negative outcome


def test_rising_talent():
    rising = replace(TOP, jss=None, first_earning_at=None, earned_12m_cents=0, previous_eligible_weeks=0)
    assert evaluate_badges(rising, NOW).badges == (rules.RISING_TALENT,)
    assert _missing(evaluate_badges(replace(rising, profile_percent=85), NOW), rules.RISING_TALENT) == [
        "profile"
    ]
    assert rules.RISING_TALENT not in evaluate_badges(replace(rising, jss=80), NOW).badges


@pytest.mark.django_db
def test_weekly_sweep_keeps_history_and_counts_previous_weeks(user_factory):
    freelancer = user_factory()
    with time_machine.travel(NOW, tick=False) as clock:
        assert sweep(NOW)["reputation.badges_weekly"] >= 1
        assert sweep(NOW + timedelta(hours=2))["reputation.badges_weekly"] == 0  # once a week
        clock.move_to(NOW + timedelta(weeks=1))
        sweep(NOW + timedelta(weeks=1))
        history = list(BadgeEvaluation.objects.filter(user=freelancer).order_by("week_start"))
        assert [e.week_start for e in history] == [NOW.date(), (NOW + timedelta(weeks=1)).date()]
        assert history[0].criteria[rules.TOP_RATED][0]["key"] == "jss"
        assert history[0].top_rated_eligible is False
        assert badge_inputs(freelancer, NOW + timedelta(weeks=1)).previous_eligible_weeks == 0


@pytest.mark.django_db
def test_large_contract_threshold_comes_from_the_job_category(user_factory):
    from hirehall.reputation.testing import paid_contract

    client, freelancer = user_factory(), user_factory()
    with time_machine.travel(NOW, tick=False):
        contract = paid_contract(client, freelancer, 6_000_00)
        category = contract.job.category_id
        assert category is not None
        LargeContractThreshold.objects.create(category_id=category, amount_cents=5_000_00)
        assert badge_inputs(freelancer, NOW).large_contracts == ((6_000_00, 5_000_00, False),)


@pytest.mark.django_db
def test_expert_vetted_is_granted_by_staff_only(user_factory):
    freelancer, staff = user_factory(), user_factory(is_staff=True)
    with pytest.raises(DomainError):
        expert_vetting_set(actor=freelancer, user=freelancer, active=True)
    expert_vetting_set(actor=staff, user=freelancer, active=True, note="Interviewed")
    assert FreelancerReputation.objects.get(user=freelancer).badges == [rules.EXPERT_VETTED]
    expert_vetting_set(actor=staff, user=freelancer, active=False)
    assert FreelancerReputation.objects.get(user=freelancer).badges == []


@pytest.mark.django_db
def test_badge_and_jss_changes_notify_the_freelancer(user_factory):
    from hirehall.notifications.models import Notification
    from hirehall.reputation.testing import leave, paid_contract

    freelancer, staff = user_factory(), user_factory(is_staff=True)
    expert_vetting_set(actor=staff, user=freelancer, active=True)
    badge = Notification.objects.get(user=freelancer, kind="badge_changed")
    assert badge.title == "You earned Expert-Vetted." and badge.url == "/me/reputation/"
    with time_machine.travel(NOW, tick=False):
        for name in ("a", "b"):
            buyer = user_factory(f"{name}-buyer@example.com")
            c = paid_contract(buyer, freelancer, 300_00)
            leave(buyer, c)
            leave(freelancer, c)
    [jss] = Notification.objects.filter(user=freelancer, kind="jss_changed")
    assert jss.title == "Your Job Success Score is now 100%"


@pytest.mark.django_db
def test_a_restriction_in_the_last_90_days_blocks_top_rated(user_factory):
    from hirehall.moderation.models import Restriction

    freelancer = user_factory()
    assert badge_inputs(freelancer, NOW).restricted_in_90_days is False
    lifted = Restriction.objects.create(
        user=freelancer,
        reason="Spam.",
        created_at=NOW - timedelta(days=120),
        lifted_at=NOW - timedelta(days=100),
    )
    assert badge_inputs(freelancer, NOW).restricted_in_90_days is False  # lifted before the window
    lifted.lifted_at = NOW - timedelta(days=30)
    lifted.save(update_fields=["lifted_at"])
    inputs = badge_inputs(freelancer, NOW)
    assert inputs.restricted_in_90_days is True
    assert "no_restriction" in _missing(
        evaluate_badges(replace(TOP, restricted_in_90_days=True), NOW), rules.TOP_RATED
    )

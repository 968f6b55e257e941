"""Job Success Score exactly as DESIGN §9, with every example of issue 10."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from hirehall.contracts.tests.helpers import sweep
from hirehall.reputation import rules
from hirehall.reputation.models import FreelancerReputation
from hirehall.reputation.rules import ClientVerdict, ContractFacts, Outcome, classify, compute_jss, weight
from hirehall.reputation.testing import leave, paid_contract, unpaid_contract

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def _months(n: int, start: date = date(2022, 1, 15)) -> list[date]:
    return [
        date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 15) for i in range(n)
    ]


@pytest.mark.parametrize(
    ("paid", "months", "expected"),
    [
        (200_00, 1, "1"),
        (800_00, 1, "1.25"),
        (5_000_00, 1, "1.5"),
        (5_000_00, 9, "4.5"),  # 1.5 + 3 (three full 3-month spans with payments)
        (20_000_00, 30, "8"),  # 1.5 + 10, capped at 8
        (250_00, 1, "1"),
        (250_01, 1, "1.25"),
        (1_000_00, 1, "1.25"),
        (1_000_01, 1, "1.5"),
        (200_00, 2, "1"),  # two months: no full 3
    ],
)
def test_earnings_weights(paid, months, expected):
    assert weight(paid, rules.months_with_payments(_months(months))) == Decimal(expected)


def _facts(cid, client, paid=500_00, *, score="5", recommend=9, ended=True, days=None, **kw):
    verdict = ClientVerdict(Decimal(score), recommend) if score is not None else None
    return ContractFacts(
        contract_id=cid,
        title=f"c{cid}",
        client_id=client,
        ended=ended,
        ended_at=NOW - timedelta(days=10) if ended else None,
        paid_cents=paid,
        payment_days=tuple(days or ([(NOW - timedelta(days=20)).date()] if paid else [])),
        feedback=verdict,
        window_open=kw.get("window_open", False),
        dispute_lost=kw.get("dispute_lost", False),
        client_suspended=kw.get("client_suspended", False),
    )


def test_outcomes_with_their_reasons():
    positive = classify(_facts(1, 1), NOW)
    assert positive.outcome == "positive" and "it weighs 1.25" in positive.reason
    poor_public = classify(_facts(2, 1, score="2.5"), NOW)
    assert poor_public.outcome == "negative" and "public feedback averaged 2.5" in poor_public.reason
    poor_private = classify(_facts(3, 1, score="5", recommend=3), NOW)
    assert poor_private.outcome == "negative" and "private rating was 3/10" in poor_private.reason
    lost = classify(_facts(4, 1, dispute_lost=True), NOW)
    assert lost.outcome == "negative" and "dispute" in lost.reason
    neutral = classify(_facts(5, 1, score="4"), NOW)
    assert neutral.outcome == "neutral"
    no_feedback = classify(_facts(6, 1, score=None), NOW)
    assert no_feedback.outcome == "neutral" and "no feedback" in no_feedback.reason
    zero_positive = classify(_facts(7, 1, paid=0), NOW)
    assert zero_positive.outcome == "excluded" and "$0" in zero_positive.reason
    zero_silent = classify(_facts(8, 1, paid=0, score=None), NOW)
    assert zero_silent.outcome == "excluded" and "no payment and no feedback" in zero_silent.reason
    suspended = classify(_facts(9, 1, score="1", client_suspended=True), NOW)
    assert suspended.outcome == "excluded" and "suspended" in suspended.reason
    pending = classify(_facts(10, 1, score=None, window_open=True), NOW)
    assert pending.outcome == "excluded" and "window is still open" in pending.reason
    # An ongoing contract counts once it has paid over ≥ 90 days (a long-term relationship).
    days = [(NOW - timedelta(days=d)).date() for d in (120, 60, 5)]
    assert classify(_facts(11, 1, ended=False, score=None, days=days), NOW).outcome == "positive"
    assert classify(_facts(12, 1, ended=False, score=None, days=days[1:]), NOW) is None
    old = _facts(13, 1)
    assert classify(old, NOW + timedelta(days=800)) is None  # older than 24 months: not an input


def _o(kind, w, client):
    return Outcome(0, "", client, kind, "", Decimal(w), 1)


def test_jss_formula_floor_and_not_below_zero():
    # (1.5 + 1.25 − 1) / (1.5 + 1.25 + 1 + 1) = 1.75 / 4.75 = 36.84… → 36
    jss = compute_jss(
        [_o("positive", "1.5", 1), _o("positive", "1.25", 2), _o("negative", 1, 3), _o("neutral", 1, 3)]
    )
    assert jss.score == 36
    assert compute_jss([_o("negative", 1, 1), _o("neutral", 1, 2)]).score == 0  # −50% is shown as 0
    assert compute_jss([_o("positive", 1, 1), _o("excluded", 0, 2)]).score is None  # one eligible contract


def test_jss_hidden_with_three_contracts_from_one_client_shown_with_two_clients():
    one_client = [_o("positive", 1, 7)] * 3
    assert compute_jss(one_client).score is None and compute_jss(one_client).raw == 100
    assert compute_jss([_o("positive", 1, 7), _o("positive", 1, 8)]).score == 100


@pytest.mark.django_db
def test_jss_from_real_contracts_recomputed_when_an_outcome_changes(user_factory):
    freelancer, ann, bob = user_factory(), user_factory(), user_factory()
    with time_machine.travel(NOW, tick=False) as clock:
        for title in ("First", "Second", "Third"):
            c = paid_contract(ann, freelancer, 300_00, title=title)
            leave(ann, c, 5)
            leave(freelancer, c, 5)
        rep = FreelancerReputation.objects.get(user=freelancer)
        assert rep.jss is None and rep.jss_raw == 100  # three contracts, one client: hidden
        zero = unpaid_contract(bob, freelancer)
        leave(bob, zero, 5)
        leave(freelancer, zero, 5)
        rep.refresh_from_db()
        assert rep.jss is None  # a $0 contract with positive feedback is excluded
        assert {o["reason"] for o in rep.outcomes if o["contract_id"] == zero.pk} == {
            "excluded: a $0 contract with positive feedback"
        }
        second = paid_contract(bob, freelancer, 2_000_00, title="Big one")
        leave(bob, second, 2, recommend=2)  # poor: negative, weighs 1.5
        clock.move_to(NOW + timedelta(days=15))  # the window closes: revealed by the sweep
        sweep(NOW + timedelta(days=15))
        rep.refresh_from_db()
        # positive 1.25 × 3 (300 → 1.25) = 3.75; negative 1.5: (3.75 − 1.5) / 5.25 = 42.8 → 42
        assert rep.jss == 42
        negative = next(o for o in rep.outcomes if o["contract_id"] == second.pk)
        assert negative["outcome"] == "negative" and negative["weight"] == "1.5"


@pytest.mark.django_db
def test_daily_sweep_recomputes_once_a_day(user_factory):
    freelancer, client = user_factory(), user_factory()
    with time_machine.travel(NOW, tick=False):
        paid_contract(client, freelancer, 300_00)
        assert sweep(NOW)["reputation.jss_daily"] == 1
        assert sweep(NOW + timedelta(hours=1))["reputation.jss_daily"] == 0  # done for today
        assert sweep(NOW + timedelta(days=1))["reputation.jss_daily"] == 1


@pytest.mark.django_db
def test_rate_guidance_reads_agreed_hourly_rates_of_contracts(user_factory):
    from hirehall.profiles import sources
    from hirehall.proposals.testing import hourly_contract

    client, freelancer = user_factory(), user_factory()
    contract = hourly_contract(client, freelancer, rate_cents=45_00)
    skills = list(contract.job.skills.values_list("pk", flat=True))
    assert skills
    assert sources.contract_rates(skills, NOW - timedelta(days=3650)) == [45_00]
    assert sources.contract_rates(skills, datetime(2999, 1, 1, tzinfo=UTC)) == []


@pytest.mark.django_db
def test_a_decided_dispute_recomputes_the_jss_at_once(user_factory):

    from hirehall.contracts.services import milestone_fund, refund_request_create
    from hirehall.contracts.services.disputes import (
        fixed_dispute_decide,
        fixed_dispute_respond,
        refund_request_dispute,
    )
    from hirehall.contracts.tests.helpers import verified_parties
    from hirehall.proposals.testing import fixed_contract

    client, freelancer, staff = verified_parties(user_factory)
    with time_machine.travel(datetime(2024, 3, 1, 10, 0, tzinfo=UTC), tick=False):
        contract = fixed_contract(client, freelancer, (300_00, 200_00))
        second = contract.milestones.order_by("position")[1]
        milestone_fund(actor=client, contract=contract, milestone_id=second.pk)
        refund_request_create(actor=client, contract=contract, reason="Cancelled")
        dispute = refund_request_dispute(actor=freelancer, contract=contract, reason="Half is done")
        fixed_dispute_respond(actor=client, dispute=dispute, message="Nothing usable was delivered")
        fixed_dispute_decide(
            actor=staff, dispute=dispute, freelancer_cents=100_00, reason="Little was usable."
        )
    outcomes = FreelancerReputation.objects.get(user=freelancer).outcomes
    [row] = [o for o in outcomes if o["contract_id"] == contract.pk]
    # Recomputed by the decision itself (no daily sweep ran): the refund dispute ended the contract, so
    # the outcome waits for the feedback window, after which the lost dispute counts as negative.
    assert row["outcome"] == "excluded" and "window is still open" in row["reason"]


def _every_kind_of_outcome():
    long_days = [(NOW - timedelta(days=d)).date() for d in (200, 150, 100, 40)]
    return [
        classify(_facts(1, 1), NOW),  # positive with a private rating
        classify(_facts(2, 1, recommend=None), NOW),
        classify(_facts(3, 1, score="2.5"), NOW),
        classify(_facts(4, 1, recommend=3), NOW),
        classify(_facts(5, 1, dispute_lost=True), NOW),
        classify(_facts(6, 1, score=None, days=long_days), NOW),  # long-term, with a months bonus
        classify(_facts(7, 1, score="4.0", recommend=None), NOW),
        classify(_facts(8, 1, score=None), NOW),
        classify(_facts(9, 1, client_suspended=True), NOW),
        classify(_facts(10, 1, paid=0, score=None), NOW),
        classify(_facts(11, 1, score=None, window_open=True), NOW),
        classify(_facts(12, 1, paid=0), NOW),
    ]


def test_each_outcome_is_stored_with_a_code_and_reads_the_same_in_english():
    outcomes = _every_kind_of_outcome()
    assert {o.code for o in outcomes} == set(rules.REASONS)  # every branch is covered
    for o in outcomes:
        stored = o.as_json()
        assert stored["code"] == o.code and stored["reason"] == o.reason  # the API's English reason
        with translation.override("en"):
            assert rules.outcome_sentence(stored) == f"This contract {o.reason}."
    assert "(+1 for 4 months with payments)" in outcomes[5].reason


def test_outcome_sentences_in_spanish():
    every = _every_kind_of_outcome()
    positive, long_term, neutral, suspended = every[0], every[5], every[7], every[8]
    with translation.override("es"):
        assert rules.outcome_sentence(positive.as_json()) == (
            "Este contrato cuenta como positivo: valoración pública de 5, privada de 9/10; pesa 1.25."
        )
        assert rules.outcome_sentence(long_term.as_json()) == (
            "Este contrato cuenta como positivo: una relación a largo plazo (160 días de pagos); "
            "pesa 2.25 (+1 por 4 meses con pagos)."
        )
        assert rules.outcome_sentence(neutral.as_json()) == (
            "Este contrato cuenta como neutro: el cliente no dejó valoración; pesa 1.25."
        )
        assert rules.outcome_sentence(suspended.as_json()) == (
            "Este contrato no cuenta: el cliente fue suspendido por abuso."
        )
        # A row stored before outcomes had codes keeps its English reason inside the Spanish frame.
        old = {"outcome": "positive", "reason": "counted as positive: public feedback 5"}
        assert rules.outcome_sentence(old) == "Este contrato: counted as positive: public feedback 5."

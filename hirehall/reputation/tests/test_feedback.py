"""Feedback (DESIGN §9): 14-day double-blind window, ≥ $1 rule, one reply within 28 days, private
part never shown to the rated side, a round every 90 days on long-running contracts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from hirehall.contracts.tests.helpers import sweep
from hirehall.core.errors import DomainError
from hirehall.proposals.testing import hourly_contract
from hirehall.reputation import selectors
from hirehall.reputation.models import Feedback, FeedbackWindow
from hirehall.reputation.services import FeedbackInput, feedback_leave, feedback_reply
from hirehall.reputation.testing import leave, paid_contract, scores, unpaid_contract

pytestmark = pytest.mark.django_db
ENDED = datetime(2024, 5, 1, 15, 30, tzinfo=UTC)


def _view(contract, viewer, now, side):
    [window] = [w for w in selectors.contract_feedback(contract, viewer, now) if w.period == 0]
    return next(f for f in window.feedback if f.side == side)


def test_double_blind_example_client_left_freelancer_never(user_factory):
    """Ended 2024-05-01, client left 05-03, freelancer never → visible 2024-05-15 00:00 UTC."""
    client, freelancer = user_factory(), user_factory()
    with time_machine.travel(ENDED - timedelta(days=10), tick=False) as clock:
        contract = paid_contract(client, freelancer, end=False)
        clock.move_to(ENDED)
        from hirehall.contracts.services import contract_end

        contract_end(actor=client, contract=contract)
        window = FeedbackWindow.objects.get(contract=contract, period=0)  # opened by the end itself
        assert window.closes_at == datetime(2024, 5, 15, tzinfo=UTC)
        from hirehall.notifications.models import Notification

        due = Notification.objects.filter(kind="feedback_due", ref=f"contract:{contract.pk}")
        assert sorted(due.values_list("user_id", flat=True)) == sorted([client.pk, freelancer.pk])
        assert due.first().url == f"/contracts/{contract.pk}/feedback/"
        clock.move_to(datetime(2024, 5, 3, 11, 0, tzinfo=UTC))
        leave(client, contract, 5)
        hidden = _view(contract, freelancer, datetime(2024, 5, 14, 23, 59, 59, tzinfo=UTC), "client")
        assert hidden.visible is False and hidden.scores is None and hidden.comment is None
        assert hidden.visible_at == datetime(2024, 5, 15, tzinfo=UTC)
        clock.move_to(datetime(2024, 5, 15, 0, 0, tzinfo=UTC))
        sweep(datetime(2024, 5, 15, 0, 0, tzinfo=UTC))
        window.refresh_from_db()
        assert window.revealed_at == datetime(2024, 5, 15, tzinfo=UTC)
        shown = _view(contract, freelancer, datetime(2024, 5, 15, tzinfo=UTC), "client")
        assert shown.visible and shown.comment == "Great work" and shown.scores["quality"] == 5
        # The freelancer can no longer leave theirs: the window closed.
        with pytest.raises(DomainError) as err:
            leave(freelancer, contract)
        assert err.value.code == "feedback_window_closed"


def test_both_sides_left_reveals_at_once(user_factory):
    client, freelancer = user_factory(), user_factory()
    with time_machine.travel(ENDED, tick=False) as clock:
        contract = paid_contract(client, freelancer)
        leave(freelancer, contract, 4)
        assert _view(contract, client, ENDED, "freelancer").comment is None  # hidden from the other side
        clock.move_to(ENDED + timedelta(days=2))
        leave(client, contract, 5)
        window = FeedbackWindow.objects.get(contract=contract)
        assert window.revealed_at == ENDED + timedelta(days=2)
        assert _view(contract, client, ENDED + timedelta(days=2), "freelancer").comment == "Great work"


def test_private_part_is_never_shown_to_the_rated_side(user_factory):
    client, freelancer = user_factory(), user_factory()
    with time_machine.travel(ENDED, tick=False):
        contract = paid_contract(client, freelancer)
        leave(client, contract, 5, recommend=3)
        leave(freelancer, contract, 5)
        seen_by_freelancer = _view(contract, freelancer, ENDED, "client")
        assert seen_by_freelancer.visible and seen_by_freelancer.private is None
        seen_by_author = _view(contract, client, ENDED, "client")
        assert seen_by_author.private == {"recommend": 3, "reason": "Job done"}
        history = selectors.work_history([freelancer.pk], as_side="freelancer", now=ENDED)[freelancer.pk]
        assert history[0].feedback_received.private is None


def test_public_feedback_only_when_at_least_one_dollar_was_paid(user_factory):
    client, freelancer = user_factory(), user_factory()
    with time_machine.travel(ENDED, tick=False):
        contract = unpaid_contract(client, freelancer)
        leave(client, contract, 5)
        leave(freelancer, contract, 5)
        history = selectors.work_history([freelancer.pk], as_side="freelancer", now=ENDED)[freelancer.pk]
        assert history[0].earnings_cents == 0
        assert history[0].feedback_received is None  # $0: not published
        paid = paid_contract(client, freelancer, 1_000_00, title="Paid one")
        leave(client, paid, 5)
        leave(freelancer, paid, 5)
        history = selectors.work_history([freelancer.pk], as_side="freelancer", now=ENDED)[freelancer.pk]
        by_title = {h.title: h for h in history}
        assert by_title["Paid one"].feedback_received.comment == "Great work"
        assert by_title["Paid one"].earnings_cents == 1_000_00


def test_one_reply_by_the_rated_side_within_28_days(user_factory):
    client, freelancer = user_factory(), user_factory()
    with time_machine.travel(ENDED, tick=False) as clock:
        contract = paid_contract(client, freelancer)
        fb = leave(client, contract, 5)
        with pytest.raises(DomainError) as err:
            feedback_reply(actor=freelancer, feedback=fb, body="Thanks!")
        assert err.value.code == "feedback_not_visible"
        leave(freelancer, contract, 5)
        with pytest.raises(DomainError) as err:
            feedback_reply(actor=client, feedback=fb, body="Replying to myself")
        assert err.value.code == "permission_denied"
        clock.move_to(datetime(2024, 5, 28, 23, 59, tzinfo=UTC))  # ended 05-01: replies until 05-29 00:00
        feedback_reply(actor=freelancer, feedback=fb, body="Thanks, a pleasure!")
        with pytest.raises(DomainError) as err:
            feedback_reply(actor=freelancer, feedback=fb, body="Again")
        assert err.value.code == "reply_already_left"
        assert Feedback.objects.get(pk=fb.pk).reply == "Thanks, a pleasure!"
        other = Feedback.objects.get(contract=contract, side="freelancer")
        clock.move_to(datetime(2024, 5, 29, 0, 0, tzinfo=UTC))
        with pytest.raises(DomainError) as err:
            feedback_reply(actor=client, feedback=other, body="Too late")
        assert err.value.code == "reply_window_closed"
        assert Feedback.objects.get(pk=other.pk).reply == ""


def test_one_feedback_per_side_and_input_checked(user_factory):
    client, freelancer = user_factory(), user_factory()
    with time_machine.travel(ENDED, tick=False):
        contract = paid_contract(client, freelancer)
        bad = [
            {"skills": 5},  # missing categories
            {**scores("client"), "extra": 5},
            {**scores("client"), "quality": 6},
            {**scores("client"), "quality": True},
            {**scores("client"), "quality": "5"},
            scores("freelancer"),  # the other side's categories
        ]
        for s in bad:
            with pytest.raises(DomainError) as err:
                feedback_leave(actor=client, contract=contract, data=FeedbackInput(scores=s))
            assert err.value.code == "validation_error", s
        with pytest.raises(DomainError) as err:
            feedback_leave(
                actor=client, contract=contract, data=FeedbackInput(scores=scores("client"), comment="a\x00b")
            )
        assert err.value.code == "invalid_characters"
        with pytest.raises(DomainError) as err:
            feedback_leave(
                actor=client, contract=contract, data=FeedbackInput(scores=scores("client"), recommend=11)
            )
        assert err.value.code == "validation_error"
        assert not Feedback.objects.exists()
        leave(client, contract)
        with pytest.raises(DomainError) as err:
            leave(client, contract)
        assert err.value.code == "feedback_already_left"
        assert Feedback.objects.count() == 1


def test_feedback_waits_for_the_end_and_long_contracts_get_a_round_every_90_days(user_factory):
    client, freelancer = user_factory(), user_factory()
    start = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        contract = hourly_contract(client, freelancer)
        with pytest.raises(DomainError) as err:
            leave(client, contract)
        assert err.value.code == "feedback_not_open"
        day90 = contract.started_at + timedelta(days=90)
        clock.move_to(day90 - timedelta(minutes=1))
        sweep(day90 - timedelta(minutes=1))
        assert not FeedbackWindow.objects.filter(contract=contract).exists()
        clock.move_to(day90 + timedelta(hours=1))
        sweep(day90 + timedelta(hours=1))
        window = FeedbackWindow.objects.get(contract=contract)
        assert window.period == 1 and window.opens_at == day90
        leave(client, contract, 5)
        leave(freelancer, contract, 5)
        window.refresh_from_db()
        assert window.revealed_at is not None
        contract.refresh_from_db()
        assert contract.status == "active"  # without ending
        clock.move_to(day90 + timedelta(days=90, hours=2))
        sweep(day90 + timedelta(days=90, hours=2))
        assert list(FeedbackWindow.objects.filter(contract=contract).values_list("period", flat=True)) == [
            1,
            2,
        ]


def test_a_side_still_missing_is_reminded_once_two_days_before_the_window_closes(user_factory):
    from hirehall.notifications.models import Notification

    client, freelancer = user_factory(), user_factory()
    with time_machine.travel(ENDED - timedelta(days=10), tick=False) as clock:
        contract = paid_contract(client, freelancer, end=False)
        clock.move_to(ENDED)
        from hirehall.contracts.services import contract_end

        contract_end(actor=client, contract=contract)
        leave(client, contract, 5)
        closing = Notification.objects.filter(kind="feedback_due", title__contains="closes soon")
        early = datetime(2024, 5, 12, 23, 59, tzinfo=UTC)  # closes 05-15 00:00: not yet within 2 days
        clock.move_to(early)
        assert sweep(early)["reputation.feedback_closing"] == 0
        due = datetime(2024, 5, 13, 0, 0, tzinfo=UTC)
        clock.move_to(due)
        assert sweep(due)["reputation.feedback_closing"] == 1
        assert list(closing.values_list("user_id", flat=True)) == [
            freelancer.pk
        ]  # the client had left theirs
        later = due + timedelta(hours=1)
        clock.move_to(later)
        assert sweep(later)["reputation.feedback_closing"] == 0  # once
        assert closing.count() == 1

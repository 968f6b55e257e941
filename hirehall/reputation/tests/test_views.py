"""Reputation pages, the contract end prompt, profiles showing work history, constant query counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.core.testing import make_user
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.profiles import services as profile_services
from hirehall.proposals.testing import fixed_contract
from hirehall.reputation.models import Feedback
from hirehall.reputation.services import jss_recompute
from hirehall.reputation.testing import leave, paid_contract

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_ending_a_contract_prompts_for_feedback_and_the_form_works(client, user_factory):
    buyer, freelancer = user_factory(), user_factory()
    fund_wallet(buyer, 1_000_00)
    contract = fixed_contract(buyer, freelancer, (300_00,))
    from hirehall.contracts.services import milestone_approve

    milestone_approve(actor=buyer, contract=contract, milestone_id=contract.milestones.get().pk)
    client.force_login(buyer)
    r = client.post(f"/contracts/{contract.pk}/do/end/")
    assert r.status_code == 302 and r["Location"] == f"/contracts/{contract.pk}/feedback/"
    page = client.get(r["Location"])
    assert (
        b'data-testid="feedback-form"' in page.content and b"Private: only Hirehall sees this" in page.content
    )
    bad = client.post(r["Location"], {"skills": "5", "comment": "Missing the rest"})
    assert bad.status_code == 422 and not Feedback.objects.exists()
    form = dict.fromkeys(
        ("skills", "quality", "availability", "deadlines", "communication", "cooperation"), "5"
    )
    ok = client.post(r["Location"], {**form, "comment": "Superb", "recommend": "10", "reason": "Done"})
    assert ok.status_code == 302
    fb = Feedback.objects.get()
    assert fb.recommend == 10 and fb.comment == "Superb"
    page = client.get(r["Location"]).content.decode()
    assert "Superb" in page and 'data-testid="feedback-form"' not in page
    detail = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert f"/contracts/{contract.pk}/feedback/" in detail
    # The freelancer sees it hidden, leaves theirs, then sees it and replies.
    client.force_login(freelancer)
    assert "Superb" not in client.get(r["Location"]).content.decode()
    f_form = dict.fromkeys(
        ("clarity", "communication", "cooperation", "payment_promptness", "availability", "would_work_again"),
        "4",
    )
    client.post(r["Location"], {**f_form, "comment": "Clear brief"})
    page = client.get(r["Location"]).content.decode()
    assert "Superb" in page and "would recommend 10" not in page  # private never shown to them
    client.post(r["Location"], {"action": "reply", "feedback": fb.pk, "body": "Thank you!"})
    assert Feedback.objects.get(pk=fb.pk).reply == "Thank you!"


def test_insights_list_every_input_and_formula_page_is_public(client, user_factory):
    freelancer = user_factory()
    with time_machine.travel(NOW, tick=False):
        for name in ("ann", "bob"):
            buyer = user_factory(f"{name}@example.com")
            c = paid_contract(buyer, freelancer, 800_00, title=f"Job for {name}")
            leave(buyer, c, 5)
            leave(freelancer, c, 5)
        client.force_login(freelancer)
        page = client.get("/me/reputation/").content.decode()
    assert 'data-testid="my-jss">100%' in page
    assert "This contract counted as positive: public feedback 5.00, private 9/10; it weighs 1.25." in page
    client.logout()
    formula = client.get("/job-success-score/")
    assert formula.status_code == 200 and b"floor((" in formula.content


def _freelancer_with_history(n: int, buyer) -> object:
    freelancer = make_user()
    profile = profile_services.freelancer_profile_ensure(actor=freelancer)
    profile_services.freelancer_profile_update(actor=freelancer, profile=profile, title=f"Engineer {n}")
    for i in range(n):
        c = paid_contract(buyer, freelancer, 300_00, title=f"Contract {i}")
        leave(buyer, c, 5)
        leave(freelancer, c, 5)
    jss_recompute(user_id=freelancer.pk)
    return profile


def test_profile_page_shows_history_in_constant_queries(client, user_factory):
    buyer = user_factory()
    with time_machine.travel(NOW, tick=False):
        one = _freelancer_with_history(1, buyer)
        many = _freelancer_with_history(4, buyer)
        client.force_login(buyer)
        with CaptureQueriesContext(connection) as q1:
            page1 = client.get(f"/freelancers/{one.pk}/").content.decode()
        with CaptureQueriesContext(connection) as q4:
            page4 = client.get(f"/freelancers/{many.pk}/").content.decode()
    assert len(q4) == len(q1), [q["sql"] for q in q4.captured_queries]
    assert page4.count('data-testid="history-item"') == 4 and "$1,200.00" in page4
    assert "Great work" in page1 and 'data-testid="total-earned">$300.00' in page1
    with CaptureQueriesContext(connection) as c1:
        client.get(f"/clients/{buyer.pk}/")
    assert len(c1) < 40


def test_search_page_constant_queries_with_histories(client, user_factory):
    buyer = user_factory()
    with time_machine.travel(NOW, tick=False):
        _freelancer_with_history(1, buyer)
        client.force_login(buyer)
        with CaptureQueriesContext(connection) as q1:
            assert client.get("/talent/").status_code == 200
        _freelancer_with_history(2, buyer)
        _freelancer_with_history(3, buyer)
        with CaptureQueriesContext(connection) as q3:
            assert client.get("/talent/").status_code == 200
    assert len(q3) == len(q1), [q["sql"] for q in q3.captured_queries]

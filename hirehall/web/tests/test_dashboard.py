"""The dashboard lists each user's real items, runs a constant number of queries, and shows
onboarding steps only until each is done."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hirehall.accounts.models import User
from hirehall.connects.services import connects_grant
from hirehall.contracts.models import Contract, ContractMilestone, Invoice, MilestoneStatus
from hirehall.contracts.services import milestone_submit
from hirehall.core.demo_seed import seed_demo
from hirehall.jobs.models import Job, JobStatus
from hirehall.jobs.testing import open_job
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.proposals.models import Offer, OfferStatus, Proposal
from hirehall.proposals.testing import fixed_contract
from hirehall.proposals.tests.helpers import apply
from hirehall.web.selectors import ACTIVE_PROPOSALS

pytestmark = pytest.mark.django_db


def page(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, testid: str) -> str:
    """The markup of one dashboard panel (up to the next panel)."""
    start = html.index(f'data-testid="{testid}"')
    end = html.find("data-testid=", start + 20)
    return html[start : end if end != -1 else len(html)]


def build(user_factory, n: int) -> tuple[User, User]:
    """n open jobs with a new proposal each, n contracts with submitted work, n offers out."""
    client = user_factory(freelancer=False, name="Cleo Client")
    freelancer = user_factory(client=False, name="Fred Freelancer")
    fund_wallet(client, 50_000_00)
    connects_grant(user=freelancer, amount=100, source="purchase", key=f"dashboard-test:{freelancer.pk}")
    for i in range(n):
        contract = fixed_contract(client, freelancer, (300_00, 200_00), title=f"Contract number {i}")
        milestone = contract.milestones.order_by("position").first()
        milestone_submit(actor=freelancer, contract=contract, milestone_id=milestone.pk, message="Done")
        job = open_job(client, title=f"Open job number {i}")
        apply(freelancer, job)
    return client, freelancer


def queries(user: User) -> int:
    with CaptureQueriesContext(connection) as ctx:
        page(user)
    return len(ctx.captured_queries)


def test_dashboard_runs_a_constant_number_of_queries(user_factory):
    one_client, one_freelancer = build(user_factory, 1)
    many_client, many_freelancer = build(user_factory, 4)
    assert queries(one_client) == queries(many_client)
    assert queries(one_freelancer) == queries(many_freelancer)


def test_client_sees_open_jobs_with_new_proposals_work_to_approve_and_escrow(user_factory):
    client, _freelancer = build(user_factory, 2)
    html = page(client)
    jobs = section(html, "open-jobs")
    assert "Open job number 0" in jobs and "Open job number 1" in jobs
    assert "1 new" in jobs
    approval = section(html, "awaiting-approval")
    assert "Milestone 1" in approval and "Contract number 1" in approval
    assert "Auto-approves" in approval
    # Two first milestones of $300.00 are held in escrow, each with the client's 5% fee: 2 × $315.00.
    assert re.search(r"In escrow</span><span class=\"stat-value\">\$630\.00<", section(html, "client-money"))


def test_freelancer_sees_contracts_proposals_money_and_connects(user_factory):
    _client, freelancer = build(user_factory, 1)
    html = page(freelancer)
    assert "Contract number 0" in section(html, "active-contracts")
    assert "Open job number 0" in section(html, "proposals")
    assert "Submitted" in section(html, "proposals")
    money = section(html, "freelancer-money")
    assert "Connects" in money and "Available to withdraw" in money and "Pending" in money


def test_offers_awaiting_a_reply_show_on_both_sides(user_factory):
    from hirehall.proposals.services import OfferInput, offer_send

    client = user_factory(freelancer=False)
    freelancer = user_factory(client=False)
    fund_wallet(client, 5_000_00)
    proposal = apply(freelancer, open_job(client, title="Job with an offer"))
    offer_send(
        actor=client,
        proposal=proposal,
        data=OfferInput(kind="fixed", title="Offer for the pipeline", milestones=(("Only", 500_00, None),)),
    )
    assert "Offer for the pipeline" in section(page(client), "client-offers")
    assert "Offer for the pipeline" in section(page(freelancer), "freelancer-offers")


def test_onboarding_steps_show_only_until_done(user_factory):
    client = user_factory(freelancer=False)
    html = page(client)
    assert "Post your first job" in html
    open_job(client)
    assert "Post your first job" not in page(client)


def test_dashboard_is_not_the_empty_placeholder_for_an_account_with_work(user_factory):
    """The old dashboard said "You have no jobs or contracts yet" to every account."""
    client, freelancer = build(user_factory, 1)
    for user in (client, freelancer):
        html = page(user)
        assert "no jobs or contracts yet" not in html
        assert "no proposals or contracts yet" not in html


# --- the demo accounts ---------------------------------------------------------------------------
def _titles_in(html: str, titles) -> list[str]:
    return [t for t in titles if t not in html]


def expected_items(user: User) -> dict[str, list[str]]:
    """What each panel must list for `user`, read straight from the database (first 6 of each)."""
    items: dict[str, list[str]] = {}
    if user.is_client:
        jobs = Job.objects.filter(client=user, status=JobStatus.OPEN).order_by("-opened_at", "-pk")
        submitted = ContractMilestone.objects.filter(contract__client=user, status=MilestoneStatus.SUBMITTED)
        invoices = Invoice.objects.filter(contract__client=user, status="in_review")
        offers = Offer.objects.filter(client=user, status__in=("sent", "changes_requested"))
        items["open-jobs"] = [j.title for j in jobs[:6]]
        items["awaiting-approval"] = [m.description for m in submitted.order_by("auto_approve_at")[:6]]
        items["invoices-in-review"] = [i.contract.title for i in invoices.order_by("review_until")[:6]]
        items["client-offers"] = [o.title for o in offers.order_by("-pk")[:6]]
    if user.is_freelancer:
        contracts = Contract.objects.filter(freelancer=user, status__in=["active", "paused"])
        proposals = Proposal.objects.filter(freelancer=user, status__in=ACTIVE_PROPOSALS)
        offers = Offer.objects.filter(freelancer=user, status=OfferStatus.SENT)
        items["active-contracts"] = [c.title for c in contracts.order_by("-pk")[:6]]
        items["proposals"] = [p.job.title for p in proposals.order_by("-pk")[:6]]
        items["freelancer-offers"] = [o.title for o in offers.order_by("-pk")[:6]]
    return items


def test_dashboard_lists_the_real_items_of_every_demo_account():
    seed_demo()
    users = User.objects.filter(email__endswith="@hirehall.test").exclude(email__startswith="talent")
    listed = 0
    for user in users:
        html = page(user)
        for panel, titles in expected_items(user).items():
            missing = [t for t in titles if t not in section(html, panel)]
            assert missing == [], (user.email, panel, missing)
            listed += len(titles)
        assert re.search(r"You have no (jobs|proposals)", html) is None, user.email
    # The demo holds real work: the dashboards above were not all empty.
    assert listed >= 5

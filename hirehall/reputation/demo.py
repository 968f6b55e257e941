"""Demo reputation for `make run`: freelancers with real histories built through the services.

- dev@hirehall.test: three ended, paid contracts with three clients and strong feedback (JSS 100),
  earnings from about ten months ago, and 16 weekly badge evaluations: Top Rated when the profile
  is complete;
- writer@hirehall.test: three contracts, one lukewarm review (neutral): a JSS of 68;
- designer@hirehall.test: no JSS yet and a fresh, complete profile: Rising Talent when eligible.

Runs inside `seed_demo`'s transaction, so it calls the services' bodies (`__wrapped__`). Each hire is
a real job, invitation, proposal, offer, milestone approval (money through the ledger), end and
double-blind feedback; the dates are then moved into the past (started, paid, ended, feedback) so the
histories have an age. Idempotent: keyed by contract titles.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hirehall.accounts.demo import demo_user
from hirehall.accounts.models import User
from hirehall.contracts.models import Contract, ContractMilestone
from hirehall.contracts.services import fixed
from hirehall.core.clock import now as clock_now
from hirehall.core.demo_seed import service_body
from hirehall.jobs.services import job_create
from hirehall.jobs.testing import job_fields
from hirehall.ledger.operations import deposit_record
from hirehall.proposals import services as proposals
from hirehall.reputation import rules, services
from hirehall.reputation.models import Feedback, FeedbackWindow

# freelancer → (client, contract title, paid cents, ended days ago, client's score, would-recommend)
HISTORIES: dict[str, list[tuple[str, str, int, int, int, int]]] = {
    "dev@hirehall.test": [
        ("acme@hirehall.test", "Telemetry API for warehouse robots", 2_400_00, 300, 5, 10),
        ("northwind@hirehall.test", "PostgreSQL performance audit", 900_00, 200, 5, 9),
        ("client@hirehall.test", "Order export integration", 1_500_00, 40, 5, 10),
    ],
    "writer@hirehall.test": [
        ("acme@hirehall.test", "Product launch blog series", 600_00, 150, 5, 9),
        ("northwind@hirehall.test", "Case study rewrite", 300_00, 60, 4, 7),
        ("client@hirehall.test", "Newsletter templates", 1_200_00, 30, 5, 9),
    ],
}
COMMENTS = {
    5: "Excellent work, clear communication and delivered ahead of schedule.",
    4: "Good result; a few rounds of edits were needed.",
}


def seed() -> None:
    now = clock_now()
    for email, history in HISTORIES.items():
        freelancer = demo_user(email)
        if freelancer is None:
            continue
        for client_email, title, cents, days_ago, score, recommend in history:
            client = demo_user(client_email)
            if client is None or Contract.objects.filter(title=title).exists():
                continue
            _hire(client, freelancer, title, cents, score, recommend, now - timedelta(days=days_ago))
        service_body(services.jss_recompute)(user_id=freelancer.pk, now=now)
    _badge_history(now)


def _hire(
    client: User, freelancer: User, title: str, cents: int, score: int, recommend: int, ended: Any
) -> None:
    deposit_record(
        actor=client,
        amount_cents=cents + cents // 10,
        key=f"demo-deposit:reputation:{title}",
        provider_ref="demo",
    )
    job = service_body(job_create)(
        actor=client,
        fields=job_fields(title=title, fixed_cents=cents, description=f"{title}: details."),
        publish=True,
    )
    invitation = service_body(proposals.invitation_send)(
        actor=client, job=job, freelancer=freelancer, message="Your profile fits."
    )
    proposal = service_body(proposals.proposal_submit)(
        actor=freelancer,
        job=job,
        invitation=invitation,
        data=proposals.ProposalInput(
            cover_letter="I have done this kind of work many times and can start this week.",
            bid_cents=cents,
            duration="1to3",
            answers={q.pk: "Yes" for q in job.questions.all()},
            milestones=[],
            boost=0,
        ),
    )
    offer = service_body(proposals._offer_send)(
        client,
        proposal,
        proposals.OfferInput(kind="fixed", title=title, milestones=(("Delivery", cents, None),)),
        None,
    )
    contract = service_body(proposals.offer_accept)(actor=freelancer, offer=offer)
    milestone = ContractMilestone.objects.get(contract=contract)
    service_body(fixed.milestone_approve)(actor=client, contract=contract, milestone_id=milestone.pk)
    service_body(fixed.contract_end)(actor=client, contract=contract)
    for actor, value in ((client, score), (freelancer, 5)):
        side = "client" if actor == client else "freelancer"
        service_body(services.feedback_leave)(
            actor=actor,
            contract=contract,
            data=services.FeedbackInput(
                scores=dict.fromkeys(rules.categories_for(side), value),
                comment=COMMENTS[value] if side == "client" else "Clear brief and prompt payment.",
                recommend=recommend if side == "client" else 9,
                reason="Project completed",
            ),
        )
    # Give the history its age: what happened now is moved to when it happened.
    started = ended - timedelta(days=30)
    Contract.objects.filter(pk=contract.pk).update(started_at=started, ended_at=ended)
    ContractMilestone.objects.filter(pk=milestone.pk).update(
        funded_at=started, approved_at=ended - timedelta(days=1)
    )
    closes, reply_until = rules.window_bounds(ended)
    FeedbackWindow.objects.filter(contract=contract).update(
        opens_at=ended, closes_at=closes, reply_until=reply_until, revealed_at=ended + timedelta(days=1)
    )
    Feedback.objects.filter(contract=contract).update(created_at=ended + timedelta(days=1))


def _badge_history(now: Any) -> None:
    """Sixteen weekly evaluations for the demo freelancers (as the weekly sweep would have made)."""
    for email in (
        "dev@hirehall.test",
        "writer@hirehall.test",
        "designer@hirehall.test",
        "freelancer@hirehall.test",
    ):
        user = demo_user(email)
        if user is None:
            continue
        for weeks_ago in range(rules.TOP_RATED_WINDOW_WEEKS - 1, -1, -1):
            service_body(services.badges_evaluate)(user_id=user.pk, now=now - timedelta(weeks=weeks_ago))

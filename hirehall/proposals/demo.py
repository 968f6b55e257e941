"""Demo proposals for `make run`: proposals in several states on the demo jobs (submitted, viewed,
shortlisted (messaging's demo writes its interview), declined, boosted, an open fixed-price offer,
a hire with its contract), an invitation, and the hire behind the contracts demo's fixed-price contract (whose
history contracts' own demo writes: this app sits above contracts, so the hire is made here).

Idempotent: keyed by (job, freelancer). Runs inside `seed_demo`'s transaction and so calls the
services' bodies (`__wrapped__`) with the same rules and Connects spending.
"""

from __future__ import annotations

from hirehall.accounts.demo import demo_user
from hirehall.contracts.demo import FIXED_TITLE, FREELANCER_FIXED_TITLE, FREELANCER_HOURLY_TITLE
from hirehall.contracts.models import Contract
from hirehall.core.demo_seed import service_body
from hirehall.jobs.models import Job
from hirehall.jobs.services import JobFields, job_create
from hirehall.ledger.operations import deposit_record
from hirehall.profiles.models import Skill
from hirehall.proposals import services
from hirehall.proposals.models import Invitation, Proposal

FIXED_JOB = "Illustrated onboarding screens for our app"


def _job(title: str) -> Job | None:
    return Job.objects.filter(title=title).first()


def _apply(email: str, title: str, *, bid: int, boost: int = 0, letter: str = "") -> Proposal | None:
    freelancer, job = demo_user(email), _job(title)
    if freelancer is None or job is None or job.status != "open":
        return None
    existing = Proposal.objects.filter(job=job, freelancer=freelancer).first()
    if existing is not None:
        return None
    answers = {q.pk: "Happy to share details on a call." for q in job.questions.all()}
    return service_body(services.proposal_submit)(
        actor=freelancer,
        job=job,
        data=services.ProposalInput(
            cover_letter=letter
            or f"Hello! I have done work very close to “{job.title}” and can start this week.",
            bid_cents=bid,
            duration="1to3",
            answers=answers,
            milestones=[],
            boost=boost,
        ),
    )


def seed() -> None:
    api = "Django REST API for our robot fleet dashboard"
    react = "React front end for the robot dashboard"
    logo = "Logo and brand colours for a neighbourhood bakery"
    seo = "SEO blog posts about sustainable shipping"
    script = "Python script to reconcile supplier invoices"

    acme, northwind, bakery = (
        demo_user("acme@hirehall.test"),
        demo_user("northwind@hirehall.test"),
        demo_user("client@hirehall.test"),
    )
    if acme is None or northwind is None or bakery is None:
        return
    # Submitted, boosted (top slot), viewed.
    _apply(
        "dev@hirehall.test",
        api,
        bid=65_00,
        boost=6,
        letter="Ten years of Django; I built telemetry APIs for AGVs.",
    )
    _apply("both@hirehall.test", api, bid=55_00)
    viewed = _apply("freelancer@hirehall.test", api, bid=50_00)
    if viewed is not None:
        service_body(services.proposal_mark_viewed)(actor=acme, proposal=viewed)
    # Shortlisted with an interview under way.
    shortlisted = _apply("dev@hirehall.test", react, bid=3_800_00)
    if shortlisted is not None:
        service_body(services.proposal_shortlist)(actor=acme, proposal=shortlisted)
        # The interview's messages are written by messaging's demo (it sits above this app).
    # Declined, and an open fixed-price offer (first milestone in escrow).
    declined = _apply("writer@hirehall.test", logo, bid=280_00)
    if declined is not None:
        service_body(services.proposal_decline)(
            actor=bakery, proposal=declined, reason="Looking for a designer"
        )
    offered = _apply("designer@hirehall.test", logo, bid=300_00)
    if offered is not None:
        deposit_record(actor=bakery, amount_cents=1_000_00, key="demo-deposit:bakery", provider_ref="demo")
        service_body(services._offer_send)(
            bakery,
            offered,
            services.OfferInput(
                kind="fixed",
                title="Bakery logo",
                milestones=(("Three concepts", 100_00, None), ("Final logo and palette", 200_00, None)),
            ),
            None,
        )
    # A hire: an hourly contract exists.
    hired = _apply("writer@hirehall.test", seo, bid=35_00)
    if hired is not None:
        offer = service_body(services._offer_send)(
            northwind,
            hired,
            services.OfferInput(
                kind="hourly", title="Monthly SEO articles", hourly_rate_cents=35_00, weekly_limit_hours=15
            ),
            None,
        )
        service_body(services.offer_accept)(actor=demo_user("writer@hirehall.test"), offer=offer)
    _apply("freelancer@hirehall.test", script, bid=600_00)
    # An invitation waiting for an answer.
    invite_job = _job("Invite-only: migrate our shop to PostgreSQL")
    dev = demo_user("dev@hirehall.test")
    if (
        invite_job is not None
        and dev is not None
        and not Invitation.objects.filter(job=invite_job, freelancer=dev).exists()
    ):
        service_body(services.invitation_send)(
            actor=invite_job.client, job=invite_job, freelancer=dev, message="Your profile fits."
        )
    _fixed_hire()
    _freelancer_hires()


def _freelancer_hires() -> None:
    """freelancer@ (the account most people try first) is hired twice: hourly by Acme on the fleet API
    job, fixed-price by Northwind on the invoice script (the contracts demo writes what followed)."""
    freelancer = demo_user("freelancer@hirehall.test")
    acme, northwind = demo_user("acme@hirehall.test"), demo_user("northwind@hirehall.test")
    if freelancer is None or acme is None or northwind is None:
        return
    api = _job("Django REST API for our robot fleet dashboard")
    hourly = Proposal.objects.filter(job=api, freelancer=freelancer).first() if api else None
    if hourly is not None and not Contract.objects.filter(title=FREELANCER_HOURLY_TITLE).exists():
        offer = service_body(services._offer_send)(
            acme,
            hourly,
            services.OfferInput(
                kind="hourly",
                title=FREELANCER_HOURLY_TITLE,
                hourly_rate_cents=50_00,
                weekly_limit_hours=20,
                manual_time_allowed=True,
            ),
            None,
        )
        service_body(services.offer_accept)(actor=freelancer, offer=offer)
    script = _job("Python script to reconcile supplier invoices")
    fixed = Proposal.objects.filter(job=script, freelancer=freelancer).first() if script else None
    if fixed is not None and not Contract.objects.filter(title=FREELANCER_FIXED_TITLE).exists():
        key = "demo-deposit:freelancer:northwind"
        deposit_record(actor=northwind, amount_cents=1_000_00, key=key, provider_ref="demo")
        offer = service_body(services._offer_send)(
            northwind,
            fixed,
            services.OfferInput(
                kind="fixed",
                title=FREELANCER_FIXED_TITLE,
                milestones=(
                    ("Parser for the suppliers' CSV exports", 250_00, None),
                    ("Reconciliation report and tests", 350_00, None),
                ),
            ),
            None,
        )
        service_body(services.offer_accept)(actor=freelancer, offer=offer)


def _fixed_hire() -> None:
    """The designer hired on a fixed-price offer, milestone 1 funded from the client's wallet."""
    client, designer = demo_user("client@hirehall.test"), demo_user("designer@hirehall.test")
    if client is None or designer is None or Contract.objects.filter(title=FIXED_TITLE).exists():
        return
    job = Job.objects.filter(client=client, title=FIXED_JOB).first()
    if job is None:
        skills = list(
            Skill.objects.filter(slug__in=["illustration", "logo-design"]).select_related("category")
        )
        job = service_body(job_create)(
            actor=client,
            fields=JobFields(
                title=FIXED_JOB,
                description="Six friendly illustrations for the first-run screens of our baking app.",
                category=skills[0].category if skills else None,
                skills=skills,
                experience="intermediate",
                length="lt1",
                workload="lt30",
                budget_type="fixed",
                fixed_cents=900_00,
                questions=[],
                visibility="public",
                hires_wanted=1,
            ),
            publish=True,
        )
    proposal = Proposal.objects.filter(job=job, freelancer=designer).first() or service_body(
        services.proposal_submit
    )(
        actor=designer,
        job=job,
        data=services.ProposalInput(
            cover_letter="I illustrate onboarding flows for food apps; portfolio on my profile.",
            bid_cents=900_00,
            duration="lt1",
            answers={},
            milestones=[],
            boost=0,
        ),
    )
    deposit_record(
        actor=client, amount_cents=2_000_00, key="demo-deposit:contracts:client", provider_ref="demo"
    )
    offer = service_body(services._offer_send)(
        client,
        proposal,
        services.OfferInput(
            kind="fixed",
            title=FIXED_TITLE,
            milestones=(
                ("Sketches for six screens", 300_00, None),
                ("Final colour illustrations", 400_00, None),
                ("Animated splash version", 200_00, None),
            ),
        ),
        None,
    )
    service_body(services.offer_accept)(actor=designer, offer=offer)

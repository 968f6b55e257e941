"""The dashboard's reads: what each side of the marketplace should look at next.

Every list is one query (counts are annotations, related rows are joined), so the dashboard runs the
same number of queries whether a user has one job or a thousand (tests assert it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hirehall.accounts.models import User
from hirehall.connects.selectors import connects_balance
from hirehall.contracts.models import (
    Contract,
    ContractMilestone,
    ContractStatus,
    IdentityVerification,
    Invoice,
    InvoiceStatus,
    MilestoneStatus,
)
from hirehall.jobs.models import Job, JobStatus
from hirehall.ledger.models import Transfer
from hirehall.ledger.selectors import Balances, balances_for, pending_earnings_for
from hirehall.payments.selectors import user_billing_verified
from hirehall.profiles.models import ClientProfile
from hirehall.profiles.selectors import own_profile_complete
from hirehall.proposals.models import Offer, OfferStatus, Proposal, ProposalStatus

LIMIT = 6  # rows per panel; each panel links to the full list
ACTIVE_PROPOSALS = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.VIEWED,
    ProposalStatus.SHORTLISTED,
    ProposalStatus.OFFERED,
)


@dataclass(frozen=True)
class Step:
    label: str
    url_name: str
    done: bool


@dataclass
class ClientPanel:
    open_jobs: Sequence[Job]  # each with `new_proposals`
    offers: list[Offer]  # sent, or sent back with changes requested
    awaiting_approval: list[ContractMilestone]  # with `auto_approve_at`
    invoices_in_review: list[Invoice]  # with `review_until`
    balances: Balances


@dataclass
class FreelancerPanel:
    contracts: list[Contract]
    proposals: list[Proposal]
    offers: list[Offer]
    pending: list[Transfer]  # earnings in their security hold, with `hold_until`
    balances: Balances
    connects: int
    next_available_at: datetime | None = None


@dataclass
class Dashboard:
    client: ClientPanel | None
    freelancer: FreelancerPanel | None
    steps: list[Step] = field(default_factory=list)

    @property
    def open_steps(self) -> list[Step]:
        return [s for s in self.steps if not s.done]


def _client_panel(user: User, balances: Balances) -> ClientPanel:
    jobs = list(
        Job.objects.filter(client=user, status=JobStatus.OPEN)
        .annotate(new_proposals=Count("proposals", filter=Q(proposals__status=ProposalStatus.SUBMITTED)))
        .order_by("-opened_at", "-pk")[:LIMIT]
    )
    offers = list(
        Offer.objects.filter(client=user, status__in=[OfferStatus.SENT, OfferStatus.CHANGES_REQUESTED])
        .select_related("freelancer", "proposal__job")
        .order_by("-pk")[:LIMIT]
    )
    milestones = list(
        ContractMilestone.objects.filter(contract__client=user, status=MilestoneStatus.SUBMITTED)
        .select_related("contract", "contract__freelancer")
        .order_by("auto_approve_at", "pk")[:LIMIT]
    )
    invoices = list(
        Invoice.objects.filter(contract__client=user, status=InvoiceStatus.IN_REVIEW)
        .select_related("contract", "contract__freelancer")
        .order_by("review_until", "pk")[:LIMIT]
    )
    return ClientPanel(jobs, offers, milestones, invoices, balances)


def _freelancer_panel(user: User, balances: Balances) -> FreelancerPanel:
    contracts = list(
        Contract.objects.filter(freelancer=user, status__in=[ContractStatus.ACTIVE, ContractStatus.PAUSED])
        .select_related("client")
        .order_by("-pk")[:LIMIT]
    )
    proposals = list(
        Proposal.objects.filter(freelancer=user, status__in=ACTIVE_PROPOSALS)
        .select_related("job")
        .order_by("-pk")[:LIMIT]
    )
    offers = list(
        Offer.objects.filter(freelancer=user, status=OfferStatus.SENT)
        .select_related("client", "proposal__job")
        .order_by("-pk")[:LIMIT]
    )
    pending = list(pending_earnings_for(user)[:LIMIT])
    return FreelancerPanel(
        contracts=contracts,
        proposals=proposals,
        offers=offers,
        pending=pending,
        balances=balances,
        connects=connects_balance(user),
        next_available_at=pending[0].hold_until if pending else None,
    )


def _steps(user: User, *, has_mfa: bool) -> list[Step]:
    steps: list[Step] = []
    if user.is_client:
        company = ClientProfile.objects.filter(user=user).values_list("description", flat=True).first()
        has_job = Job.objects.filter(client=user).exists()
        verified = user_billing_verified(user)
        steps += [
            Step(
                _("Describe your company to the freelancers you hire"), "client_profile_edit", bool(company)
            ),
            Step(_("Add a payment method: freelancers prefer verified clients"), "payments:wallet", verified),
            Step(_("Post your first job"), "jobs:new", has_job),
        ]
    if user.is_freelancer:
        complete = own_profile_complete(user)
        has_proposal = Proposal.objects.filter(freelancer=user).exists()
        steps += [
            Step(
                _("Complete your profile: clients find you by title, skills, rate"), "profile_edit", complete
            ),
            Step(_("Send your first proposal"), "jobs:search", has_proposal),
            Step(
                _("Verify your identity: your hourly work becomes payment-protected"),
                "moderation:identity",
                IdentityVerification.objects.filter(user=user, identity_verified=True).exists(),
            ),
        ]
    steps.append(Step(_("Turn on two-factor authentication to protect your money"), "mfa_index", has_mfa))
    return steps


def dashboard_for(user: User) -> Dashboard:
    has_mfa = user.authenticator_set.exists()  # type: ignore[attr-defined]
    balances = balances_for(user)
    return Dashboard(
        client=_client_panel(user, balances) if user.is_client else None,
        freelancer=_freelancer_panel(user, balances) if user.is_freelancer else None,
        steps=_steps(user, has_mfa=has_mfa),
    )

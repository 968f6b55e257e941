"""`hirehall.core.states`: one transition helper; every app's tables are closed and name real states."""

from __future__ import annotations

import pytest
from django.apps import apps

from hirehall.contracts import models as contracts
from hirehall.core.errors import DomainError
from hirehall.core.states import can_transition, transition, undeclared_targets
from hirehall.jobs import models as jobs
from hirehall.proposals import models as proposals

# Every state table in the code base, with the field it governs. A new table must be added here.
TABLES = {
    "jobs.TRANSITIONS": (jobs.Job, "status"),
    "proposals.PROPOSAL_TRANSITIONS": (proposals.Proposal, "status"),
    "proposals.INVITATION_TRANSITIONS": (proposals.Invitation, "status"),
    "proposals.OFFER_TRANSITIONS": (proposals.Offer, "status"),
    "contracts.CONTRACT_TRANSITIONS": (contracts.Contract, "status"),
    "contracts.MILESTONE_TRANSITIONS": (contracts.ContractMilestone, "status"),
    "contracts.REFUND_TRANSITIONS": (contracts.RefundRequest, "status"),
    "contracts.INVOICE_TRANSITIONS": (contracts.Invoice, "status"),
    "contracts.DISPUTE_TRANSITIONS": (contracts.Dispute, "status"),
}


def all_tables() -> dict[str, dict[str, set[str]]]:
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("hirehall."):
            continue
        module = config.models_module  # None for an app without models (the web shell)
        if module is None:
            continue
        for name, value in vars(module).items():
            if name.endswith("TRANSITIONS") and isinstance(value, dict):
                found[f"{config.label}.{name}"] = value
    return found


class TestTransition:
    def test_an_allowed_step_changes_the_field(self):
        job = jobs.Job(status=jobs.JobStatus.DRAFT)
        transition(job, jobs.JobStatus.OPEN, jobs.TRANSITIONS)
        assert job.status == jobs.JobStatus.OPEN

    def test_any_other_step_is_refused_and_changes_nothing(self):
        offer = proposals.Offer(status=proposals.OfferStatus.ACCEPTED)
        with pytest.raises(DomainError) as exc:
            transition(offer, proposals.OfferStatus.WITHDRAWN, proposals.OFFER_TRANSITIONS)
        assert exc.value.code == "invalid_state" and exc.value.status == 409
        assert exc.value.detail == "An offer that is accepted cannot become withdrawn."
        assert offer.status == proposals.OfferStatus.ACCEPTED

    def test_labels_and_verbose_names_make_the_message(self):
        milestone = contracts.ContractMilestone(status=contracts.MilestoneStatus.APPROVED)
        with pytest.raises(DomainError) as exc:
            transition(milestone, contracts.MilestoneStatus.FUNDED, contracts.MILESTONE_TRANSITIONS)
        noun = contracts.ContractMilestone._meta.verbose_name
        approved = contracts.MilestoneStatus.APPROVED.label.lower()
        funded = contracts.MilestoneStatus.FUNDED.label.lower()
        assert exc.value.detail == f"A {noun} that is {approved} cannot become {funded}."

    def test_the_product_can_say_it_better(self):
        job = jobs.Job(status=jobs.JobStatus.CLOSED)
        with pytest.raises(DomainError) as exc:
            transition(job, jobs.JobStatus.CLOSED, jobs.TRANSITIONS, detail="This job is already closed.")
        assert exc.value.detail == "This job is already closed."

    def test_another_field(self):
        table = {"none": {"active"}, "active": {"won", "lost"}, "won": set(), "lost": set()}
        proposal = proposals.Proposal(status=proposals.ProposalStatus.SUBMITTED, boost_state="none")
        transition(proposal, "active", table, field="boost_state")
        assert proposal.boost_state == "active" and proposal.status == proposals.ProposalStatus.SUBMITTED
        with pytest.raises(DomainError):
            transition(proposal, "none", table, field="boost_state")

    def test_an_unknown_current_state_allows_nothing(self):
        assert not can_transition({"a": {"b"}, "b": set()}, "zzz", "b")


def test_every_table_is_known_closed_and_uses_declared_choices():
    found = all_tables()
    assert found.keys() == TABLES.keys()
    for name, table in found.items():
        model, field = TABLES[name]
        choices = {value for value, _label in model._meta.get_field(field).flatchoices}
        assert not undeclared_targets(table), name
        assert set(table) == choices, f"{name}: every state of {model.__name__}.{field} has a row"


def test_undeclared_targets_finds_typos():
    assert undeclared_targets({"open": {"closd"}, "closed": set()}) == {"closd"}

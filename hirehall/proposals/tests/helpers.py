from __future__ import annotations

from typing import Any

from hirehall.accounts.models import User
from hirehall.jobs.models import Job
from hirehall.jobs.testing import restore_seed_data  # noqa: F401 - re-exported for the tests
from hirehall.proposals.models import Proposal
from hirehall.proposals.services import ProposalInput, proposal_submit


def proposal_input(job: Job, **overrides: Any) -> ProposalInput:
    values: dict[str, Any] = {
        "cover_letter": "I have built this exact pipeline three times.",
        "bid_cents": 900_00 if job.budget_type == "fixed" else 40_00,
        "duration": "1to3",
        "answers": {q.pk: "Yes" for q in job.questions.all()},
        "milestones": [],
        "boost": 0,
    }
    values.update(overrides)
    return ProposalInput(**values)


def apply(freelancer: User, job: Job, **overrides: Any) -> Proposal:
    return proposal_submit(actor=freelancer, job=job, data=proposal_input(job, **overrides))

"""Proposals' pieces of other apps' pages (jobs sit below proposals and cannot import them)."""

from __future__ import annotations

from typing import Any

from django import template

from hirehall.proposals.models import Proposal
from hirehall.proposals.selectors import proposal_of_freelancer_on_job

register = template.Library()


@register.simple_tag
def my_proposal_on(job: Any, user: Any) -> Proposal | None:
    """The signed-in freelancer's proposal on this job, if any (the job page links to it)."""
    return proposal_of_freelancer_on_job(user, job)

"""Proposals' pieces of other apps' pages."""

from __future__ import annotations

import pytest
from django.test import Client

from hirehall.jobs.testing import open_job
from hirehall.proposals.tests.helpers import apply

pytestmark = pytest.mark.django_db


def test_job_page_links_the_freelancers_own_proposal_only(user_factory) -> None:
    client, applicant, other = user_factory(), user_factory(), user_factory()
    job = open_job(client)
    proposal = apply(applicant, job)

    def page(user) -> str:
        browser = Client()
        browser.force_login(user)
        response = browser.get(f"/jobs/{job.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    mine = page(applicant)
    assert "You applied" in mine and f'href="/proposals/{proposal.pk}/"' in mine
    theirs = page(other)
    assert "You applied" not in theirs and "Apply now" in theirs

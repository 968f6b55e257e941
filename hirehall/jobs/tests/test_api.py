from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.jobs.testing import open_job
from hirehall.ledger import fees
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.proposals.tests.helpers import apply

pytestmark = pytest.mark.django_db

JOB = {
    "title": "Django REST API for a bakery",
    "description": "Orders, stock and a small admin.",
    "category": "web-mobile-software-dev",
    "budget_type": "hourly",
    "hourly_min": "30.00",
    "hourly_max": "50.00",
    "workload": "gt30",
    "length": "3to6",
    "screening_questions": ["Links to Django work?"],
}


def category_slug() -> str:
    from hirehall.jobs.testing import any_category

    return any_category().slug


def test_post_job_exposes_connects_required(api_client_for, user_factory) -> None:
    client = user_factory()
    api = api_client_for(client)
    response = api.post("/api/v1/jobs", {**JOB, "category": category_slug()})
    assert response.status_code == 201, response.content
    body = response.json()
    # $40/h midpoint × 40 h × 26 weeks = $41,600 → 8
    assert body["connects_required"] == 8
    assert body["budget"] == {
        "type": "hourly",
        "hourly_min": "30.00",
        "hourly_max": "50.00",
        "fixed": None,
        "currency": "USD",
    }
    assert body["id"] == str(int(body["id"]))
    assert body["questions"][0]["text"] == "Links to Django work?"


def test_minimum_rate_is_a_problem(api_client_for, user_factory) -> None:
    api = api_client_for(user_factory())
    response = api.post("/api/v1/jobs", {**JOB, "category": category_slug(), "hourly_min": "2.50"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "rate_below_minimum"


def test_other_users_get_404(api_client_for, user_factory) -> None:
    client, other = user_factory(), user_factory()
    draft = (
        api_client_for(client)
        .post("/api/v1/jobs", {**JOB, "category": category_slug(), "status": "draft"})
        .json()
    )
    api = api_client_for(other)
    assert api.get(f"/api/v1/jobs/{draft['id']}").status_code == 404
    assert api.request("PATCH", f"/api/v1/jobs/{draft['id']}", {"title": "Mine now!"}).status_code == 404
    job = open_job(client)
    proposal = apply(user_factory(), job)
    assert api.get(f"/api/v1/proposals/{proposal.pk}").status_code == 404
    assert api.get(f"/api/v1/jobs/{job.pk}/proposals").status_code == 404
    assert api.post(f"/api/v1/proposals/{proposal.pk}/shortlist").status_code == 404


def test_apply_with_answers_and_review(api_client_for, user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    job = open_job(client, questions=["Timezone?"])
    question = job.questions.get()
    api = api_client_for(freelancer)
    body = {"cover_letter": "Hi", "bid": "800.00", "duration": "lt1"}
    missing = api.post(f"/api/v1/jobs/{job.pk}/proposals", body)
    assert missing.status_code == 422 and missing.json()["code"] == "screening_answers_required"
    preview = api.get(f"/api/v1/jobs/{job.pk}/fee-preview", bid="800.00").json()
    assert preview["connects_required"] == 6 and preview["connects_balance"] == 40
    quote = fees.quote(amount=800_00, prior_billings=0, schedule=fees.schedule_in_force())
    assert preview["you_receive"] == f"{quote.freelancer_net / 100:.2f}"  # the ledger's fee engine decides
    created = api.post(
        f"/api/v1/jobs/{job.pk}/proposals",
        {**body, "answers": [{"question_id": str(question.pk), "answer": "UTC"}]},
        headers={"Idempotency-Key": "apply-1"},
    )
    assert created.status_code == 201
    assert api.get("/api/v1/connects").json()["balance"] == 34
    review = api_client_for(client).get(f"/api/v1/jobs/{job.pk}/proposals").json()
    [row] = review["items"]
    assert {f["key"] for f in row["best_match_factors"]} >= {"skills", "rate", "jss"}
    assert sum(f["weight"] for f in row["best_match_factors"]) == 100


def test_offer_flow_over_the_api(api_client_for, user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 500_00)
    job = open_job(client)
    proposal = apply(freelancer, job)
    capi, fapi = api_client_for(client), api_client_for(freelancer)
    assert (
        capi.post(f"/api/v1/proposals/{proposal.pk}/messages", {"body": "Call tomorrow?"}).status_code == 201
    )
    offer = capi.post(
        f"/api/v1/proposals/{proposal.pk}/offers",
        {
            "kind": "fixed",
            "title": "Pipeline",
            "milestones": [{"description": "All", "amount": "400.00"}],
            "is_trial": True,
        },
    )
    assert offer.status_code == 201, offer.content
    assert offer.json()["first_milestone_funded"] is True
    contract = fapi.post(f"/api/v1/offers/{offer.json()['id']}/accept")
    assert contract.status_code == 201
    assert contract.json()["milestones"][0]["status"] == "funded"
    assert fapi.get(f"/api/v1/contracts/{contract.json()['id']}").status_code == 200
    assert api_client_for(user_factory()).get(f"/api/v1/contracts/{contract.json()['id']}").status_code == 404


def _count(api, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_constant_queries_on_lists(api_client_for, user_factory) -> None:
    client, viewer = user_factory(), user_factory()
    job = open_job(client, questions=["Q?"])
    capi, vapi = api_client_for(client), api_client_for(viewer)
    paths = [
        "/api/v1/jobs?q=pipeline",
        "/api/v1/jobs/mine",
        f"/api/v1/jobs/{job.pk}/proposals",
        "/api/v1/proposals",
        "/api/v1/offers",
        "/api/v1/connects",
    ]

    def counts() -> list[int]:
        return [_count(capi, p) for p in paths[:3]] + [_count(vapi, p) for p in paths[3:]]

    for _ in range(2):
        apply(user_factory(), job, answers={job.questions.get().pk: "A"})
    apply(viewer, open_job(client))
    counts()  # warm-up: a token's first use of the minute records last_used_at
    before = counts()
    for _ in range(4):
        open_job(client)
        freelancer = user_factory()
        apply(freelancer, job, answers={job.questions.get().pk: "A"})
    apply(viewer, open_job(client))
    assert counts() == before

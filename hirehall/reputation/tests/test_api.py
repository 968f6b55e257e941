"""The API contract of issue 10, exactly as written: paths, bodies and field names."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from hirehall.profiles import services as profile_services
from hirehall.reputation.models import Feedback
from hirehall.reputation.testing import leave, paid_contract, scores

pytestmark = pytest.mark.django_db
ENDED = datetime(2024, 5, 1, 15, 30, tzinfo=UTC)


@pytest.fixture
def parties(user_factory):
    return user_factory(), user_factory()


def _body(side="client", **extra):
    return {"scores": scores(side), "comment": "Clear and quick", **extra}


def test_feedback_round_trip_double_blind_and_private(parties, api_client_for):
    client, freelancer = parties
    with time_machine.travel(ENDED, tick=False) as clock:
        contract = paid_contract(client, freelancer)
        as_client, as_freelancer = api_client_for(client), api_client_for(freelancer)
        url = f"/api/v1/contracts/{contract.pk}/feedback"
        r = as_client.post(url, _body(private={"recommend": 9, "reason": "Project finished"}))
        assert r.status_code == 201, r.content
        mine = r.json()
        assert mine["side"] == "client" and mine["scores"]["skills"] == 5 and mine["score"] == "5.00"
        assert mine["private"] == {"recommend": 9, "reason": "Project finished"}
        assert mine["visible"] is False and mine["visible_at"] == "2024-05-15T00:00:00Z"
        # The freelancer sees that it exists and when it will show, nothing else.
        [window] = as_freelancer.get(url).json()["windows"]
        [theirs] = window["feedback"]
        assert theirs["visible_at"] == "2024-05-15T00:00:00Z"
        for hidden in ("scores", "score", "comment", "private", "created_at"):
            assert hidden not in theirs
        clock.move_to(ENDED + timedelta(days=1))
        r = as_freelancer.post(url, _body("freelancer"))
        assert r.status_code == 201, r.content
        [window] = as_freelancer.get(url).json()["windows"]
        by_side = {f["side"]: f for f in window["feedback"]}
        assert by_side["client"]["comment"] == "Clear and quick"
        assert by_side["client"]["visible_at"] == "2024-05-02T15:30:00Z"
        assert "private" not in by_side["client"]  # never shown to the rated side
        assert by_side["client"]["can_reply"] is True
        r = as_freelancer.post(f"/api/v1/feedback/{by_side['client']['id']}/reply", {"body": "Thanks!"})
        assert r.status_code == 200 and r.json()["reply"] == "Thanks!"
        r = as_freelancer.post(f"/api/v1/feedback/{by_side['client']['id']}/reply", {"body": "Again"})
        assert r.status_code == 409 and r.json()["code"] == "reply_already_left"
        r = as_client.post(url, _body())
        assert r.status_code == 409 and r.json()["code"] == "feedback_already_left"


@pytest.mark.parametrize(
    "body",
    [
        {"scores": "five"},
        {"scores": {"skills": 5}},
        {"scores": {**scores("client"), "quality": 10**30}},
        {"scores": {**scores("client"), "quality": 4.5}},
        {"scores": scores("client"), "private": {"recommend": 10**30}},
        {"scores": scores("client"), "private": {"recommend": "ten"}},
        {"scores": scores("client"), "comment": "x" * 2001},
        {"scores": scores("client"), "comment": 7},
        {"comment": "no scores"},
    ],
)
def test_bad_feedback_is_a_4xx_and_changes_nothing(parties, api_client_for, body):
    client, freelancer = parties
    contract = paid_contract(client, freelancer)
    r = api_client_for(client).post(f"/api/v1/contracts/{contract.pk}/feedback", body)
    assert r.status_code in (400, 422), r.content
    assert "code" in r.json()
    assert not Feedback.objects.exists()


def test_malformed_json_nul_and_strangers(parties, api_client_for, user_factory):
    client, freelancer = parties
    contract = paid_contract(client, freelancer)
    api = api_client_for(client)
    url = f"/api/v1/contracts/{contract.pk}/feedback"
    r = api.client.generic("POST", url, "{not json", content_type="application/json", headers=api.headers())
    assert r.status_code == 400
    r = api.client.generic(
        "POST",
        url,
        json.dumps({"scores": scores("client"), "comment": "a\u0000b"}),
        content_type="application/json",
        headers=api.headers(),
    )
    assert r.status_code in (400, 422)
    stranger = api_client_for(user_factory())
    assert stranger.post(url, _body()).status_code == 404
    assert stranger.get(url).status_code == 404
    assert api.get("/api/v1/contracts/99999999/feedback").status_code == 404
    assert api.post("/api/v1/feedback/abc/reply", {"body": "x"}).status_code in (404, 422)
    assert not Feedback.objects.exists()


def test_freelancer_endpoint_gains_reputation_fields_and_work_history(parties, api_client_for):
    client, freelancer = parties
    profile = profile_services.freelancer_profile_ensure(actor=freelancer)
    with time_machine.travel(ENDED, tick=False):
        contract = paid_contract(client, freelancer, 725_00, title="Landing page")
        leave(client, contract, 5)
        leave(freelancer, contract, 4)
        api = api_client_for(client)
        body = api.get(f"/api/v1/freelancers/{profile.pk}").json()
        assert body["total_earnings"] == "725.00"
        assert body["total_jobs"] == 1 and body["total_hours"] == 0
        assert body["job_success_score"] is None  # one client only
        assert body["badges"] == []
        history = api.get(f"/api/v1/freelancers/{profile.pk}/work-history").json()
        assert history["total_earnings"] == "725.00"
        [item] = history["items"]
        assert item["title"] == "Landing page" and item["earnings"] == "725.00"
        assert item["feedback_received"]["comment"] == "Great work"
        assert item["feedback_received"]["score"] == "5.00"
        clients = api.get(f"/api/v1/clients/{client.pk}/work-history").json()
        assert clients["total_spent"] == "725.00" and clients["hires"] == 1
        assert clients["rating"] == "4.00" and clients["feedback_given"] == 1
        assert clients["feedback_received"] == 1


def test_me_jss_and_badges_shapes(parties, api_client_for):
    _client, freelancer = parties
    api = api_client_for(freelancer)
    empty = api.get("/api/v1/me/jss").json()
    assert empty == {
        "job_success_score": None,
        "unpublished_score": None,
        "eligible_contracts": 0,
        "clients": 0,
        "computed_at": None,
        "outcomes": [],
    }
    assert api.get("/api/v1/me/badges").json() == {"badges": [], "next": None, "evaluations": []}

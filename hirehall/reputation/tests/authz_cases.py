"""Every reputation route × {anon, other, owner, staff}. Feedback lives on a contract: another
user's (staff included) is a 404. Work history is as visible as the profile it belongs to."""

from __future__ import annotations

import itertools
from typing import Any

from hirehall.core.testing import make_user
from hirehall.core.tests.authz import Case, World

_n = itertools.count(1)
SIGNED_IN = {"anon": 401, "other": 200, "owner": 200, "staff": 200}
WEB_SIGNED_IN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
PUBLIC = {"anon": 200, "other": 200, "owner": 200, "staff": 200}


def _e(owner: int, *, anon: int = 401) -> dict[str, int]:
    return {"anon": anon, "other": 404, "owner": owner, "staff": 404}


def _partner() -> Any:
    return make_user(f"matrix-rep-{next(_n)}@example.com")


def ended_as_client(w: World) -> Any:
    from hirehall.reputation.testing import paid_contract

    if "ended_client" not in w.objects:
        w.objects["ended_client"] = paid_contract(w.owner, _partner())
    return w.objects["ended_client"]


def feedback_about_owner(w: World) -> Any:
    """Both sides left feedback on a contract where the owner is the freelancer: the client's is
    visible and the owner may reply."""
    from hirehall.reputation.testing import leave, paid_contract

    if "fb" not in w.objects:
        client = _partner()
        contract = paid_contract(client, w.owner)
        w.objects["fb"] = leave(client, contract)
        leave(w.owner, contract)
    return w.objects["fb"]


def owner_profile(w: World) -> Any:
    from hirehall.profiles.tests.authz_cases import _profile

    return _profile(w)


SCORES = {"skills": 5, "quality": 5, "availability": 5, "deadlines": 5, "communication": 5, "cooperation": 5}

CASES: list[Case] = [
    Case(
        "POST",
        "/api/v1/contracts/{contract_id}/feedback",
        _e(201),
        url=lambda w: f"/api/v1/contracts/{ended_as_client(w).pk}/feedback",
        data={"scores": SCORES, "comment": "Great", "private": {"recommend": 9, "reason": "Done"}},
    ),
    Case(
        "GET",
        "/api/v1/contracts/{contract_id}/feedback",
        _e(200),
        url=lambda w: f"/api/v1/contracts/{ended_as_client(w).pk}/feedback",
    ),
    Case(
        "POST",
        "/api/v1/feedback/{feedback_id}/reply",
        _e(200),
        url=lambda w: f"/api/v1/feedback/{feedback_about_owner(w).pk}/reply",
        data={"body": "Thank you!"},
    ),
    Case("GET", "/api/v1/me/jss", SIGNED_IN),
    Case("GET", "/api/v1/me/badges", SIGNED_IN),
    Case(
        "GET",
        "/api/v1/freelancers/{freelancer_id}/work-history",
        SIGNED_IN,
        url=lambda w: f"/api/v1/freelancers/{owner_profile(w).pk}/work-history",
    ),
    Case(
        "GET",
        "/api/v1/clients/{client_id}/work-history",
        SIGNED_IN,
        url=lambda w: f"/api/v1/clients/{ended_as_client(w).client_id}/work-history",
    ),
]

CASES += [
    Case(
        "GET",
        "/contracts/<int:contract_id>/feedback/",
        {"anon": 302, "other": 404, "owner": 200, "staff": 404},
        url=lambda w: f"/contracts/{ended_as_client(w).pk}/feedback/",
    ),
    Case("GET", "/me/reputation/", WEB_SIGNED_IN),
    Case("GET", "/job-success-score/", PUBLIC),
]

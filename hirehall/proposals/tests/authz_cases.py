from hirehall.core.tests.authz import Case
from hirehall.jobs.tests.authz_cases import (
    API_CREATED,
    API_SIGNED_IN,
    OWNER_API,
    OWNER_PAGE,
    OWNER_POST,
    SIGNED_IN,
)
from hirehall.proposals.tests.world import get, offer_by_owner, pk

OWNER_API_CREATED = {"anon": 401, "other": 404, "owner": 201, "staff": 404}
PROPOSAL_IN = {"cover_letter": "Matrix cover letter", "bid": "900.00", "duration": "1to3"}
HOURLY_OFFER = {"kind": "hourly", "title": "Matrix", "hourly_rate": "40.00", "weekly_limit_hours": 10}


def p_in(w):
    return pk("p_in")(w)


CASES: list[Case] = [
    Case("GET", "/jobs/<int:job_id>/apply/", SIGNED_IN, url=lambda w: f"/jobs/{pk('public_job')(w)}/apply/"),
    Case(
        "GET",
        "/jobs/<int:job_id>/proposals/",
        OWNER_PAGE,
        url=lambda w: f"/jobs/{pk('client_job')(w)}/proposals/",
    ),
    Case(
        "POST",
        "/jobs/<int:job_id>/invite/",
        OWNER_POST,
        url=lambda w: f"/jobs/{pk('client_job')(w)}/invite/",
        data={"freelancer_email": "matrix-third@example.com"},
    ),
    Case("GET", "/proposals/", SIGNED_IN),
    Case("GET", "/proposals/<int:proposal_id>/", OWNER_PAGE, url=lambda w: f"/proposals/{p_in(w)}/"),
    Case(
        "POST",
        "/proposals/<int:proposal_id>/do/<slug:action>/",
        OWNER_POST,
        url=lambda w: f"/proposals/{p_in(w)}/do/shortlist/",
    ),
    Case(
        "GET", "/proposals/<int:proposal_id>/offer/", OWNER_PAGE, url=lambda w: f"/proposals/{p_in(w)}/offer/"
    ),
    Case("GET", "/offers/<int:offer_id>/", OWNER_PAGE, url=lambda w: f"/offers/{pk('offer_to_owner')(w)}/"),
    Case(
        "POST",
        "/offers/<int:offer_id>/do/<slug:action>/",
        OWNER_POST,
        url=lambda w: f"/offers/{pk('offer_to_owner')(w)}/do/accept/",
    ),
    Case(
        "POST",
        "/invitations/<int:invitation_id>/decline/",
        OWNER_POST,
        url=lambda w: f"/invitations/{pk('invitation')(w)}/decline/",
        data={"reason": "too_busy"},
    ),
    # API
    Case(
        "GET",
        "/api/v1/jobs/{job_id}/fee-preview",
        OWNER_API,
        url=lambda w: f"/api/v1/jobs/{pk('draft_job')(w)}/fee-preview?bid=100.00",
    ),
    Case(
        "POST",
        "/api/v1/jobs/{job_id}/proposals",
        API_CREATED,
        url=lambda w: f"/api/v1/jobs/{pk('public_job')(w)}/proposals",
        data=PROPOSAL_IN,
    ),
    Case(
        "GET",
        "/api/v1/jobs/{job_id}/proposals",
        OWNER_API,
        url=lambda w: f"/api/v1/jobs/{pk('client_job')(w)}/proposals",
    ),
    Case(
        "POST",
        "/api/v1/jobs/{job_id}/invitations",
        OWNER_API_CREATED,
        url=lambda w: f"/api/v1/jobs/{pk('client_job')(w)}/invitations",
        data=lambda w: {"freelancer_id": str(get(w, "theirs_job").client_id)},
    ),
    Case("GET", "/api/v1/proposals", API_SIGNED_IN),
    Case("GET", "/api/v1/proposals/{proposal_id}", OWNER_API, url=lambda w: f"/api/v1/proposals/{p_in(w)}"),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/withdraw",
        OWNER_API,
        url=lambda w: f"/api/v1/proposals/{pk('p_mine')(w)}/withdraw",
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/shortlist",
        OWNER_API,
        url=lambda w: f"/api/v1/proposals/{p_in(w)}/shortlist",
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/archive",
        OWNER_API,
        url=lambda w: f"/api/v1/proposals/{p_in(w)}/archive",
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/decline",
        OWNER_API,
        url=lambda w: f"/api/v1/proposals/{p_in(w)}/decline",
        data={"reason": "Not a fit"},
    ),
    Case(
        "GET",
        "/api/v1/proposals/{proposal_id}/messages",
        OWNER_API,
        url=lambda w: f"/api/v1/proposals/{p_in(w)}/messages",
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/messages",
        OWNER_API_CREATED,
        url=lambda w: f"/api/v1/proposals/{p_in(w)}/messages",
        data={"body": "Hello"},
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/offers",
        OWNER_API_CREATED,
        url=lambda w: f"/api/v1/proposals/{p_in(w)}/offers",
        data=HOURLY_OFFER,
    ),
    Case("GET", "/api/v1/offers", API_SIGNED_IN),
    Case(
        "GET",
        "/api/v1/offers/{offer_id}",
        OWNER_API,
        url=lambda w: f"/api/v1/offers/{pk('offer_to_owner')(w)}",
    ),
    Case(
        "POST",
        "/api/v1/offers/{offer_id}/accept",
        OWNER_API_CREATED,
        url=lambda w: f"/api/v1/offers/{pk('offer_to_owner')(w)}/accept",
    ),
    Case(
        "POST",
        "/api/v1/offers/{offer_id}/decline",
        OWNER_API,
        url=lambda w: f"/api/v1/offers/{pk('offer_to_owner')(w)}/decline",
        data={"reason": "No"},
    ),
    Case(
        "POST",
        "/api/v1/offers/{offer_id}/request-changes",
        OWNER_API,
        url=lambda w: f"/api/v1/offers/{pk('offer_to_owner')(w)}/request-changes",
        data={"note": "Higher rate, please"},
    ),
    Case(
        "POST",
        "/api/v1/offers/{offer_id}/withdraw",
        OWNER_API,
        url=lambda w: f"/api/v1/offers/{offer_by_owner(w)}/withdraw",
    ),
    Case("GET", "/api/v1/invitations", API_SIGNED_IN),
    Case(
        "POST",
        "/api/v1/invitations/{invitation_id}/decline",
        OWNER_API,
        url=lambda w: f"/api/v1/invitations/{pk('invitation')(w)}/decline",
        data={"reason": "too_busy"},
    ),
]

from hirehall.core.tests.authz import Case
from hirehall.proposals.tests.world import get, pk

SIGNED_IN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
SIGNED_IN_REDIRECT = {"anon": 302, "other": 302, "owner": 302, "staff": 302}
OWNER_PAGE = {"anon": 302, "other": 404, "owner": 200, "staff": 404}
DRAFT_PAGE = {"anon": 404, "other": 404, "owner": 200, "staff": 404}
EVERYONE = {"anon": 200, "other": 200, "owner": 200, "staff": 200}
OWNER_POST = {"anon": 302, "other": 404, "owner": 302, "staff": 404}
API_SIGNED_IN = {"anon": 401, "other": 200, "owner": 200, "staff": 200}
API_CREATED = {"anon": 401, "other": 201, "owner": 201, "staff": 201}
OWNER_API = {"anon": 401, "other": 404, "owner": 200, "staff": 404}

JOB_IN = {"title": "Matrix job title", "description": "Details", "fixed_budget": "100.00", "status": "draft"}

CASES: list[Case] = [
    # Visitors browse public jobs (applying needs sign-in); drafts stay the owner's (404 for anyone else).
    Case("GET", "/jobs/", EVERYONE),
    Case("GET", "/jobs/", SIGNED_IN, url="/jobs/?feed=best", note="the best-matches feed is personal"),
    Case("GET", "/jobs/mine/", SIGNED_IN),
    Case("GET", "/jobs/new/", SIGNED_IN),
    Case("GET", "/jobs/<int:job_id>/", DRAFT_PAGE, url=lambda w: f"/jobs/{pk('draft_job')(w)}/"),
    Case("GET", "/jobs/<int:job_id>/", EVERYONE, url=lambda w: f"/jobs/{pk('client_job')(w)}/"),
    Case(
        "GET",
        "/jobs/<int:job_id>/edit/<int:step>/",
        OWNER_PAGE,
        url=lambda w: f"/jobs/{pk('draft_job')(w)}/edit/3/",
    ),
    Case(
        "POST",
        "/jobs/<int:job_id>/publish/",
        OWNER_POST,
        url=lambda w: f"/jobs/{pk('draft_job')(w)}/publish/",
    ),
    Case(
        "POST",
        "/jobs/<int:job_id>/close/",
        OWNER_POST,
        url=lambda w: f"/jobs/{pk('client_job')(w)}/close/",
        data={"reason": "cancelled"},
    ),
    Case(
        "POST",
        "/jobs/<int:job_id>/attachments/",
        OWNER_POST,
        url=lambda w: f"/jobs/{pk('draft_job')(w)}/attachments/",
    ),
    Case(
        "GET",
        "/jobs/attachments/<int:attachment_id>/",
        OWNER_PAGE,
        url=lambda w: f"/jobs/attachments/{pk('attachment')(w)}/",
    ),
    Case("POST", "/jobs/saved-searches/", SIGNED_IN_REDIRECT, data={"name": "mine", "query": "q=django"}),
    Case(
        "GET",
        "/jobs/saved-searches/<int:saved_id>/",
        {"anon": 302, "other": 404, "owner": 302, "staff": 404},
        url=lambda w: f"/jobs/saved-searches/{pk('saved')(w)}/",
    ),
    Case(
        "POST",
        "/jobs/saved-searches/<int:saved_id>/delete/",
        OWNER_POST,
        url=lambda w: f"/jobs/saved-searches/{pk('saved')(w)}/delete/",
    ),
    # API
    Case("GET", "/api/v1/jobs", API_SIGNED_IN, url="/api/v1/jobs?q=pipeline&connects=6"),
    Case("GET", "/api/v1/jobs/best-matches", API_SIGNED_IN),
    Case("GET", "/api/v1/jobs/mine", API_SIGNED_IN),
    Case("POST", "/api/v1/jobs", API_CREATED, data=JOB_IN),
    Case("GET", "/api/v1/jobs/{job_id}", OWNER_API, url=lambda w: f"/api/v1/jobs/{pk('draft_job')(w)}"),
    Case(
        "PATCH",
        "/api/v1/jobs/{job_id}",
        OWNER_API,
        url=lambda w: f"/api/v1/jobs/{pk('draft_job')(w)}",
        data={"title": "A better title"},
    ),
    Case(
        "POST",
        "/api/v1/jobs/{job_id}/publish",
        OWNER_API,
        url=lambda w: f"/api/v1/jobs/{pk('draft_job')(w)}/publish",
    ),
    Case(
        "POST",
        "/api/v1/jobs/{job_id}/close",
        OWNER_API,
        url=lambda w: f"/api/v1/jobs/{pk('client_job')(w)}/close",
        data={"reason": "cancelled"},
    ),
    # The matrix posts JSON; the upload wants multipart, so everyone signed in gets 422 (auth first).
    Case(
        "POST",
        "/api/v1/jobs/{job_id}/attachments",
        {"anon": 401, "other": 422, "owner": 422, "staff": 422},
        url=lambda w: f"/api/v1/jobs/{pk('draft_job')(w)}/attachments",
        note="multipart endpoint",
    ),
    Case("GET", "/api/v1/saved-searches", API_SIGNED_IN),
    Case(
        "POST", "/api/v1/saved-searches", API_CREATED, data={"name": "api search", "filters": {"q": "python"}}
    ),
    Case(
        "DELETE",
        "/api/v1/saved-searches/{saved_id}",
        {"anon": 401, "other": 404, "owner": 204, "staff": 404},
        url=lambda w: f"/api/v1/saved-searches/{get(w, 'saved').pk}",
    ),
]

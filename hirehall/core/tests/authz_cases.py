from hirehall.core.tests.authz import Case

PUBLIC = {"anon": 200, "other": 200, "owner": 200, "staff": 200}

CASES: list[Case] = [
    # Signed-in visitors are sent on to their dashboard.
    Case("GET", "/", {"anon": 200, "other": 302, "owner": 302, "staff": 302}),
    Case("GET", "/healthz", PUBLIC),
    Case("GET", "/api/v1/openapi.json", PUBLIC),
    Case("GET", "/api/v1/docs", PUBLIC),
    Case("GET", "/^api/(?P<rest>.*)$", dict.fromkeys(PUBLIC, 404), url="/api/v2/unknown"),
    # Admin: staff only; everyone else is sent to the admin login.
    Case("GET", "/admin/", {"anon": 302, "other": 302, "owner": 302, "staff": 200}),
    Case("GET", "/admin/accounts/user/", {"anon": 302, "other": 302, "owner": 302, "staff": 200}),
    Case(
        "GET",
        "/admin/accounts/user/<path:object_id>/change/",
        {"anon": 302, "other": 302, "owner": 302, "staff": 200},
        url=lambda w: f"/admin/accounts/user/{w.owner.pk}/change/",
    ),
]

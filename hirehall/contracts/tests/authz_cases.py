from hirehall.core.tests.authz import Case
from hirehall.proposals.tests.world import contract_of_owner

CASES: list[Case] = [
    Case("GET", "/contracts/", {"anon": 302, "other": 200, "owner": 200, "staff": 200}),
    Case(
        "GET",
        "/contracts/<int:contract_id>/",
        {"anon": 302, "other": 404, "owner": 200, "staff": 404},
        url=lambda w: f"/contracts/{contract_of_owner(w).pk}/",
    ),
    Case("GET", "/api/v1/contracts", {"anon": 401, "other": 200, "owner": 200, "staff": 200}),
    Case(
        "GET",
        "/api/v1/contracts/{contract_id}",
        {"anon": 401, "other": 404, "owner": 200, "staff": 404},
        url=lambda w: f"/api/v1/contracts/{contract_of_owner(w).pk}",
    ),
]

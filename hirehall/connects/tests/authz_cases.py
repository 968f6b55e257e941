from hirehall.core.tests.authz import Case

SIGNED_IN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
SIGNED_IN_REDIRECT = {"anon": 302, "other": 302, "owner": 302, "staff": 302}
# An empty wallet: buying or subscribing is refused (409) for every signed-in caller.
API_REFUSED = {"anon": 401, "other": 409, "owner": 409, "staff": 409}

CASES: list[Case] = [
    Case("GET", "/connects/", SIGNED_IN),
    Case("POST", "/connects/buy/", SIGNED_IN_REDIRECT, data={"quantity": "10"}),
    Case("POST", "/connects/plus/", SIGNED_IN_REDIRECT),
    Case("POST", "/connects/plus/cancel/", SIGNED_IN_REDIRECT),
    Case("GET", "/api/v1/connects", {"anon": 401, "other": 200, "owner": 200, "staff": 200}),
    Case("POST", "/api/v1/connects/purchases", API_REFUSED, data={"quantity": 10}),
    Case("POST", "/api/v1/connects/plus", API_REFUSED, data={}),
    Case("POST", "/api/v1/connects/plus/cancel", API_REFUSED),
]

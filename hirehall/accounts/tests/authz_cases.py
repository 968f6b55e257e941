from hirehall.accounts.services import api_token_create
from hirehall.core.tests.authz import Case, World

SIGNED_IN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
SIGNED_IN_REDIRECT = {"anon": 302, "other": 302, "owner": 302, "staff": 302}
ANON_ONLY = {"anon": 200, "other": 302, "owner": 302, "staff": 302}
EVERYONE = {"anon": 200, "other": 200, "owner": 200, "staff": 200}
API_SIGNED_IN = {"anon": 401, "other": 200, "owner": 200, "staff": 200}
NO_AUTHENTICATOR_YET = {"anon": 302, "other": 404, "owner": 404, "staff": 404}
OWNER_ONLY_API = {"anon": 401, "other": 404, "owner": 200, "staff": 404}


def owner_token_id(w: World) -> int:
    token, _raw = api_token_create(actor=w.owner, name="matrix", scope="read")
    return token.pk


CASES: list[Case] = [
    # Hirehall's own account pages.
    Case("GET", "/settings/", SIGNED_IN),
    Case(
        "POST", "/settings/locale/", SIGNED_IN_REDIRECT, data={"language": "es", "timezone": "Europe/Madrid"}
    ),
    Case("POST", "/i18n/setlang/", SIGNED_IN_REDIRECT, data={"language": "es", "next": "/"}),
    Case("POST", "/settings/roles/", SIGNED_IN_REDIRECT, data={"role": "client"}),
    Case("POST", "/settings/tokens/", SIGNED_IN_REDIRECT, data={"name": "ci", "scope": "read"}),
    Case(
        "POST",
        "/settings/tokens/<int:token_id>/revoke/",
        {"anon": 302, "other": 404, "owner": 302, "staff": 404},
        url=lambda w: f"/settings/tokens/{owner_token_id(w)}/revoke/",
    ),
    # API.
    Case("GET", "/api/v1/me", API_SIGNED_IN),
    Case("GET", "/api/v1/me/tokens", API_SIGNED_IN),
    Case(
        "POST",
        "/api/v1/me/tokens",
        {**API_SIGNED_IN, "other": 201, "owner": 201, "staff": 201},
        data={"name": "x"},
    ),
    Case(
        "POST",
        "/api/v1/me/tokens/{token_id}/revoke",
        OWNER_ONLY_API,
        url=lambda w: f"/api/v1/me/tokens/{owner_token_id(w)}/revoke",
    ),
    # allauth: sign-in flows are for visitors; account management needs a session.
    Case("GET", "/accounts/login/", ANON_ONLY),
    Case("GET", "/accounts/signup/", ANON_ONLY),
    Case("GET", "/accounts/logout/", {"anon": 302, "other": 200, "owner": 200, "staff": 200}),
    Case("GET", "/accounts/inactive/", EVERYONE),
    Case("GET", "/accounts/reauthenticate/", SIGNED_IN),
    Case("GET", "/accounts/email/", SIGNED_IN),
    Case("GET", "/accounts/confirm-email/", EVERYONE),
    Case(
        "GET",
        "/accounts/^confirm-email/(?P<key>[-:\\w]+)/$",
        EVERYONE,
        url="/accounts/confirm-email/not-a-key/",
    ),
    Case("GET", "/accounts/password/change/", SIGNED_IN),
    Case("GET", "/accounts/password/set/", SIGNED_IN_REDIRECT),
    Case("GET", "/accounts/password/reset/", EVERYONE),
    Case("GET", "/accounts/password/reset/done/", EVERYONE),
    Case(
        "GET",
        "/accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        EVERYONE,
        url="/accounts/password/reset/key/1-not-a-key/",
    ),
    Case("GET", "/accounts/password/reset/key/done/", EVERYONE),
    Case("GET", "/accounts/login/code/confirm/", SIGNED_IN_REDIRECT),
    Case("GET", "/accounts/2fa/", SIGNED_IN),
    Case("GET", "/accounts/2fa/authenticate/", SIGNED_IN_REDIRECT),
    Case("GET", "/accounts/2fa/reauthenticate/", SIGNED_IN_REDIRECT),
    # Turning 2FA on asks for the password again (force_login is not a fresh sign-in).
    Case("GET", "/accounts/2fa/totp/activate/", SIGNED_IN_REDIRECT),
    Case("GET", "/accounts/2fa/totp/deactivate/", NO_AUTHENTICATOR_YET),
    Case("GET", "/accounts/2fa/recovery-codes/", NO_AUTHENTICATOR_YET),
    Case("GET", "/accounts/2fa/recovery-codes/download/", NO_AUTHENTICATOR_YET),
    Case("GET", "/accounts/2fa/recovery-codes/generate/", SIGNED_IN_REDIRECT),
]

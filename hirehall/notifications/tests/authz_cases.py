from hirehall.core.tests.authz import Case, World
from hirehall.notifications.services import notify

SIGNED_IN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
REDIRECT = {"anon": 302, "other": 302, "owner": 302, "staff": 302}
# Another user's notification is a 404, staff included: notifications are private.
OWN_ONLY = {"anon": 302, "other": 404, "owner": 302, "staff": 404}


def _owners_notification(w: World) -> int:
    if "notification" not in w.objects:
        row = notify(user=w.owner, kind="offer_received", title="An offer", url="/")
        assert row is not None
        w.objects["notification"] = row.pk
    return int(w.objects["notification"])


CASES: list[Case] = [
    Case("GET", "/notifications/", SIGNED_IN),
    Case(
        "POST",
        "/notifications/<int:pk>/read/",
        OWN_ONLY,
        url=lambda w: f"/notifications/{_owners_notification(w)}/read/",
    ),
    Case("POST", "/notifications/read-all/", REDIRECT),
    Case("GET", "/notifications/preferences/", SIGNED_IN),
]

API_SIGNED_IN = {"anon": 401, "other": 200, "owner": 200, "staff": 200}

CASES += [
    Case("GET", "/api/v1/notifications", API_SIGNED_IN),
    # Ids of other users' notifications are ignored (nothing marked), never an error that leaks them.
    Case(
        "POST",
        "/api/v1/notifications/read",
        API_SIGNED_IN,
        data=lambda w: {"ids": [str(_owners_notification(w))]},
    ),
    Case("GET", "/api/v1/me/notification-preferences", API_SIGNED_IN),
    Case(
        "PUT",
        "/api/v1/me/notification-preferences",
        API_SIGNED_IN,
        data={"preferences": [{"kind": "offer_received", "channel": "digest"}]},
    ),
]

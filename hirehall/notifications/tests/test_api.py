"""GET /api/v1/notifications, POST /api/v1/notifications/read, GET|PUT /api/v1/me/notification-preferences."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.notifications.models import Notification, NotificationPreference
from hirehall.notifications.services import notify

pytestmark = pytest.mark.django_db
LIST = "/api/v1/notifications"
READ = "/api/v1/notifications/read"
PREFS = "/api/v1/me/notification-preferences"


def _make(user, n: int, kind: str = "proposal_viewed") -> list:
    return [notify(user=user, kind=kind, title=f"Event {i}", url=f"/x/{i}/", ref=f"x:{i}") for i in range(n)]


def test_list_is_newest_first_with_unread_filter_and_cursor(api, user, other_user) -> None:
    rows = _make(user, 5)
    _make(other_user, 2)
    rows[0].read_at = rows[0].created_at
    rows[0].save(update_fields=["read_at"])
    body = api.get(LIST, limit=3).json()
    assert [i["title"] for i in body["items"]] == ["Event 4", "Event 3", "Event 2"]
    assert body["unread_count"] == 4 and body["next"]
    item = body["items"][0]
    assert item == {
        "id": str(rows[4].pk),
        "kind": "proposal_viewed",
        "title": "Event 4",
        "body": "",
        "url": "/x/4/",
        "ref": "x:4",
        "read": False,
        "read_at": None,
        "created_at": item["created_at"],
    }
    rest = api.get(LIST, limit=3, cursor=body["next"]).json()
    assert [i["title"] for i in rest["items"]] == ["Event 1", "Event 0"] and rest["next"] is None
    assert rest["items"][1]["read"] is True
    unread = api.get(LIST, unread="true").json()
    assert [i["title"] for i in unread["items"]] == ["Event 4", "Event 3", "Event 2", "Event 1"]


def test_another_users_notifications_are_never_visible(api, user, other_user) -> None:
    _make(other_user, 3)
    body = api.get(LIST).json()
    assert body == {"items": [], "next": None, "unread_count": 0}


def test_the_list_runs_a_constant_number_of_queries(api, user) -> None:
    _make(user, 1)
    api.get(LIST)  # the token's first use of the minute writes its last_used_at
    with CaptureQueriesContext(connection) as one:
        assert api.get(LIST).status_code == 200
    _make(user, 30, kind="offer_received")
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(LIST, limit=50).json()["items"]) == 31
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize("cursor", ["nope", "cGs6LTE", "%00", "x" * 5000])
def test_a_bad_cursor_is_a_400(api, user, cursor) -> None:
    response = api.get(LIST, cursor=cursor)
    assert response.status_code == 400 and response.json()["code"] == "bad_request"


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "10000"}, {"limit": "x"}, {"unread": "maybe"}])
def test_bad_query_parameters_are_4xx(api, user, params) -> None:
    assert api.get(LIST, **params).status_code in (400, 422)


def test_mark_read_by_ids_ignores_other_users_ids(api, user, other_user) -> None:
    mine = _make(user, 3)
    theirs = _make(other_user, 1)[0]
    body = api.post(READ, {"ids": [str(mine[0].pk), str(mine[1].pk), str(theirs.pk), "999999"]}).json()
    assert body == {"marked": 2, "unread_count": 1}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert api.post(READ, {"ids": [str(mine[0].pk)]}).json() == {"marked": 0, "unread_count": 1}


def test_mark_all_read(api, user, other_user) -> None:
    _make(user, 3)
    _make(other_user, 2)
    assert api.post(READ, {"all": True}).json() == {"marked": 3, "unread_count": 0}
    assert Notification.objects.filter(user=other_user, read_at__isnull=True).count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {"ids": [1]},  # ids are strings
        {"ids": ["abc"]},
        {"ids": ["1" * 40]},
        {"ids": [str(i) for i in range(1, 600)]},
        {"ids": "1"},
        {"all": "yes please"},
        {"ids": ["1\u0000"]},
        [],
    ],
)
def test_bad_mark_read_bodies_are_422_and_change_nothing(api, user, body) -> None:
    _make(user, 2)
    response = api.post(READ, body)
    assert response.status_code in (400, 422), response.content
    assert response.json()["code"]
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_malformed_json_is_400(api, user) -> None:
    response = api.client.post(READ, "{not json", content_type="application/json", headers=api.headers())
    assert response.status_code == 400


def test_preferences_get_and_put(api, user, other_user) -> None:
    body = api.get(PREFS).json()
    by_kind = {p["kind"]: p for p in body["preferences"]}
    assert by_kind["offer_received"] == {
        "kind": "offer_received",
        "label": "You received an offer",
        "group": "Jobs and proposals",
        "channel": "email",
        "default": "email",
    }
    assert {"new_message", "feedback_due", "badge_changed", "jss_changed"} <= set(by_kind)
    changed = api.request(
        "PUT",
        PREFS,
        {
            "preferences": [
                {"kind": "offer_received", "channel": "off"},
                {"kind": "jss_changed", "channel": "digest"},
            ]
        },
    )
    assert changed.status_code == 200
    now = {p["kind"]: p["channel"] for p in changed.json()["preferences"]}
    assert now["offer_received"] == "off" and now["jss_changed"] == "digest" and now["new_message"] == "email"
    assert notify(user=user, kind="offer_received", title="x") is None
    assert notify(user=other_user, kind="offer_received", title="x") is not None  # theirs unchanged


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"preferences": [{"kind": "offer_received", "channel": "loud"}]}, "validation_error"),
        (
            {
                "preferences": [
                    {"kind": "offer_received", "channel": "off"},
                    {"kind": "nope", "channel": "off"},
                ]
            },
            "unknown_notification_kind",
        ),
        ({"preferences": [{"kind": "x" * 500, "channel": "off"}]}, "validation_error"),
        ({"preferences": "all"}, "validation_error"),
        ({"preferences": [{"kind": "offer\u0000", "channel": "off"}]}, None),
    ],
)
def test_bad_preferences_are_422_and_change_nothing(api, user, body, code) -> None:
    response = api.request("PUT", PREFS, body)
    assert response.status_code in (400, 422), response.content
    if code:
        assert response.json()["code"] == code
    assert not NotificationPreference.objects.exists()


def test_a_read_token_can_list_but_not_write(api_client_for, user) -> None:
    reader = api_client_for(user, scope="read")
    assert reader.get(LIST).status_code == 200
    assert reader.post(READ, {"all": True}).status_code == 403
    assert reader.request("PUT", PREFS, {"preferences": []}).status_code == 403

"""The bell, the list page (mark read with htmx) and the preferences page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hirehall.notifications.models import Notification, NotificationPreference
from hirehall.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _make(user, n: int, kind: str = "offer_received") -> list:
    return [
        notify(user=user, kind=kind, title=f"Offer {i}", body="Body", url="/dashboard/") for i in range(n)
    ]


def test_the_bell_shows_the_unread_count_on_every_page(browser, user, other_user) -> None:
    page = browser.get("/dashboard/").content.decode()
    assert 'data-testid="bell"' in page and 'data-testid="bell-count"' not in page
    _make(user, 3)
    _make(other_user, 5)
    page = browser.get("/dashboard/").content.decode()
    assert 'aria-label="Notifications, 3 unread"' in page
    assert '<span class="bell-count" data-testid="bell-count">3</span>' in page


def test_the_bell_caps_at_99(browser, user) -> None:
    Notification.objects.bulk_create(
        Notification(user=user, kind="offer_received", title="x", created_at=n.created_at)
        for n in _make(user, 1) * 120
    )
    assert (
        '<span class="bell-count" data-testid="bell-count">99+</span>'
        in browser.get("/dashboard/").content.decode()
    )


def test_anonymous_visitors_have_no_bell(client) -> None:
    assert 'data-testid="bell"' not in client.get("/accounts/login/").content.decode()


def test_the_list_shows_only_my_notifications_newest_first(browser, user, other_user) -> None:
    _make(user, 2)
    notify(user=other_user, kind="offer_received", title="Secret offer")
    page = browser.get("/notifications/").content.decode()
    assert page.index("Offer 1") < page.index("Offer 0") and "Secret offer" not in page
    assert "You received an offer" in page  # the kind's label


def test_the_list_page_runs_a_constant_number_of_queries(browser, user) -> None:
    _make(user, 1)
    browser.get("/notifications/")
    with CaptureQueriesContext(connection) as one:
        assert browser.get("/notifications/").status_code == 200
    _make(user, 25, kind="milestone_submitted")
    with CaptureQueriesContext(connection) as many:
        assert browser.get("/notifications/").content.decode().count('data-testid="notification"') == 26
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_unread_filter_and_paging(browser, user) -> None:
    rows = _make(user, 35)
    browser.post(f"/notifications/{rows[34].pk}/read/")
    page = browser.get("/notifications/?unread=1").content.decode()
    assert "Offer 34" not in page and "Offer 33" in page and "Older notifications" in page
    first = browser.get("/notifications/").content.decode()
    assert first.count('data-testid="notification"') == 30
    cursor = first.split("?cursor=")[1].split('"')[0]
    older = browser.get(f"/notifications/?cursor={cursor}").content.decode()
    assert older.count('data-testid="notification"') == 5 and "Offer 0" in older


def test_a_forged_cursor_shows_the_first_page(browser, user) -> None:
    _make(user, 1)
    response = browser.get("/notifications/?cursor=garbage")
    assert response.status_code == 200 and "Offer 0" in response.content.decode()
    assert browser.get("/notifications/?cursor=%00").status_code == 422  # NUL: refused by the request guard


def test_mark_read_with_htmx_swaps_the_item(browser, user) -> None:
    [row] = _make(user, 1)
    response = browser.post(f"/notifications/{row.pk}/read/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["HX-Trigger"] == "notifications-changed"
    html = response.content.decode()
    assert (
        html.lstrip().startswith(f'<li class="notification" id="notification-{row.pk}"')
        and "Mark read" not in html
    )
    row.refresh_from_db()
    assert row.read_at is not None


def test_mark_read_without_htmx_redirects(browser, user) -> None:
    [row] = _make(user, 1)
    response = browser.post(f"/notifications/{row.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_another_users_notification_is_a_404_and_stays_unread(browser, other_user) -> None:
    [theirs] = _make(other_user, 1)
    assert browser.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert browser.post("/notifications/99999999999999999999/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(browser, user, other_user) -> None:
    _make(user, 3)
    _make(other_user, 1)
    response = browser.post("/notifications/read-all/", follow=True)
    assert "Marked 3 notifications read." in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_preferences_page_saves_every_choice(browser, user) -> None:
    page = browser.get("/notifications/preferences/").content.decode()
    assert "Jobs and proposals" in page and "A new message" in page and "daily summary" in page
    form = {"offer_received": "off", "new_message": "digest"}
    from hirehall.notifications import kinds

    data = {k.key: k.default.value for k in kinds.all_kinds()} | form
    response = browser.post("/notifications/preferences/", data, follow=True)
    assert "Your notification settings are saved." in response.content.decode()
    saved = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    assert saved["offer_received"] == "off" and saved["new_message"] == "digest"
    assert notify(user=user, kind="offer_received", title="x") is None


def test_bad_preferences_form_is_422_and_changes_nothing(browser, user) -> None:
    response = browser.post("/notifications/preferences/", {"offer_received": "loud\x00"})
    assert response.status_code in (400, 422)
    assert not NotificationPreference.objects.exists()

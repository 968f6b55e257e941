"""notify(): every kind, every channel, after-commit email, idempotency keys, the daily digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import override_settings

from hirehall.core.sweeps_registry import registered_sweeps, run_sweeps
from hirehall.notifications import kinds
from hirehall.notifications.emails import render_notification
from hirehall.notifications.kinds import Channel
from hirehall.notifications.models import EmailState, Notification, NotificationPreference
from hirehall.notifications.services import (
    notification_email_deliver,
    notification_preferences_set,
    notifications_mark_read,
    notify,
)

pytestmark = pytest.mark.django_db
ALL_KINDS = [k.key for k in kinds.all_kinds()]
DESIGN_10_EVENTS = {  # DESIGN §10's list, each mapped to at least one kind
    "proposal viewed": "proposal_viewed",
    "offer": "offer_received",
    "milestone submitted": "milestone_submitted",
    "auto-release coming": "auto_release_coming",
    "invoice": "invoice_issued",
    "dispute deadline": "dispute_deadline",
    "money available": "money_available",
    "feedback due": "feedback_due",
    "job expiring": "job_expiring",
    "Connects granted": "connects_granted",
    "Connects returned": "connects_returned",
    "badge change": "badge_changed",
    "JSS change": "jss_changed",
    "new message": "new_message",
}


def _notify(user, kind="offer_received", **extra):
    fields = {"title": "You received an offer", "body": "From Ann", "url": "/offers/1/", **extra}
    return notify(user=user, kind=kind, **fields)


def test_the_registry_lists_every_design_10_event() -> None:
    assert set(DESIGN_10_EVENTS.values()) <= set(ALL_KINDS)
    assert {"offer_accepted", "offer_declined", "dispute_opened", "dispute_decided"} <= set(ALL_KINDS)


def test_an_unknown_kind_is_a_programming_error(user) -> None:
    with pytest.raises(ValueError, match="unknown notification kind"):
        notify(user=user, kind="nope", title="x")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_notifies_the_user_by_its_default_channel(
    kind, user, other_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = _notify(user, kind, title=f"Event {kind}")
    assert row is not None and row.user == user and row.kind == kind and row.read_at is None
    assert not Notification.objects.filter(user=other_user).exists()
    default = kinds.get(kind).default
    if default == Channel.EMAIL:
        assert [m.to for m in mail.outbox] == [[user.email]]
        assert mail.outbox[0].subject == f"[Hirehall] Event {kind}"
        row.refresh_from_db()
        assert row.email_state == EmailState.SENT and row.emailed_at is not None
    else:
        assert mail.outbox == []


@pytest.mark.parametrize("kind", ALL_KINDS)
@pytest.mark.parametrize("channel", list(Channel))
def test_every_kind_honours_every_channel(kind, channel, user, django_capture_on_commit_callbacks):
    notification_preferences_set(actor=user, choices={kind: channel.value})
    with django_capture_on_commit_callbacks(execute=True):
        row = _notify(user, kind)
    if channel == Channel.OFF:
        assert row is None and not Notification.objects.exists()
    else:
        assert Notification.objects.filter(user=user, kind=kind).count() == 1
    assert len(mail.outbox) == (1 if channel == Channel.EMAIL else 0)
    expected = {Channel.EMAIL: "sent", Channel.DIGEST: "digest", Channel.IN_APP: "none"}
    if row is not None:
        row.refresh_from_db()
        assert row.email_state == expected[channel]


def test_a_preference_is_per_user_and_per_kind(user, other_user, django_capture_on_commit_callbacks):
    notification_preferences_set(actor=user, choices={"offer_received": "off"})
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(user) is None
        assert _notify(other_user) is not None
        assert _notify(user, "offer_accepted") is not None
    assert [m.to for m in mail.outbox] == [[other_user.email], [user.email]]


def test_a_rolled_back_event_stores_nothing_and_sends_nothing(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _notify(user)
        raise RuntimeError("the action failed")
    assert not Notification.objects.exists() and mail.outbox == []


def test_the_email_waits_for_commit(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _notify(user)
        assert mail.outbox == []
    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_a_key_makes_notify_idempotent(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(user, key="milestone:1:warn")
        again = _notify(user, key="milestone:1:warn")
    assert first is not None and again is None
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_the_email_is_sent_once_even_if_the_task_runs_twice(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = _notify(user)
    assert notification_email_deliver(notification_id=row.pk) is False
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_is_recorded(user, django_capture_on_commit_callbacks, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        row = _notify(user)
    row.refresh_from_db()
    assert row.email_state == EmailState.FAILED and mail.outbox == []


def test_inactive_users_get_the_row_but_no_email(user_factory, django_capture_on_commit_callbacks):
    gone = user_factory("gone@example.com", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        row = _notify(gone)
    assert row is not None and row.email_state == EmailState.NONE and mail.outbox == []


def test_urls_must_be_paths_on_this_site(user) -> None:
    assert _notify(user, url="https://evil.example/phish").url == ""
    assert _notify(user, url="//evil.example/").url == ""
    assert _notify(user, url="/contracts/1/").url == "/contracts/1/"


def test_long_titles_and_bodies_are_cut_to_fit(user) -> None:
    row = _notify(user, title="t " * 300, body="b" * 5000)
    row.refresh_from_db()
    assert len(row.title) == 200 and len(row.body) == 2000


def test_mark_read_touches_only_the_actors_rows(user, other_user) -> None:
    mine, theirs = _notify(user), _notify(other_user)
    assert notifications_mark_read(actor=user, ids=[mine.pk, theirs.pk]) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    _notify(user)
    _notify(user)
    assert notifications_mark_read(actor=user, all=True) == 2
    assert notifications_mark_read(actor=user, all=True) == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_preferences_refuse_unknown_kinds_and_channels_and_change_nothing(user) -> None:
    from hirehall.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        notification_preferences_set(actor=user, choices={"offer_received": "off", "nope": "off"})
    assert exc.value.code == "unknown_notification_kind"
    with pytest.raises(DomainError) as exc:
        notification_preferences_set(actor=user, choices={"offer_received": "loud"})
    assert exc.value.code == "validation_error"
    assert not NotificationPreference.objects.exists()


# --- emails --------------------------------------------------------------------------------------
@override_settings(HIREHALL_SITE_NAME="Acme Talent", HIREHALL_BASE_URL="https://talent.example")
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_renders_html_and_text_with_the_site_name(kind, user) -> None:
    row = _notify(user, kind, title="Title <b>here</b>", body="Body & more", url="/somewhere/")
    rendered = render_notification(row, user)
    assert rendered.subject == "[Acme Talent] Title <b>here</b>"
    for part in (rendered.text, rendered.html):
        assert "Acme Talent" in part and "https://talent.example/somewhere/" in part
        assert "https://talent.example/notifications/preferences/" in part
        assert kinds.get(kind).action in part
        assert "127.0.0.1" not in part
    # The kind's own template is used: its lead sentence differs from every other kind's.
    assert "Title <b>here</b>" in rendered.text and "Body & more" in rendered.text
    assert "Title &lt;b&gt;here&lt;/b&gt;" in rendered.html and "<b>here" not in rendered.html
    assert rendered.html.lstrip().startswith("<!DOCTYPE html>")


def test_each_kind_has_its_own_lead_sentence(user) -> None:
    leads = set()
    for kind in ALL_KINDS:
        row = _notify(user, kind, title="Same title", body="")
        leads.add(render_notification(row, user).text)
    assert len(leads) == len(ALL_KINDS)


def test_the_sent_email_has_both_parts(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    message = mail.outbox[0]
    assert "From Ann" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and "From Ann" in html


# --- the daily digest -----------------------------------------------------------------------------
DAY = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _sweep(now, capture):
    with capture(execute=True):
        results = run_sweeps(now, only="notifications.daily_digest")
    assert [r.error for r in results] == [None]
    return results[0].processed


def test_the_digest_sweep_is_registered() -> None:
    assert "notifications.daily_digest" in registered_sweeps()


def test_the_daily_digest_sends_yesterdays_notifications_once(
    user, other_user, django_capture_on_commit_callbacks
):
    notification_preferences_set(
        actor=user, choices={"offer_received": "digest", "milestone_submitted": "digest"}
    )
    with time_machine.travel(DAY, tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            _notify(user, title="Offer one")
            _notify(user, "milestone_submitted", title="Work in")
            _notify(other_user, title="Not a digest user")  # email right away
        assert [m.to for m in mail.outbox] == [[other_user.email]]
        assert _sweep(DAY + timedelta(hours=14), django_capture_on_commit_callbacks) == 0  # same day
        traveller.move_to(DAY + timedelta(hours=10))
        _notify(user, title="Late one")  # 19:00: still the same day, in the same digest
        midnight = datetime(2026, 3, 11, 0, 0, tzinfo=UTC)
        traveller.move_to(midnight + timedelta(minutes=5))
        _notify(user, title="Next day")  # after midnight: tomorrow's digest
        assert _sweep(midnight + timedelta(minutes=5), django_capture_on_commit_callbacks) == 1
        assert _sweep(midnight + timedelta(minutes=6), django_capture_on_commit_callbacks) == 0
    digest = mail.outbox[-1]
    assert len(mail.outbox) == 2 and digest.to == [user.email]
    assert digest.subject == "[Hirehall] Your daily summary: 3 notifications"
    for title in ("Offer one", "Work in", "Late one"):
        assert title in digest.body and title in digest.alternatives[0][0]
    assert "Next day" not in digest.body
    assert Notification.objects.filter(email_state=EmailState.DIGEST).count() == 1


def test_the_digest_skips_inactive_users(user_factory, django_capture_on_commit_callbacks):
    gone = user_factory("gone@example.com")
    notification_preferences_set(actor=gone, choices={"offer_received": "digest"})
    with time_machine.travel(DAY, tick=False):
        _notify(gone)
    gone.is_active = False  # closed the account before the digest went out
    gone.save(update_fields=["is_active"])
    assert _sweep(DAY + timedelta(days=1), django_capture_on_commit_callbacks) == 1
    assert mail.outbox == [] and not Notification.objects.filter(email_state=EmailState.DIGEST).exists()

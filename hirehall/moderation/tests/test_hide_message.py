"""Staff hide a message from the console: both members see "Removed by Hirehall staff" (web and API:
`hidden: true`, no body, no files), the sender is told why in the app and by email, the audit log
has the before/after, staff still read the original; nobody else can hide."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from hirehall.jobs.testing import open_job
from hirehall.messaging import services as messaging_services
from hirehall.messaging.models import Message
from hirehall.messaging.tests.helpers import png
from hirehall.moderation.models import Flag, StaffAction
from hirehall.notifications.models import Notification
from hirehall.proposals.tests.helpers import apply

pytestmark = pytest.mark.django_db
LEAK = "Let's move this to WhatsApp +44 7700 900123, cheaper without the fee."
REASON = "Sharing a phone number before a contract: keep the conversation on Hirehall."
PLACEHOLDER = "Removed by Hirehall staff"


@pytest.fixture
def staff(user_factory):
    return user_factory("hide-staff@example.com", is_staff=True)


@pytest.fixture
def interview(user_factory):
    """A client and a freelancer without a contract; the client wrote first, the freelancer sent a
    flagged message (warned, sent anyway) with a file."""
    client, freelancer = user_factory("hc@example.com"), user_factory("hf@example.com")
    proposal = apply(freelancer, open_job(client, title="Hide pipeline"))
    room = messaging_services.room_for_proposal(actor=client, proposal=proposal)
    messaging_services.message_send(actor=client, room=room, body="Hello, tell me more.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        flagged = messaging_services.message_send(
            actor=freelancer, room=room, body=LEAK, files=[png()], acknowledge_warning=True
        )
    return client, freelancer, room, flagged


def _browser(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_staff_hide_from_the_console_hides_it_for_both_sides(interview, staff, api_client_for) -> None:
    client, freelancer, room, message = interview
    flag = Flag.objects.get(source="message", object_id=message.pk)
    file_id = message.attachments.get().pk
    console = _browser(staff)
    assert f"/staff/messages/{message.pk}/" in console.get("/staff/").content.decode()  # from the queue
    context = console.get(f"/staff/messages/{message.pk}/").content.decode()
    assert "+44 7700 900123" in context and "Hello, tell me more." in context  # the item in context

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = console.post(f"/staff/messages/{message.pk}/hide/", {"reason": REASON})
    assert response.status_code == 302

    # Both members: a placeholder on the web and `hidden: true` without the text or files in the API.
    for member in (client, freelancer):
        page = _browser(member).get(f"/messages/{room.pk}/").content.decode()
        assert PLACEHOLDER in page and "7700 900123" not in page
        assert (REASON in page) == (member == freelancer)  # the sender reads why, in the room too
        items = api_client_for(member).get(f"/api/v1/conversations/{room.pk}/messages").json()["items"]
        hidden = next(i for i in items if i["id"] == str(message.pk))
        assert hidden["hidden"] is True and hidden["body"] == "" and hidden["attachments"] == []
        assert all(i["hidden"] is False for i in items if i["id"] != str(message.pk))
        assert _browser(member).get(f"/messages/files/{file_id}/").status_code == 404
        assert api_client_for(member).get("/api/v1/messages/search", q="WhatsApp").json() == []
    assert "7700" not in _browser(client).get("/messages/").content.decode()  # the inbox preview

    # The sender is told why, in the app and by email.
    notice = Notification.objects.get(user=freelancer, kind="moderation_notice")
    assert notice.body == REASON
    assert any(REASON in m.body and freelancer.email in m.to for m in mail.outbox)
    standing = _browser(freelancer).get("/settings/standing/").content.decode()
    assert "A message removed from the conversation" in standing and REASON in standing
    assert REASON not in _browser(client).get("/settings/standing/").content.decode()
    # Audited with before/after; the flag is worked; staff still read the original.
    entry = StaffAction.objects.get(action="hide_message")
    assert (entry.actor, entry.target_user, entry.target_ref, entry.reason) == (
        staff,
        freelancer,
        f"message:{message.pk}",
        REASON,
    )
    assert entry.before["hidden"] is False and LEAK in entry.before["body"]
    assert entry.after["hidden"] is True and entry.after["hidden_at"]
    flag.refresh_from_db()
    assert flag.status == "actioned"
    context = console.get(f"/staff/messages/{message.pk}/").content.decode()
    assert "+44 7700 900123" in context and 'data-testid="staff-message-hidden"' in context
    assert REASON in console.get("/staff/audit/").content.decode()

    # A hidden message is not edited back nor hidden twice.
    edit = api_client_for(freelancer).patch(
        f"/api/v1/conversations/{room.pk}/messages/{message.pk}", {"body": "innocent"}
    )
    assert edit.status_code == 409 and edit.json()["code"] == "message_hidden"
    again = api_client_for(staff).post(
        f"/api/v1/staff/moderation/messages/{message.pk}/hide", {"reason": REASON}
    )
    assert again.status_code == 409 and StaffAction.objects.count() == 1
    assert Message.objects.get(pk=message.pk).body == LEAK  # the row keeps the original


def test_hide_through_the_api(interview, staff, api_client_for) -> None:
    _, _, _, message = interview
    response = api_client_for(staff).post(
        f"/api/v1/staff/moderation/messages/{message.pk}/hide", {"reason": REASON}
    )
    assert response.status_code == 201 and response.json()["action"] == "hide_message"
    assert Message.objects.get(pk=message.pk).hidden_at is not None


def test_members_and_strangers_cannot_hide(interview, user_factory, api_client_for) -> None:
    client, freelancer, _, message = interview
    for user in (client, freelancer, user_factory("stranger@example.com")):
        assert _browser(user).post(f"/staff/messages/{message.pk}/hide/", {"reason": "x"}).status_code == 404
        assert _browser(user).get(f"/staff/messages/{message.pk}/").status_code == 404
        api = api_client_for(user)
        assert (
            api.post(f"/api/v1/staff/moderation/messages/{message.pk}/hide", {"reason": "x"}).status_code
            == 404
        )
    assert Message.objects.get(pk=message.pk).hidden_at is None and not StaffAction.objects.exists()


def test_hide_refuses_bad_input_and_changes_nothing(interview, staff, api_client_for) -> None:
    _, _, _, message = interview
    api = api_client_for(staff)
    for reason in ("   ", "a\x00b", "x" * 1001):
        response = api.post(f"/api/v1/staff/moderation/messages/{message.pk}/hide", {"reason": reason})
        assert 400 <= response.status_code < 500 and response.json()["code"], reason
    assert api.post("/api/v1/staff/moderation/messages/999999999/hide", {"reason": "x"}).status_code == 404
    assert Message.objects.get(pk=message.pk).hidden_at is None and not StaffAction.objects.exists()


def test_message_in_context_runs_a_constant_number_of_queries(interview, staff) -> None:
    client, _, room, message = interview
    messaging_services.message_send(actor=client, room=room, body="After it")  # both sides non-empty
    console = _browser(staff)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert console.get(f"/staff/messages/{message.pk}/").status_code == 200
        return len(ctx.captured_queries)

    count()
    few = count()
    for i in range(15):
        messaging_services.message_send(actor=client, room=room, body=f"Question {i}", files=[png()])
    assert count() == few

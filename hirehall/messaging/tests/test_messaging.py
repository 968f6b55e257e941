"""Messaging (DESIGN §10, issue 11): membership, unread counts, rate limit, edit window, files,
the off-platform warning, the proposal interview rules, archive, search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.core.errors import DomainError
from hirehall.jobs.models import Job
from hirehall.jobs.testing import open_job
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.messaging import selectors, services
from hirehall.messaging.models import Attachment, Message, Room
from hirehall.messaging.signals import message_sent
from hirehall.messaging.testing import say
from hirehall.messaging.tests.helpers import pdf, png
from hirehall.proposals.models import Proposal
from hirehall.proposals.services import proposal_withdraw
from hirehall.proposals.testing import fixed_contract
from hirehall.proposals.tests.helpers import apply

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CONTACT = "Let's move this off the site: mail me at john dot smith at gmail dot com"


@pytest.fixture
def interview(user_factory):
    """A client and a freelancer in the interview room of a proposal (no contract between them)."""
    client, freelancer = user_factory(name="Cleo Client"), user_factory(name="Fred Freelancer")
    proposal = apply(freelancer, open_job(client))
    room = services.room_for_proposal(actor=client, proposal=proposal)
    return client, freelancer, proposal, room


@pytest.fixture
def contract_room(user_factory):
    client, freelancer = user_factory(name="Cleo Client"), user_factory(name="Fred Freelancer")
    fund_wallet(client, 2_000_00)
    contract = fixed_contract(client, freelancer, (300_00,))
    return client, freelancer, contract, services.room_for_contract(actor=client, contract=contract)


def send(actor, room, body="Hello", **kw):
    return services.message_send(actor=actor, room=room, body=body, **kw)


# --- membership -----------------------------------------------------------------------------------
def test_non_member_gets_404_for_room_messages_and_files(interview, user_factory, client, api_client_for):
    owner, _, _, room = interview
    message = send(owner, room, "With a file", files=[pdf()])
    attachment = message.attachments.get()
    stranger = user_factory()
    staff = user_factory(is_staff=True, is_superuser=True)
    for outsider in (stranger, staff):
        client.force_login(outsider)
        for url in (
            f"/messages/{room.pk}/",
            f"/messages/{room.pk}/poll/?after=0",
            f"/messages/files/{attachment.pk}/",
        ):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/messages/{room.pk}/send/", {"body": "hi"}).status_code == 404
        api = api_client_for(outsider)
        assert api.get(f"/api/v1/conversations/{room.pk}/messages").status_code == 404
        assert api.get(f"/api/v1/conversations/{room.pk}/files/{attachment.pk}").status_code == 404
        assert api.post(f"/api/v1/conversations/{room.pk}/messages", {"body": "hi"}).status_code == 404
        assert api.post(f"/api/v1/conversations/{room.pk}/read").status_code == 404
        assert api.get("/api/v1/conversations").json()["items"] == []
    assert Message.objects.filter(room=room).count() == 1  # nothing was sent by outsiders
    # The member downloads it: a document is an attachment download, never rendered inline.
    client.force_login(owner)
    response = client.get(f"/messages/files/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_room_services_refuse_outsiders(interview, user_factory) -> None:
    _, _, proposal, room = interview
    stranger = user_factory()
    with pytest.raises(DomainError) as refused:
        services.room_for_proposal(actor=stranger, proposal=proposal)
    assert refused.value.code == "not_found"
    with pytest.raises(DomainError) as refused:
        send(stranger, room)
    assert refused.value.code == "not_found"


# --- unread counts and read state ------------------------------------------------------------------
def test_unread_counts_across_two_users(contract_room, api_client_for, client) -> None:
    c, f, contract, room = contract_room
    send(c, room, "One")
    send(c, room, "Two")
    capi, fapi = api_client_for(c), api_client_for(f)
    body = fapi.get("/api/v1/conversations").json()
    assert body["unread_total"] == 2
    assert [(i["id"], i["unread"]) for i in body["items"]] == [(str(room.pk), 2)]
    assert capi.get("/api/v1/conversations").json()["unread_total"] == 0  # own messages are read
    only_unread = fapi.get("/api/v1/conversations", unread="true").json()["items"]
    assert only_unread[0]["contract_id"] == str(contract.pk)
    assert capi.get("/api/v1/conversations", unread="true").json()["items"] == []
    # The header badge shows the same number.
    client.force_login(f)
    assert '<span data-testid="unread-number">2</span>' in client.get("/messages/unread/").content.decode()
    # Reading the room clears the freelancer's count, not the client's state.
    read = fapi.post(f"/api/v1/conversations/{room.pk}/read").json()
    assert (read["unread"], read["unread_total"]) == (0, 0)
    send(f, room, "Three")
    assert capi.get("/api/v1/conversations").json()["unread_total"] == 1
    assert fapi.get("/api/v1/conversations").json()["unread_total"] == 0
    # Opening the room page marks it read too.
    client.force_login(c)
    assert client.get(f"/messages/{room.pk}/").status_code == 200
    assert selectors.unread_total(c) == 0


def test_archived_rooms_leave_the_inbox_until_a_new_message(contract_room, api_client_for) -> None:
    c, f, _, room = contract_room
    send(c, room, "Hi")
    fapi = api_client_for(f)
    assert fapi.post(f"/api/v1/conversations/{room.pk}/archive", {"archived": True}).status_code == 204
    assert fapi.get("/api/v1/conversations").json()["items"] == []
    archived = fapi.get("/api/v1/conversations", archived="true").json()["items"]
    assert [i["id"] for i in archived] == [str(room.pk)]
    assert selectors.unread_total(f) == 0  # archived rooms do not count in the header
    send(c, room, "Are you there?")
    assert [i["archived"] for i in fapi.get("/api/v1/conversations").json()["items"]] == [False]
    assert selectors.unread_total(f) == 2


# --- rate limit -----------------------------------------------------------------------------------
def test_rate_limit_is_a_clear_429_and_sends_nothing(contract_room, api_client_for, client, settings) -> None:
    settings.MESSAGING_RATE_LIMIT_COUNT = 3
    settings.MESSAGING_RATE_LIMIT_SECONDS = 60
    c, _, _, room = contract_room
    api = api_client_for(c)
    url = f"/api/v1/conversations/{room.pk}/messages"
    with time_machine.travel(T0, tick=False) as clock:
        for i in range(3):
            assert api.post(url, {"body": f"m{i}"}).status_code == 201
        clock.shift(timedelta(seconds=20))
        refused = api.post(url, {"body": "too many"})
        assert refused.status_code == 429
        assert refused["Content-Type"].startswith("application/problem+json")
        assert (refused.json()["code"], refused.json()["retry_after"]) == ("message_rate_limited", 40)
        client.force_login(c)
        web = client.post(f"/messages/{room.pk}/send/", {"body": "web too"}, headers={"HX-Request": "true"})
        assert web.status_code == 429 and web["Retry-After"] == "40"
        assert 'data-code="message_rate_limited"' in web.content.decode()
        assert Message.objects.filter(room=room).count() == 3
        clock.shift(timedelta(seconds=41))  # the first message left the window
        assert api.post(url, {"body": "again"}).status_code == 201


# --- edit window ----------------------------------------------------------------------------------
def test_edit_within_ten_minutes_only_by_the_sender(contract_room, api_client_for) -> None:
    c, f, _, room = contract_room
    with time_machine.travel(T0, tick=False) as clock:
        message = send(c, room, "Frist draft")
        url = f"/api/v1/conversations/{room.pk}/messages/{message.pk}"
        assert api_client_for(f).patch(url, {"body": "hijack"}).status_code == 403
        clock.shift(timedelta(minutes=10))
        edited = api_client_for(c).patch(url, {"body": "First draft"})
        assert edited.status_code == 200 and edited.json()["edited_at"] is not None
        clock.shift(timedelta(seconds=1))
        late = api_client_for(c).patch(url, {"body": "Too late"})
        assert (late.status_code, late.json()["code"]) == (409, "edit_window_closed")
    message.refresh_from_db()
    assert message.body == "First draft"


# --- off-platform warning -------------------------------------------------------------------------
def test_contact_details_warn_before_sending_until_a_contract(
    interview, api_client_for, django_capture_on_commit_callbacks
) -> None:
    client_user, freelancer, _, room = interview
    received = []

    def listener(**kwargs):
        received.append(kwargs)

    message_sent.connect(listener)
    try:
        api = api_client_for(client_user)
        url = f"/api/v1/conversations/{room.pk}/messages"
        warned = api.post(url, {"body": CONTACT})
        assert (warned.status_code, warned.json()["code"]) == (422, "offplatform_warning")
        assert warned.json()["reasons"]
        assert not Message.objects.filter(room=room).exists() and received == []
        with django_capture_on_commit_callbacks(execute=True):
            sent = api.post(url, {"body": CONTACT, "acknowledge_warning": True})
        assert sent.status_code == 201
        message = Message.objects.get(room=room)
        assert message.offplatform_reasons
        assert received[0]["offplatform_reasons"] and received[0]["recipient_ids"] == [freelancer.pk]
    finally:
        message_sent.disconnect(listener)


def test_contract_partners_are_not_warned(contract_room) -> None:
    c, _, _, room = contract_room
    assert send(c, room, CONTACT).offplatform_reasons == ""


def test_message_sent_signal_fires_after_commit(contract_room, django_capture_on_commit_callbacks) -> None:
    c, f, _, room = contract_room
    received = []

    def listener(**kwargs):
        received.append(kwargs)

    message_sent.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            send(c, room, "Hello")
        assert received == [] and callbacks  # nothing before commit (the email is queued after it too)
        for callback in callbacks:
            callback()
        assert received[0]["recipient_ids"] == [f.pk] and received[0]["message"].body == "Hello"
    finally:
        message_sent.disconnect(listener)


# --- the proposal interview -----------------------------------------------------------------------
def test_interview_rules_live_on_in_the_room(interview) -> None:
    client_user, freelancer, proposal, room = interview
    with pytest.raises(DomainError) as refused:
        send(freelancer, room, "Hi first")
    assert refused.value.code == "invalid_state"
    say(client_user, proposal, "Can you start Monday?")
    say(client_user, proposal, "And the budget?")
    say(freelancer, proposal, "Yes.")
    proposal.refresh_from_db()
    assert proposal.client_messaged_at is not None and proposal.freelancer_messaged_at is not None
    assert Job.objects.get(pk=proposal.job_id).interviewing_count == 1
    assert Room.objects.filter(proposal=proposal).count() == 1
    proposal_withdraw(actor=freelancer, proposal=Proposal.objects.get(pk=proposal.pk))
    with pytest.raises(DomainError) as refused:
        say(client_user, proposal, "Still there?")
    assert refused.value.code == "invalid_state"


def test_proposal_messages_api_keeps_its_paths(interview, api_client_for) -> None:
    client_user, freelancer, proposal, room = interview
    url = f"/api/v1/proposals/{proposal.pk}/messages"
    assert api_client_for(freelancer).post(url, {"body": "Me first"}).status_code == 409
    assert api_client_for(client_user).post(url, {"body": "Hello"}).status_code == 201
    items = api_client_for(freelancer).get(url).json()["items"]
    assert [(i["body"], i["conversation_id"]) for i in items] == [("Hello", str(room.pk))]


# --- files ----------------------------------------------------------------------------------------
def test_images_get_thumbnails_and_bad_files_are_refused(contract_room, client) -> None:
    c, f, _, room = contract_room
    client.force_login(c)
    response = client.post(f"/messages/{room.pk}/send/", {"body": "", "files": [png(), pdf()]})
    assert response.status_code == 302
    image, document = Attachment.objects.order_by("pk")
    assert image.thumb_path and image.content_type == "image/jpeg"
    assert not document.thumb_path
    client.force_login(f)
    thumb = client.get(f"/messages/files/{image.pk}/thumb/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert not thumb["Content-Disposition"].startswith("attachment")  # images show inline
    page = client.get(f"/messages/{room.pk}/").content.decode()
    assert f"/messages/files/{image.pk}/thumb/" in page and f"/messages/files/{document.pk}/" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    evil = SimpleUploadedFile("run.exe", b"MZ\x90\x00binary", content_type="application/pdf")
    refused = client.post(f"/messages/{room.pk}/send/", {"body": "x", "files": [evil]})
    assert refused.status_code == 415
    assert Message.objects.filter(room=room).count() == 1


def test_empty_and_huge_messages_are_refused(contract_room, api_client_for) -> None:
    c, _, _, room = contract_room
    api = api_client_for(c)
    url = f"/api/v1/conversations/{room.pk}/messages"
    assert api.post(url, {"body": ""}).status_code == 422
    assert api.post(url, {"body": "x" * 5001}).status_code == 422
    assert api.post(url, {"body": 12}).status_code == 422
    with pytest.raises(DomainError):
        send(c, room, "   ")
    assert not Message.objects.filter(room=room).exists()


# --- search and direct rooms ----------------------------------------------------------------------
def test_search_finds_only_ones_own_conversations(contract_room, interview, api_client_for) -> None:
    c, _, _, room = contract_room
    send(c, room, "The invoice for March")
    other_client, _, proposal, _ = interview
    say(other_client, proposal, "An invoice question")
    found = api_client_for(c).get("/api/v1/messages/search", q="INVOICE").json()
    assert [m["body"] for m in found] == ["The invoice for March"]
    assert api_client_for(c).get("/api/v1/messages/search", q="x").json() == []


def test_direct_room_needs_a_shared_contract(contract_room, user_factory, client) -> None:
    c, f, _, _ = contract_room
    client.force_login(c)
    response = client.get(f"/messages/with/{f.pk}/")
    assert response.status_code == 302
    room = Room.objects.get(kind="direct")
    assert client.get(f"/messages/with/{f.pk}/").url == response.url  # one room per pair
    assert sorted(m.user_id for m in room.memberships.all()) == sorted([c.pk, f.pk])
    assert client.get(f"/messages/with/{user_factory().pk}/").status_code == 404


# --- constant query counts ------------------------------------------------------------------------
def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_inbox_runs_a_constant_number_of_queries(user_factory, client, api_client_for) -> None:
    me = user_factory()
    fund_wallet(me, 10_000_00)

    def add_room(i: int) -> None:
        contract = fixed_contract(me, user_factory(), (300_00,), title=f"Job {i}")
        room = services.room_for_contract(actor=me, contract=contract)
        send(contract.freelancer, room, f"Hello {i}", files=[png()])

    add_room(0)
    client.force_login(me)
    api = api_client_for(me)
    one_page = _queries(client, "/messages/")
    api.get("/api/v1/conversations")  # the token's first use writes its last-used time
    with CaptureQueriesContext(connection) as ctx:
        api.get("/api/v1/conversations")
    one_api = len(ctx.captured_queries)
    for i in range(1, 6):
        add_room(i)
    assert _queries(client, "/messages/") == one_page
    with CaptureQueriesContext(connection) as ctx:
        assert len(api.get("/api/v1/conversations").json()["items"]) == 6
    assert len(ctx.captured_queries) == one_api


def test_room_runs_a_constant_number_of_queries(contract_room, client) -> None:
    c, f, _, room = contract_room
    send(f, room, "first", files=[png()])
    client.force_login(c)
    one = _queries(client, f"/messages/{room.pk}/")
    poll_one = _queries(client, f"/messages/{room.pk}/poll/?after=0")
    for i in range(12):
        send(f if i % 2 else c, room, f"message {i}", files=[png()] if i % 3 == 0 else [])
    assert _queries(client, f"/messages/{room.pk}/") == one
    assert _queries(client, f"/messages/{room.pk}/poll/?after=0") == poll_one


# --- notifications --------------------------------------------------------------------------------
def test_new_messages_notify_the_other_member_once_per_unread_stretch(contract_room) -> None:
    from hirehall.notifications.models import Notification

    c, f, _, room = contract_room
    send(c, room, "One")
    send(c, room, "Two")
    notes = list(Notification.objects.filter(user=f, kind="new_message"))
    assert len(notes) == 1 and notes[0].url == f"/messages/{room.pk}/"
    assert not Notification.objects.filter(user=c, kind="new_message").exists()  # not the sender
    services.room_mark_read(actor=f, room=room)
    send(c, room, "Three")
    assert Notification.objects.filter(user=f, kind="new_message").count() == 2


def test_a_member_who_turned_new_messages_off_gets_none(contract_room) -> None:
    from hirehall.notifications.models import Notification
    from hirehall.notifications.services import notification_preferences_set

    c, f, _, room = contract_room
    notification_preferences_set(actor=f, choices={"new_message": "off"})
    send(c, room, "Hello")
    assert not Notification.objects.filter(user=f).filter(kind="new_message").exists()


def test_reading_an_unopened_interview_creates_no_room(user_factory, api_client_for) -> None:
    client_user, freelancer = user_factory(), user_factory()
    proposal = apply(freelancer, open_job(client_user))
    body = api_client_for(freelancer).get(f"/api/v1/proposals/{proposal.pk}/messages").json()
    assert body == {"items": [], "next": None}
    assert not Room.objects.filter(proposal=proposal).exists()

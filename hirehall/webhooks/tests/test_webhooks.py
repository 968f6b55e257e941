from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from standardwebhooks.webhooks import Webhook

from hirehall.contracts.services import milestone_approve, milestone_fund, milestone_submit
from hirehall.core.errors import DomainError
from hirehall.jobs.testing import open_job
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.proposals.testing import fixed_contract
from hirehall.webhooks import services
from hirehall.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from hirehall.webhooks.sweeps import retry_due
from hirehall.webhooks.tests.receiver import running_receiver

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALL = [
    "job.posted",
    "proposal.received",
    "offer.accepted",
    "milestone.funded",
    "milestone.submitted",
    "milestone.approved",
    "payment.released",
    "dispute.opened",
    "dispute.decided",
    "invoice.issued",
]


@pytest.fixture
def local_ok(settings):
    settings.HIREHALL_WEBHOOKS_ALLOW_PRIVATE = True
    return settings


@pytest.fixture
def receiver():
    with running_receiver() as r:
        yield r


def endpoint_for(user, url, events=("job.posted",), **kw):
    return services.endpoint_create(actor=user, url=url, events=list(events), **kw)


def verify(endpoint, request):
    headers, body = request
    return Webhook(endpoint.secret).verify(body, headers)


# --- registration ---------------------------------------------------------------------------------
def test_create_shows_the_secret_once_and_lists_without_it(api):
    from unittest import mock

    with mock.patch("socket.getaddrinfo", return_value=[(2, 1, 6, "", ("93.184.216.34", 443))]):
        r = api.post(
            "/api/v1/webhooks/endpoints", {"url": "https://hooks.example.com/x", "events": ["job.posted"]}
        )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["secret"].startswith("whsec_") and body["events"] == ["job.posted"] and body["active"]
    listed = api.get("/api/v1/webhooks/endpoints").json()
    assert [e["id"] for e in listed["items"]] == [body["id"]]
    assert "secret" not in listed["items"][0]
    assert WebhookEndpoint.objects.get().secret == body["secret"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://240.0.0.1/hook",
        "ftp://example.com/hook",
        "https://user:pw@example.com/hook",
        "not a url",
        "http://no-such-host.invalid/hook",
    ],
)
def test_local_private_and_malformed_addresses_are_refused(api, url):
    r = api.post("/api/v1/webhooks/endpoints", {"url": url, "events": ["job.posted"]})
    assert r.status_code == 422, r.content
    assert r.json()["code"] == "webhook_url_refused"
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"url": "http://127.0.0.1/h", "events": []}, 422, "unknown_event_type"),
        ({"url": "http://127.0.0.1/h", "events": ["job.exploded"]}, 422, "unknown_event_type"),
        ({"url": "http://127.0.0.1/h", "events": "job.posted"}, 422, "validation_error"),
        ({"url": "http://127.0.0.1/" + "a" * 2001, "events": ["job.posted"]}, 422, "validation_error"),
        ({"url": 5, "events": ["job.posted"]}, 422, "validation_error"),
        ({"url": "http://127.0.0.1/h\x00", "events": ["job.posted"]}, 422, "invalid_characters"),
        ({"url": "http://127.0.0.1/h", "events": ["job.posted"], "operator": True}, 403, "permission_denied"),
    ],
)
def test_bad_input_is_a_4xx_and_changes_nothing(api, local_ok, body, status, code):
    r = api.post("/api/v1/webhooks/endpoints", body)
    assert (r.status_code, r.json()["code"]) == (status, code), r.content
    assert not WebhookEndpoint.objects.exists()


def test_malformed_json_is_a_400(api):
    r = api.client.generic(
        "POST",
        "/api/v1/webhooks/endpoints",
        b'{"url": ',
        content_type="application/json",
        headers=api.headers(),
    )
    assert r.status_code == 400
    assert not WebhookEndpoint.objects.exists()


def test_endpoints_per_user_are_capped(user, local_ok):
    for i in range(services.MAX_ENDPOINTS_PER_USER):
        endpoint_for(user, f"http://127.0.0.1/{i}")
    with pytest.raises(DomainError) as exc:
        endpoint_for(user, "http://127.0.0.1/one-more")
    assert exc.value.code == "too_many_endpoints"


# --- delivery through a real receiver --------------------------------------------------------------
def test_a_posted_job_is_delivered_signed_after_commit(
    user, other_user, local_ok, receiver, django_capture_on_commit_callbacks
):
    mine = endpoint_for(user, receiver.url)
    endpoint_for(other_user, receiver.url)  # another user's job is none of theirs
    with django_capture_on_commit_callbacks(execute=True):
        job = open_job(user)
    assert len(receiver.requests) == 1
    payload = verify(mine, receiver.requests[0])
    assert payload["type"] == "job.posted"
    assert payload["data"] == {"job_id": str(job.pk), "title": job.title}
    headers = receiver.requests[0][0]
    assert headers["webhook-id"].startswith("msg_job") and headers["content-type"] == "application/json"
    delivery = WebhookDelivery.objects.get(endpoint=mine)
    assert (delivery.status, delivery.attempts, delivery.response_code, delivery.response_body) == (
        DeliveryStatus.SUCCEEDED,
        1,
        200,
        "ok",
    )
    # A tampered body does not verify.
    from standardwebhooks.webhooks import WebhookVerificationError

    with pytest.raises(WebhookVerificationError):
        Webhook(mine.secret).verify(receiver.requests[0][1] + b" ", receiver.requests[0][0])


def test_nothing_is_recorded_when_the_change_rolls_back(user, local_ok):
    endpoint_for(user, "http://127.0.0.1/h")
    with pytest.raises(RuntimeError), transaction.atomic():
        open_job(user)
        assert WebhookDelivery.objects.count() == 1
        raise RuntimeError("the change fails")
    assert WebhookDelivery.objects.count() == 0


def test_contract_events_reach_both_parties_and_the_operator(
    user_factory, staff_user, local_ok, receiver, django_capture_on_commit_callbacks
):
    client, freelancer, stranger = user_factory(), user_factory(), user_factory()
    fund_wallet(client, 5_000_00)
    c_end = endpoint_for(client, receiver.url, ALL)
    f_end = endpoint_for(freelancer, receiver.url, ["milestone.submitted", "payment.released"])
    s_end = endpoint_for(stranger, receiver.url, ALL)
    op_end = endpoint_for(staff_user, receiver.url, ["payment.released"], operator=True)
    with django_capture_on_commit_callbacks(execute=True):
        # The first milestone is funded with the offer (offer.accepted); the second by milestone_fund.
        contract = fixed_contract(client, freelancer, amounts=(300_00, 200_00))
        first, second = contract.milestones.order_by("position")
        milestone_submit(actor=freelancer, contract=contract, milestone_id=first.pk, message="Done")
        milestone_approve(actor=client, contract=contract, milestone_id=first.pk)
        milestone_fund(actor=client, contract=contract, milestone_id=second.pk)

    def kinds(endpoint):
        return list(
            WebhookDelivery.objects.filter(endpoint=endpoint)
            .order_by("pk")
            .values_list("event_type", flat=True)
        )

    assert kinds(c_end) == [
        "job.posted",
        "proposal.received",
        "offer.accepted",
        "milestone.submitted",
        "milestone.approved",
        "payment.released",
        "milestone.funded",
    ]
    assert kinds(f_end) == ["milestone.submitted", "payment.released"]
    assert kinds(s_end) == []
    assert kinds(op_end) == ["payment.released"]
    released = json.loads(WebhookDelivery.objects.get(endpoint=f_end, event_type="payment.released").payload)
    assert released["data"]["amount"] == "300.00" and released["data"]["contract_id"] == str(contract.pk)
    assert WebhookDelivery.objects.exclude(status=DeliveryStatus.SUCCEEDED).count() == 0
    assert len(receiver.requests) == WebhookDelivery.objects.count() == 10


def test_a_failing_receiver_is_retried_with_backoff_then_redelivered(
    user, api, local_ok, receiver, settings, django_capture_on_commit_callbacks
):
    settings.HIREHALL_WEBHOOK_MAX_ATTEMPTS = 3
    endpoint = endpoint_for(user, receiver.url)
    receiver.default = 500
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        open_job(user)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at == T0 + timedelta(minutes=1)
    assert delivery.response_body == "receiver says no" and delivery.error == "HTTP 500"

    assert retry_due(T0 + timedelta(seconds=59)) == 0  # not due yet
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        assert retry_due(T0 + timedelta(minutes=1)) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.next_attempt_at == T0 + timedelta(minutes=1 + 4)  # ×4 backoff
    assert retry_due(T0 + timedelta(minutes=4)) == 0
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        assert retry_due(T0 + timedelta(minutes=5)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    assert retry_due(T0 + timedelta(days=1)) == 0  # given up
    assert len(receiver.requests) == 3
    # The same message id and body on every attempt; each attempt signed afresh.
    assert {h["webhook-id"] for h, _ in receiver.requests} == {delivery.message_id}
    assert len({h["webhook-timestamp"] for h, _ in receiver.requests}) == 3

    receiver.default = 204
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(f"/api/v1/webhooks/deliveries/{delivery.pk}/redeliver", {})
    assert r.status_code == 202, r.content
    assert r.json()["id"] == str(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 4, 204)
    assert verify(endpoint, receiver.requests[-1])["type"] == "job.posted"
    # Redelivering what is queued is refused.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="pending", next_attempt_at=T0)
    r = api.post(f"/api/v1/webhooks/deliveries/{delivery.pk}/redeliver", {})
    assert (r.status_code, r.json()["code"]) == (409, "invalid_state")


def test_an_endpoint_is_disabled_after_repeated_failures_and_resumes_when_enabled(
    user, local_ok, receiver, settings, django_capture_on_commit_callbacks
):
    settings.HIREHALL_WEBHOOK_DISABLE_AFTER = 3
    endpoint = endpoint_for(user, receiver.url)
    receiver.default = 503
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            open_job(user)
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.consecutive_failures == 3
    assert "3 failed attempts" in endpoint.disabled_reason
    # Disabled: no new deliveries, and the queued ones wait.
    with django_capture_on_commit_callbacks(execute=True):
        open_job(user)
    assert WebhookDelivery.objects.count() == 3
    assert retry_due(T0 + timedelta(hours=1)) == 0
    assert len(receiver.requests) == 3

    receiver.default = 200
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        services.endpoint_enable(actor=user, endpoint=endpoint)
        assert retry_due(T0 + timedelta(hours=2)) == 3
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"succeeded"}
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0 and endpoint.is_active


def test_a_success_resets_the_failure_count(user, local_ok, receiver, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(user, receiver.url)
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        open_job(user)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 1
    with django_capture_on_commit_callbacks(execute=True):
        open_job(user)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_a_delivery_whose_worker_died_is_sent_by_the_sweep(user, local_ok, receiver):
    endpoint_for(user, receiver.url)
    with time_machine.travel(T0, tick=False):
        open_job(user)  # no on_commit here: the task never ran
    delivery = WebhookDelivery.objects.get()
    assert services._claim(delivery.pk, T0) is not None  # a worker took it, then died
    assert retry_due(T0 + timedelta(minutes=4)) == 0  # still leased
    assert retry_due(T0 + services.LEASE) == 1
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 2
    assert len(receiver.requests) == 1


def test_the_address_is_checked_again_at_delivery(user, local_ok, receiver, settings):
    endpoint_for(user, receiver.url)
    settings.HIREHALL_WEBHOOKS_ALLOW_PRIVATE = False  # e.g. DNS now points inside the network
    with time_machine.travel(T0, tick=False):
        open_job(user)
    assert retry_due(T0) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and "private" in delivery.error and delivery.response_code is None
    assert receiver.requests == []


# --- reading ---------------------------------------------------------------------------------------
def test_another_users_deliveries_are_not_found(user, other_user, api_client_for, local_ok):
    endpoint = endpoint_for(user, "http://127.0.0.1:9/h")
    open_job(user)
    delivery = WebhookDelivery.objects.get()
    delivery.status = "failed"
    delivery.save(update_fields=["status"])
    other = api_client_for(other_user)
    assert other.get(f"/api/v1/webhooks/endpoints/{endpoint.pk}/deliveries").status_code == 404
    assert other.post(f"/api/v1/webhooks/deliveries/{delivery.pk}/redeliver", {}).status_code == 404
    assert other.get("/api/v1/webhooks/endpoints").json()["items"] == []
    delivery.refresh_from_db()
    assert delivery.status == "failed"


def _deliveries(endpoint, n):
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            message_id=f"m{i}",
            event_type="job.posted",
            payload="{}",
            status="succeeded",
            created_at=T0,
        )
        for i in range(n)
    )


def test_lists_and_pages_run_a_constant_number_of_queries(user, api, client, local_ok):
    endpoint = endpoint_for(user, "http://127.0.0.1/h")
    client.force_login(user)
    api.get("/api/v1/webhooks/endpoints")  # the token's first use is recorded once
    counts = []
    for n in (1, 30):
        WebhookDelivery.objects.all().delete()
        _deliveries(endpoint, n)
        with CaptureQueriesContext(connection) as api_q:
            assert (
                api.get(f"/api/v1/webhooks/endpoints/{endpoint.pk}/deliveries", limit=50).status_code == 200
            )
        with CaptureQueriesContext(connection) as page_q:
            assert client.get(f"/settings/webhooks/{endpoint.pk}/").status_code == 200
        with CaptureQueriesContext(connection) as list_q:
            assert client.get("/settings/webhooks/").status_code == 200
        counts.append((len(api_q), len(page_q), len(list_q)))
    assert counts[0] == counts[1], counts


# --- web pages ---------------------------------------------------------------------------------------
def test_the_page_adds_an_endpoint_and_shows_the_secret_once(user, client, local_ok):
    client.force_login(user)
    r = client.post(
        "/settings/webhooks/", {"url": "http://127.0.0.1:9/h", "events": ["job.posted", "dispute.opened"]}
    )
    endpoint = WebhookEndpoint.objects.get()
    assert r.status_code == 302 and r.url == f"/settings/webhooks/{endpoint.pk}/"
    page = client.get(r.url).content.decode()
    assert endpoint.secret in page
    assert endpoint.secret not in client.get(r.url).content.decode()


def test_the_page_shows_a_refused_address_as_a_form_error(user, client):
    client.force_login(user)
    r = client.post("/settings/webhooks/", {"url": "http://127.0.0.1/h", "events": ["job.posted"]})
    assert r.status_code == 422
    assert "private" in r.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_page_redelivers_and_deletes(
    user, client, local_ok, receiver, django_capture_on_commit_callbacks
):
    client.force_login(user)
    endpoint = endpoint_for(user, receiver.url)
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        open_job(user)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed", next_attempt_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/settings/webhooks/deliveries/{delivery.pk}/redeliver/")
    assert r.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 2
    assert client.post(f"/settings/webhooks/{endpoint.pk}/delete/").status_code == 302
    assert not WebhookEndpoint.objects.exists() and not WebhookDelivery.objects.exists()


def test_a_deactivated_account_loses_its_endpoints(user, other_user, local_ok):
    endpoint_for(user, "http://127.0.0.1/h")
    kept = endpoint_for(other_user, "http://127.0.0.1/h")
    user.name = "renamed"
    user.save(update_fields=["name"])
    assert WebhookEndpoint.objects.filter(owner=user).exists()
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert list(WebhookEndpoint.objects.all()) == [kept]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_send_a_delivery_once(user_factory, settings):
    from collections import Counter

    from hirehall.core.testing import race

    settings.HIREHALL_WEBHOOKS_ALLOW_PRIVATE = True
    owner = user_factory()
    with running_receiver() as receiver:
        endpoint_for(owner, receiver.url)
        open_job(owner)  # after commit the eager task has sent it; queue it again for the race
        delivery = WebhookDelivery.objects.get()
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status="pending", next_attempt_at=T0)
        sent_before = len(receiver.requests)
        results = race(6, lambda i: services.delivery_attempt(delivery_id=delivery.pk))
        assert Counter(r.value for r in results) == {True: 1, False: 5}, results
        assert len(receiver.requests) == sent_before + 1

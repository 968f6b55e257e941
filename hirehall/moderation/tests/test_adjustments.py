"""Manual ledger adjustments with four eyes: the threshold boundary, self-approval, exactly-once
application (also under concurrent approvals on PostgreSQL), refusal, debits bounded by what is
available, the audit trail, and what the user sees (transaction list, notification)."""

from __future__ import annotations

from collections import Counter

import pytest

from hirehall.accounts.models import User
from hirehall.core.errors import DomainError
from hirehall.core.testing import race
from hirehall.ledger.models import Transfer, TransferGroup
from hirehall.ledger.selectors import balances_for
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.ledger.verify import verify_ledger
from hirehall.moderation import adjustments
from hirehall.moderation.models import AdjustmentStatus, LedgerAdjustment, StaffAction
from hirehall.notifications.models import Notification

pytestmark = pytest.mark.django_db
THRESHOLD = 100_00


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.HIREHALL_ADJUSTMENT_FOUR_EYES_CENTS = THRESHOLD


@pytest.fixture
def staff_pair(user_factory) -> tuple[User, User]:
    return (
        user_factory("adj-staff-a@example.com", is_staff=True, name="Ana Staff"),
        user_factory("adj-staff-b@example.com", is_staff=True, name="Ben Staff"),
    )


def request(actor: User, user: User, cents: int, **kw) -> LedgerAdjustment:
    fields = {"account": "wallet", "direction": "credit", "reason": "Refund of a duplicate fee"}
    fields.update(kw)
    return adjustments.adjustment_request(actor=actor, user=user, amount_cents=cents, **fields)


def actions(adjustment: LedgerAdjustment) -> list[str]:
    return list(
        StaffAction.objects.filter(target_ref=f"adjustment:{adjustment.pk}")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_at_the_threshold_one_request_applies_it(user, staff_pair) -> None:
    a, _b = staff_pair
    adj = request(a, user, THRESHOLD)
    assert adj.status == AdjustmentStatus.APPLIED and not adj.needs_second_approval
    assert balances_for(user).wallet_available == THRESHOLD
    group = TransferGroup.objects.get(key=f"adjustment:{adj.pk}")
    assert group.kind == TransferGroup.Kind.ADJUSTMENT and adj.transfer_group_id == group.pk
    assert actions(adj) == ["adjustment_request", "adjustment_apply"]
    assert verify_ledger() == []


def test_above_the_threshold_waits_for_a_second_staff_member(user, staff_pair) -> None:
    a, b = staff_pair
    adj = request(a, user, THRESHOLD + 1)
    assert adj.status == AdjustmentStatus.PENDING and adj.needs_second_approval
    assert balances_for(user).wallet_available == 0
    assert not TransferGroup.objects.filter(kind=TransferGroup.Kind.ADJUSTMENT).exists()
    adjustments.adjustment_approve(actor=b, adjustment=adj)
    adj.refresh_from_db()
    assert adj.status == AdjustmentStatus.APPLIED and adj.approved_by == b
    assert balances_for(user).wallet_available == THRESHOLD + 1
    assert actions(adj) == ["adjustment_request", "adjustment_approve", "adjustment_apply"]
    assert verify_ledger() == []


def test_the_requester_can_never_approve_their_own(user, staff_pair) -> None:
    a, _b = staff_pair
    adj = request(a, user, 500_00)
    with pytest.raises(DomainError) as exc:
        adjustments.adjustment_approve(actor=a, adjustment=adj)
    assert exc.value.code == "four_eyes_required" and exc.value.status == 403
    adj.refresh_from_db()
    assert adj.status == AdjustmentStatus.PENDING and adj.approved_by is None
    assert balances_for(user).wallet_available == 0


def test_a_second_approval_moves_nothing_more(user, staff_pair, user_factory) -> None:
    a, b = staff_pair
    c = user_factory("adj-staff-c@example.com", is_staff=True)
    adj = request(a, user, 500_00)
    adjustments.adjustment_approve(actor=b, adjustment=adj)
    for approver in (b, c):
        with pytest.raises(DomainError) as exc:
            adjustments.adjustment_approve(actor=approver, adjustment=adj)
        assert exc.value.code == "adjustment_decided"
    assert balances_for(user).wallet_available == 500_00
    assert Transfer.objects.filter(code=Transfer.Code.ADJUSTMENT).count() == 1


def test_refusal_by_either_staff_member_moves_nothing(user, staff_pair) -> None:
    a, b = staff_pair
    first, second = request(a, user, 300_00), request(a, user, 400_00, reason="Second")
    adjustments.adjustment_refuse(actor=a, adjustment=first, reason="Typo in the amount")
    adjustments.adjustment_refuse(actor=b, adjustment=second, reason="No ticket for this")
    for adj, who in ((first, a), (second, b)):
        adj.refresh_from_db()
        assert adj.status == AdjustmentStatus.REFUSED and adj.refused_by == who
        assert actions(adj) == ["adjustment_request", "adjustment_refuse"]
    with pytest.raises(DomainError) as exc:
        adjustments.adjustment_approve(actor=b, adjustment=first)
    assert exc.value.code == "adjustment_decided"
    with pytest.raises(DomainError) as exc:
        adjustments.adjustment_refuse(actor=a, adjustment=first, reason="")
    assert exc.value.code == "validation_error"
    assert balances_for(user).wallet_available == 0
    assert not Notification.objects.filter(user=user, kind="ledger_adjustment").exists()


def test_a_debit_takes_only_what_is_available(user, staff_pair) -> None:
    a, b = staff_pair
    fund_wallet(user, 50_00)
    with pytest.raises(DomainError) as exc:
        request(a, user, 50_01, direction="debit")
    assert exc.value.code == "insufficient_funds" and exc.value.status == 409
    assert not LedgerAdjustment.objects.exists() and not StaffAction.objects.exists()  # nothing recorded
    big = request(a, user, 200_00, direction="debit")  # above the threshold: waits
    with pytest.raises(DomainError) as exc:
        adjustments.adjustment_approve(actor=b, adjustment=big)
    assert exc.value.code == "insufficient_funds"
    big.refresh_from_db()
    assert big.status == AdjustmentStatus.PENDING and big.approved_by is None  # still waiting
    request(a, user, 50_00, direction="debit")
    assert balances_for(user).wallet_available == 0
    assert verify_ledger() == []


def test_freelancer_available_earnings_are_adjusted_and_posted_at_once(user, staff_pair) -> None:
    a, _b = staff_pair
    request(a, user, 30_00, account="earnings")
    balances = balances_for(user)
    assert balances.earnings_available == 30_00 and balances.earnings_pending == 0
    assert balances.wallet_available == 0
    request(a, user, 30_00, account="earnings", direction="debit", reason="Clawback")
    assert balances_for(user).earnings_available == 0
    assert verify_ledger() == []


def test_audit_rows_carry_who_why_before_and_after(user, staff_pair) -> None:
    a, b = staff_pair
    fund_wallet(user, 10_00)
    adj = request(a, user, 150_00)
    adjustments.adjustment_approve(actor=b, adjustment=adj)
    rows = {r.action: r for r in StaffAction.objects.filter(target_ref=f"adjustment:{adj.pk}")}
    assert rows["adjustment_request"].actor == a and rows["adjustment_approve"].actor == b
    assert rows["adjustment_apply"].actor == b
    assert all(r.reason == "Refund of a duplicate fee" and r.target_user == user for r in rows.values())
    assert rows["adjustment_apply"].before["available_cents"] == 10_00
    assert rows["adjustment_apply"].after["available_cents"] == 160_00
    assert rows["adjustment_apply"].after["status"] == "applied"


def test_the_user_sees_the_reason_and_is_notified(user, staff_pair, api_client_for) -> None:
    a, _b = staff_pair
    adj = request(a, user, 25_00, reason="Goodwill credit for the outage on 2 March")
    [note] = Notification.objects.filter(user=user, kind="ledger_adjustment")
    assert note.body == "Goodwill credit for the outage on 2 March" and "$25.00" in note.title
    assert note.ref == f"adjustment:{adj.pk}"
    items = api_client_for(user).get("/api/v1/transactions").json()["items"]
    assert items[0]["type"] == "adjustment" and items[0]["amount"] == "25.00"
    assert items[0]["description"] == "Adjustment · Goodwill credit for the outage on 2 March"


def test_rules_of_the_request(user, staff_pair) -> None:
    a, _b = staff_pair
    for kwargs, code in (
        ({"account": "escrow"}, "validation_error"),
        ({"direction": "sideways"}, "validation_error"),
        ({"reason": " "}, "validation_error"),
        ({"reason": "bad\x00byte"}, "invalid_characters"),
    ):
        with pytest.raises(DomainError) as exc:
            request(a, user, 10_00, **kwargs)
        assert exc.value.code == code
    with pytest.raises(DomainError) as exc:
        request(a, user, 0)
    assert exc.value.code == "amount_negative"
    with pytest.raises(DomainError) as exc:
        request(a, a, 10_00)  # their own balance
    assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError) as exc:
        request(user, a, 10_00)  # not staff
    assert exc.value.code == "not_found"
    assert not LedgerAdjustment.objects.exists()


def test_the_same_request_key_is_one_adjustment(user, staff_pair) -> None:
    a, _b = staff_pair
    first = request(a, user, 10_00, key="form-1")
    assert request(a, user, 10_00, key="form-1") == first
    with pytest.raises(DomainError) as exc:
        request(a, user, 11_00, key="form-1")
    assert exc.value.code == "idempotency_key_reused"
    assert balances_for(user).wallet_available == 10_00


def test_staff_api(user, staff_pair, api_client_for) -> None:
    a, b = staff_pair
    api_a, api_b = api_client_for(a), api_client_for(b)
    path = f"/api/v1/staff/moderation/users/{user.pk}/adjustments"
    body = {"account": "wallet", "direction": "credit", "amount": "150.00", "reason": "Chargeback reversed"}
    created = api_a.post(path, body, key="k1")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "pending" and data["amount"] == "150.00" and data["needs_second_approval"]
    assert api_a.post(path, body, key="k1").json()["id"] == data["id"]  # replayed
    own = api_a.post(f"/api/v1/staff/moderation/adjustments/{data['id']}/approve", {})
    assert own.status_code == 403 and own.json()["code"] == "four_eyes_required"
    listed = api_b.get("/api/v1/staff/moderation/adjustments", status="pending").json()["items"]
    assert [i["id"] for i in listed] == [data["id"]]
    ok = api_b.post(f"/api/v1/staff/moderation/adjustments/{data['id']}/approve", {})
    assert ok.status_code == 200 and ok.json()["status"] == "applied"
    again = api_b.post(f"/api/v1/staff/moderation/adjustments/{data['id']}/approve", {})
    assert again.status_code == 409 and again.json()["code"] == "adjustment_decided"
    for bad in ("1e9", "-5.00", "0.001", "abc"):
        response = api_a.post(path, {**body, "amount": bad})
        assert response.status_code == 422, (bad, response.content)
    assert api_a.post(path, {**body, "reason": "a\x00b"}).status_code in (400, 422)
    assert balances_for(user).wallet_available == 150_00
    assert api_client_for(user).post(path, body).status_code == 404


def test_staff_pages(client, user, staff_pair) -> None:
    a, b = staff_pair
    client.force_login(a)
    page = client.get(f"/staff/users/{user.pk}/adjust/")
    assert page.status_code == 200 and b"Adjust the balance" in page.content
    form = {"account": "wallet", "direction": "credit", "amount": "120.00", "reason": "Goodwill", "key": "w1"}
    response = client.post(f"/staff/users/{user.pk}/adjust/", form)
    assert response.status_code == 302
    client.post(f"/staff/users/{user.pk}/adjust/", form)  # the same form sent twice
    adj = LedgerAdjustment.objects.get()
    listing = client.get("/staff/adjustments/")
    assert b"You requested this one" in listing.content
    client.post(f"/staff/adjustments/{adj.pk}/approve/")
    adj.refresh_from_db()
    assert adj.status == AdjustmentStatus.PENDING  # refused with a message, not applied
    client.force_login(b)
    client.post(f"/staff/adjustments/{adj.pk}/approve/")
    adj.refresh_from_db()
    assert adj.status == AdjustmentStatus.APPLIED
    assert balances_for(user).wallet_available == 120_00


def test_the_staff_list_runs_constant_queries(
    client, user, staff_pair, django_assert_max_num_queries
) -> None:
    a, b = staff_pair
    for i in range(6):
        request(a if i % 2 else b, user, 150_00 + i)
    for i in range(4):
        request(a, user, 10_00 + i)
    client.force_login(a)
    with django_assert_max_num_queries(12):
        assert client.get("/staff/adjustments/").status_code == 200


def test_a_zero_threshold_puts_every_adjustment_behind_four_eyes(user, staff_pair, settings) -> None:
    settings.HIREHALL_ADJUSTMENT_FOUR_EYES_CENTS = 0
    a, _b = staff_pair
    assert request(a, user, 1).status == AdjustmentStatus.PENDING


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_apply_exactly_once(user_factory, settings) -> None:
    settings.HIREHALL_ADJUSTMENT_FOUR_EYES_CENTS = THRESHOLD
    user = user_factory("adj-race-user@example.com")
    requester = user_factory("adj-race-req@example.com", is_staff=True)
    approvers = [user_factory(f"adj-race-{i}@example.com", is_staff=True) for i in range(8)]
    adj = request(requester, user, 700_00)
    results = race(8, lambda i: adjustments.adjustment_approve(actor=approvers[i], adjustment=adj))
    assert Counter(r.status for r in results) == {"ok": 1, "refused": 7}, results
    assert {r.code for r in results if r.status == "refused"} == {"adjustment_decided"}
    assert balances_for(user).wallet_available == 700_00
    assert Transfer.objects.filter(code=Transfer.Code.ADJUSTMENT).count() == 1
    assert StaffAction.objects.filter(action="adjustment_apply").count() == 1
    assert verify_ledger() == []


def test_staff_find_a_user_by_email_to_adjust(client, user, staff_pair) -> None:
    client.force_login(staff_pair[0])
    found = client.get("/staff/adjustments/", {"email": user.email.upper()})
    assert found.status_code == 302 and found["Location"] == f"/staff/users/{user.pk}/adjust/"
    missing = client.get("/staff/adjustments/", {"email": "nobody@example.com"})
    assert missing.status_code == 200 and b"No user has that email address." in missing.content
    assert client.get("/staff/adjustments/", {"email": "a\x00b"}).status_code == 422

"""The web pages: the client disputes time from the Work Diary, the freelancer answers on the contract
page; pages render for both sides and refuse strangers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from hirehall.contracts.models import Dispute, DisputeStatus, Invoice, InvoiceStatus
from hirehall.contracts.tests.helpers import sweep, track, verified_parties
from hirehall.proposals.testing import hourly_contract

pytestmark = pytest.mark.django_db


def browser(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_dispute_time_from_the_diary_and_answer_on_the_contract_page(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    with time_machine.travel(datetime(2024, 5, 31, 9, 0, tzinfo=UTC), tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=10)
        clock.move_to(datetime(2024, 6, 8, 12, 0, tzinfo=UTC))
        segments = track(freelancer, contract, datetime(2024, 6, 3, 9, 0, tzinfo=UTC), 6)
        clock.move_to(datetime(2024, 6, 10, 12, 0, tzinfo=UTC))
        sweep()
        invoice = Invoice.objects.get(contract=contract)
        as_client, as_freelancer = browser(client), browser(freelancer)
        page = as_client.get(f"/contracts/{contract.pk}/diary/?date=2024-06-03").content.decode()
        assert "Dispute ticked segments" in page and page.count('name="segments"') == 6
        assert (
            "Dispute ticked segments"
            not in as_freelancer.get(f"/contracts/{contract.pk}/diary/?date=2024-06-03").content.decode()
        )
        r = as_client.post(
            f"/contracts/{contract.pk}/do/dispute_time/",
            {"invoice": invoice.pk, "segments": [segments[0].pk, segments[1].pk], "reason": "Idle screens"},
        )
        assert r.status_code == 302
        dispute = Dispute.objects.get(contract=contract)
        assert dispute.amount_cents == 10_00
        page = as_freelancer.get(f"/contracts/{contract.pk}/").content.decode()
        assert "Accept: refund the disputed time" in page
        as_freelancer.post(
            f"/contracts/{contract.pk}/do/dispute_message/",
            {"dispute": dispute.pk, "message": "I was reading docs"},
        )
        as_freelancer.post(
            f"/contracts/{contract.pk}/do/dispute_answer/", {"dispute": dispute.pk, "accept": "yes"}
        )
        dispute.refresh_from_db()
        invoice.refresh_from_db()
        assert dispute.status == DisputeStatus.RESOLVED and dispute.messages.count() == 1
        assert invoice.status == InvoiceStatus.PAID and invoice.paid_cents == 20_00
        stranger = browser(user_factory())
        assert stranger.get(f"/contracts/{contract.pk}/diary/").status_code == 404
        r = stranger.post(
            f"/contracts/{contract.pk}/do/dispute_answer/", {"dispute": dispute.pk, "accept": "yes"}
        )
        assert r.status_code == 404

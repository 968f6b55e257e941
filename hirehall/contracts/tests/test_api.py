"""The contracts API: shapes, visibility, errors as problem+json, constant queries, the tracker client."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.contracts import tracker
from hirehall.contracts.models import WorkSegment
from hirehall.contracts.tests.helpers import png_b64, verified_parties
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.proposals.testing import fixed_contract, hourly_contract

pytestmark = pytest.mark.django_db
START = datetime(2024, 5, 31, 9, 0, tzinfo=UTC)


@pytest.fixture
def fixed(user_factory, api_client_for):
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 5_000_00)
    contract = fixed_contract(client, freelancer, (300_00, 200_00))
    return contract, api_client_for(client), api_client_for(freelancer)


def test_fixed_flow_through_the_api(fixed, api_client_for, user_factory) -> None:
    contract, as_client, as_freelancer = fixed
    base = f"/api/v1/contracts/{contract.pk}"
    body = as_client.get(base).json()
    assert body["kind"] == "fixed" and body["your_side"] == "client"
    assert body["money"] == {
        "currency": "USD",
        "in_escrow": "300.00",
        "paid": "0.00",
        "bonuses": "0.00",
        "pending": "0.00",
        "available": "0.00",
    }
    m1, m2 = body["milestones"]
    assert m1["status"] == "funded" and m1["amount"] == "300.00" and isinstance(m1["id"], str)
    stranger = api_client_for(user_factory())
    assert stranger.get(base).status_code == 404
    r = as_freelancer.client.post(
        f"{base}/milestones/{m1['id']}/submit",
        {"message": "Pipeline ready", "files": [SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n")]},
        headers=as_freelancer.headers(),
    )
    assert r.status_code == 201, r.content
    file_url = r.json()["files"][0]
    assert as_client.get(file_url).status_code == 200
    assert stranger.get(file_url).status_code == 404
    r = as_client.post(f"{base}/milestones/{m1['id']}/approve", {"amount": "250.00"})
    assert r.status_code == 200 and r.json()["paid"] == "250.00"
    r = as_client.post(f"{base}/milestones/{m1['id']}/approve", {})
    assert r.status_code == 409 and r["Content-Type"] == "application/problem+json"
    assert r.json()["code"] == "invalid_state"
    r = as_client.post(f"{base}/milestones/{m2['id']}/fund", {})
    assert r.status_code == 200 and r.json()["status"] == "funded"
    headers = {"Idempotency-Key": "bonus-1"}
    r1 = as_client.post(f"{base}/bonuses", {"amount": "20.00"}, headers=headers)
    r2 = as_client.post(f"{base}/bonuses", {"amount": "20.00"}, headers=headers)
    assert r1.status_code == r2.status_code == 201 and r1.json() == r2.json()
    detail = as_freelancer.get(base).json()
    assert detail["money"]["bonuses"] == "20.00" and detail["money"]["paid"] == "270.00"
    assert detail["money"]["in_escrow"] == "200.00"
    kinds = [e["kind"] for e in detail["timeline"]]
    assert kinds.count("bonus") == 1 and "work_submitted" in kinds and "milestone_approved" in kinds


def test_list_and_detail_run_constant_queries(user_factory, api_client_for) -> None:
    client = user_factory()
    fund_wallet(client, 50_000_00)
    api = api_client_for(client)

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(path).status_code == 200
        return len(ctx.captured_queries)

    first = fixed_contract(client, user_factory(), title="First fixed contract")
    count("/api/v1/contracts")  # the token's last-used time is written once a minute: not in the counts
    list_one, detail_one = count("/api/v1/contracts"), count(f"/api/v1/contracts/{first.pk}")
    for i in range(4):
        c = fixed_contract(client, user_factory(), (100_00, 100_00, 100_00), title=f"More work {i}")
        hourly_contract(client, user_factory(), title=f"Hourly work {i}")
    assert count("/api/v1/contracts") == list_one
    assert count(f"/api/v1/contracts/{c.pk}") == detail_one
    api.client.force_login(client)
    with CaptureQueriesContext(connection) as ctx:
        assert api.client.get("/contracts/").status_code == 200
    many = len(ctx.captured_queries)
    fixed_contract(client, user_factory(), title="One more contract")
    with CaptureQueriesContext(connection) as ctx:
        api.client.get("/contracts/")
    assert len(ctx.captured_queries) == many


def _transport(api):
    def send(method, path, body):
        response = api.request(method, path, body)
        return response.status_code, response.json()

    return send


def test_tracker_client_sends_segments_and_reports_rejections(
    user_factory, api_client_for, tmp_path: Path, capsys
) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    shots = tmp_path / "shots"
    shots.mkdir()
    import base64

    for i in range(2):
        (shots / f"{i}.png").write_bytes(base64.b64decode(png_b64((i * 90, 40, 40))))
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, manual=False)
        clock.move_to(datetime(2024, 6, 4, 12, 0, tzinfo=UTC))
        api = api_client_for(freelancer)
        args = [
            "--server=http://testserver",
            "--token=unused",
            f"--contract={contract.pk}",
            "--memo=Loader",
            f"--screenshots={shots}",
            "--no-capture",
        ]
        code = tracker.main(
            [*args, "--backfill=2024-06-03T09:00:00Z", "--count=3"], transport=_transport(api)
        )
        assert code == 0
        assert WorkSegment.objects.filter(contract=contract).count() == 3
        assert all(
            s.screenshot and s.active_minutes == 10 for s in WorkSegment.objects.filter(contract=contract)
        )
        # The same segments again: replays, not duplicates.
        assert (
            tracker.main([*args, "--backfill=2024-06-03T09:00:00Z", "--count=1"], transport=_transport(api))
            == 0
        )
        assert "already recorded" in capsys.readouterr().out
        assert WorkSegment.objects.filter(contract=contract).count() == 3
        # Misaligned starts are aligned by the client; a future slot is refused by the server.
        code = tracker.main([*args, "--backfill=2024-06-04T12:00:00Z"], transport=_transport(api))
        assert code == 1 and "segment_outside_contract" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"start": "2024-06-03T09:05:00Z"}, 422, "segment_not_aligned"),
        ({"start": "2024-05-01T09:00:00Z"}, 422, "segment_outside_contract"),
        ({"start": "2024-06-03T09:00:00Z", "memo": "m" * 301}, 413, "segment_too_large"),
        ({"start": "2024-06-03T09:00:00Z", "keyboard": [1] * 9}, 422, "validation_error"),
        ({"start": "not a date"}, 422, "validation_error"),
        ({"start": "2024-05-27T09:00:00Z"}, 422, "segment_outside_contract"),
    ],
)
def test_segment_rejections_are_problems(user_factory, api_client_for, payload, status, code) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer)
        clock.move_to(datetime(2024, 6, 4, 12, 0, tzinfo=UTC))
        body = {"memo": "m", "keyboard": [1] * 10, "mouse": [1] * 10, **payload}
        r = api_client_for(freelancer).post(f"/api/v1/contracts/{contract.pk}/segments", body)
        assert r.status_code == status, r.content
        assert r.json()["code"] == code


def test_work_diary_and_invoice_dispute_through_the_api(user_factory, api_client_for) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, limit_hours=1, rate_cents=30_00)
        clock.move_to(datetime(2024, 6, 8, 12, 0, tzinfo=UTC))
        as_freelancer = api_client_for(freelancer)
        for minute in range(0, 80, 10):
            start = datetime(2024, 6, 3, 9, 0, tzinfo=UTC).replace(hour=9 + minute // 60, minute=minute % 60)
            r = as_freelancer.post(
                f"/api/v1/contracts/{contract.pk}/segments",
                {
                    "start": start.isoformat().replace("+00:00", "Z"),
                    "memo": "Loader",
                    "keyboard": [5] * 10,
                    "mouse": [5] * 10,
                    "screenshot": png_b64(),
                },
            )
            assert r.status_code == 201, r.content
        diary = (
            api_client_for(client)
            .get(f"/api/v1/contracts/{contract.pk}/work-diary", date="2024-06-03")
            .json()
        )
        assert len(diary["segments"]) == 8
        assert diary["week"]["billable_minutes"] == 60 and diary["week"]["over_limit_minutes"] == 20
        shot = diary["segments"][0]["screenshot"]
        assert api_client_for(client).get(shot)["Content-Type"] == "image/jpeg"
        clock.move_to(datetime(2024, 6, 10, 12, 0, tzinfo=UTC))
        from hirehall.contracts.tests.helpers import sweep

        sweep()
        as_client = api_client_for(client)
        invoices = as_client.get(f"/api/v1/contracts/{contract.pk}/invoices").json()["items"]
        assert invoices[0]["amount"] == "30.00" and invoices[0]["over_limit_minutes"] == 20
        seg = diary["segments"][0]["id"]
        r = as_client.post(
            f"/api/v1/contracts/{contract.pk}/invoices/{invoices[0]['id']}/dispute",
            {"segment_ids": [seg], "reason": "Blank screen"},
        )
        assert r.status_code == 201, r.content
        dispute_id = r.json()["id"]
        r = as_freelancer.post(f"/api/v1/disputes/{dispute_id}/answer", {"accept": True})
        assert r.status_code == 200 and r.json()["status"] == "resolved"
        assert json.loads(as_client.get(f"/api/v1/disputes/{dispute_id}").content)["client_share"] == "5.00"

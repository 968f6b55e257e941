"""Every contracts route × {anon, other, owner, staff}. Another user's contract is a 404; staff see
dispute cases (they work them) but not contracts through the API."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from hirehall.contracts.models import Contract, Invoice, InvoiceStatus, SegmentKind, WorkSegment
from hirehall.contracts.policy import week_start_of
from hirehall.core.testing import make_user
from hirehall.core.tests.authz import Case, World
from hirehall.ledger.tests.helpers import fund_wallet

_n = itertools.count(1)


def _partner(tag: str) -> Any:
    return make_user(f"matrix-{tag}-{next(_n)}@example.com")


def fixed_as_client(w: World) -> Contract:
    from hirehall.proposals.testing import fixed_contract

    if "fixed_client" not in w.objects:
        fund_wallet(w.owner, 5_000_00)
        w.objects["fixed_client"] = fixed_contract(w.owner, _partner("f"), (300_00, 200_00))
    return w.objects["fixed_client"]


def fixed_as_freelancer(w: World) -> Contract:
    from hirehall.proposals.testing import fixed_contract

    if "fixed_freelancer" not in w.objects:
        client = _partner("c")
        fund_wallet(client, 5_000_00)
        w.objects["fixed_freelancer"] = fixed_contract(client, w.owner, (300_00, 200_00))
    return w.objects["fixed_freelancer"]


def hourly_as_client(w: World) -> Contract:
    from hirehall.proposals.testing import hourly_contract

    if "hourly_client" not in w.objects:
        w.objects["hourly_client"] = hourly_contract(w.owner, _partner("h"))
    return w.objects["hourly_client"]


def hourly_as_freelancer(w: World) -> Contract:
    from hirehall.proposals.testing import hourly_contract

    if "hourly_freelancer" not in w.objects:
        w.objects["hourly_freelancer"] = hourly_contract(_partner("hc"), w.owner)
    return w.objects["hourly_freelancer"]


def ms(contract: Contract, position: int) -> int:
    return contract.milestones.get(position=position).pk


def submitted_file(w: World) -> str:
    from hirehall.contracts.services import milestone_submit

    c = fixed_as_freelancer(w)
    s = milestone_submit(
        actor=w.owner,
        contract=c,
        milestone_id=ms(c, 1),
        message="done",
        files=[SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    return f"/api/v1/contracts/{c.pk}/files/{s.files.get().pk}"


def segment(w: World, *, shot: bool = False) -> tuple[Contract, WorkSegment]:
    c = hourly_as_freelancer(w)
    start = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=30)
    start -= timedelta(minutes=start.minute % 10)
    path = (
        default_storage.save("diary/matrix.jpg", ContentFile(b"\xff\xd8\xff\xe0 not really")) if shot else ""
    )
    seg = WorkSegment.objects.create(
        contract=c,
        freelancer=w.owner,
        start=start,
        week_start=week_start_of(start),
        kind=SegmentKind.TRACKED,
        screenshot=path,
        fingerprint="matrix",
        created_at=start,
    )
    return c, seg


def invoice(w: World) -> tuple[Contract, Invoice]:
    c = hourly_as_client(w)
    now = datetime.now(UTC)
    inv = Invoice.objects.create(
        contract=c,
        week_start=week_start_of(now) - timedelta(days=7),
        status=InvoiceStatus.IN_REVIEW,
        rate_cents=40_00,
        limit_hours=20,
        amount_cents=0,
        invoiced_at=now,
        review_until=now + timedelta(days=3),
        available_at=now + timedelta(days=8),
    )
    return c, inv


def refund_request(w: World) -> Contract:
    from hirehall.contracts.services import refund_request_create

    c = fixed_as_freelancer(w)
    refund_request_create(actor=c.client, contract=c, reason="cancelled")
    return c


def dispute_for_client(w: World) -> str:
    from hirehall.contracts.services.disputes import milestone_dispute_open

    c = fixed_as_client(w)
    d = milestone_dispute_open(actor=c.freelancer, contract=c, milestone_id=ms(c, 1), reason="not released")
    return str(d.pk)


def _e(owner: int, *, other: int = 404, staff: int = 404, anon: int = 401) -> dict[str, int]:
    return {"anon": anon, "other": other, "owner": owner, "staff": staff}


WEB = {"anon": 302, "other": 200, "owner": 200, "staff": 200}


def _e_web(owner: int) -> dict[str, int]:
    return {"anon": 302, "other": 404, "owner": owner, "staff": 404}


A = "/api/v1/contracts/{contract_id}"
CASES: list[Case] = [
    Case("GET", "/api/v1/contracts", _e(200, other=200, staff=200)),
    Case("GET", A, _e(200), url=lambda w: f"/api/v1/contracts/{fixed_as_client(w).pk}"),
    Case(
        "POST",
        A + "/milestones",
        _e(201),
        url=lambda w: f"/api/v1/contracts/{fixed_as_client(w).pk}/milestones",
        data={"description": "Extra", "amount": "50.00"},
    ),
    Case(
        "PATCH",
        A + "/milestones/{milestone_id}",
        _e(200),
        url=lambda w: f"/api/v1/contracts/{(c := fixed_as_client(w)).pk}/milestones/{ms(c, 2)}",
        data={"amount": "250.00"},
    ),
    Case(
        "DELETE",
        A + "/milestones/{milestone_id}",
        _e(204),
        url=lambda w: f"/api/v1/contracts/{(c := fixed_as_client(w)).pk}/milestones/{ms(c, 2)}",
    ),
    Case(
        "POST",
        A + "/reorder-milestones",
        _e(200),
        url=lambda w: f"/api/v1/contracts/{fixed_as_client(w).pk}/reorder-milestones",
        data=lambda w: {"order": [str(ms(fixed_as_client(w), 1)), str(ms(fixed_as_client(w), 2))]},
    ),
    Case(
        "POST",
        A + "/milestones/{milestone_id}/fund",
        _e(200),
        url=lambda w: f"/api/v1/contracts/{(c := fixed_as_client(w)).pk}/milestones/{ms(c, 2)}/fund",
        data={},
    ),
    Case(
        "POST",
        A + "/milestones/{milestone_id}/submit",
        _e(422),  # the matrix sends no form fields: the owner is told what is missing
        url=lambda w: f"/api/v1/contracts/{(c := fixed_as_freelancer(w)).pk}/milestones/{ms(c, 1)}/submit",
    ),
    Case(
        "POST",
        A + "/milestones/{milestone_id}/approve",
        _e(200),
        url=lambda w: f"/api/v1/contracts/{(c := fixed_as_client(w)).pk}/milestones/{ms(c, 1)}/approve",
        data={},
    ),
    Case(
        "POST",
        A + "/milestones/{milestone_id}/request-changes",
        _e(409),  # funded, not submitted
        url=lambda w: (
            f"/api/v1/contracts/{(c := fixed_as_client(w)).pk}/milestones/{ms(c, 1)}/request-changes"
        ),
        data={"message": "more"},
    ),
    Case(
        "POST",
        A + "/milestones/{milestone_id}/dispute",
        _e(201),
        url=lambda w: f"/api/v1/contracts/{(c := fixed_as_freelancer(w)).pk}/milestones/{ms(c, 1)}/dispute",
        data={"reason": "not released"},
    ),
    Case("GET", A + "/files/{file_id}", _e(200), url=submitted_file),
    Case(
        "POST",
        A + "/bonuses",
        _e(201),
        url=lambda w: f"/api/v1/contracts/{fixed_as_client(w).pk}/bonuses",
        data={"amount": "10.00"},
    ),
    Case("POST", A + "/end", _e(409), url=lambda w: f"/api/v1/contracts/{fixed_as_client(w).pk}/end"),
    Case(
        "POST",
        A + "/pause",
        _e(200),
        url=lambda w: f"/api/v1/contracts/{fixed_as_client(w).pk}/pause",
        data={},
    ),
    Case("POST", A + "/resume", _e(409), url=lambda w: f"/api/v1/contracts/{fixed_as_client(w).pk}/resume"),
    Case(
        "POST",
        A + "/refund-request",
        _e(201),
        url=lambda w: f"/api/v1/contracts/{fixed_as_client(w).pk}/refund-request",
        data={"reason": "cancelled"},
    ),
    Case(
        "POST",
        A + "/refund-request/accept",
        _e(200),
        url=lambda w: f"/api/v1/contracts/{refund_request(w).pk}/refund-request/accept",
    ),
    Case(
        "POST",
        A + "/refund-request/dispute",
        _e(201),
        url=lambda w: f"/api/v1/contracts/{refund_request(w).pk}/refund-request/dispute",
        data={"reason": "work was done"},
    ),
    Case(
        "POST",
        A + "/terms",
        _e(200),
        url=lambda w: f"/api/v1/contracts/{hourly_as_client(w).pk}/terms",
        data={"weekly_limit_hours": 30},
    ),
    Case(
        "GET",
        A + "/work-diary",
        _e(200),
        url=lambda w: f"/api/v1/contracts/{hourly_as_client(w).pk}/work-diary",
    ),
    Case(
        "POST",
        A + "/segments",
        _e(422),  # before the contract started
        url=lambda w: f"/api/v1/contracts/{hourly_as_freelancer(w).pk}/segments",
        data={"start": "2020-01-06T09:00:00Z", "memo": "x", "keyboard": [1] * 10, "mouse": [1] * 10},
    ),
    Case(
        "DELETE",
        A + "/segments/{segment_id}",
        _e(204),
        url=lambda w: "/api/v1/contracts/{}/segments/{}".format(*(lambda c, s: (c.pk, s.pk))(*segment(w))),
    ),
    Case(
        "GET",
        A + "/segments/{segment_id}/screenshot",
        _e(200),
        url=lambda w: "/api/v1/contracts/{}/segments/{}/screenshot".format(
            *(lambda c, s: (c.pk, s.pk))(*segment(w, shot=True))
        ),
    ),
    Case(
        "POST",
        A + "/manual-time",
        _e(422),
        url=lambda w: f"/api/v1/contracts/{hourly_as_freelancer(w).pk}/manual-time",
        data={"start": "2020-01-06T09:00:00Z", "end": "2020-01-06T10:00:00Z", "memo": "call"},
    ),
    Case(
        "GET", A + "/invoices", _e(200), url=lambda w: f"/api/v1/contracts/{hourly_as_client(w).pk}/invoices"
    ),
    Case(
        "POST",
        A + "/invoices/{invoice_id}/dispute",
        _e(422),
        url=lambda w: "/api/v1/contracts/{}/invoices/{}/dispute".format(
            *(lambda c, i: (c.pk, i.pk))(*invoice(w))
        ),
        data={"segment_ids": [], "reason": "no"},
    ),
    Case(
        "POST",
        A + "/invoices/{invoice_id}/pay",
        _e(409),
        url=lambda w: "/api/v1/contracts/{}/invoices/{}/pay".format(
            *(lambda c, i: (c.pk, i.pk))(*invoice(w))
        ),
    ),
    Case(
        "GET",
        "/api/v1/disputes/{dispute_id}",
        _e(200, staff=200),
        url=lambda w: f"/api/v1/disputes/{dispute_for_client(w)}",
    ),
    Case(
        "POST",
        "/api/v1/disputes/{dispute_id}/answer",
        _e(200),
        url=lambda w: f"/api/v1/disputes/{dispute_for_client(w)}/answer",
        data={"message": "We disagree"},
    ),
    Case(
        "POST",
        "/api/v1/disputes/{dispute_id}/messages",
        _e(201, staff=201),
        url=lambda w: f"/api/v1/disputes/{dispute_for_client(w)}/messages",
        data={"message": "Here is what happened"},
    ),
    Case(
        "POST",
        "/api/v1/disputes/{dispute_id}/evidence",
        _e(422, staff=422),  # no files attached
        url=lambda w: f"/api/v1/disputes/{dispute_for_client(w)}/evidence",
    ),
    # Web pages.
    Case("GET", "/contracts/", WEB),
    Case(
        "GET",
        "/contracts/<int:contract_id>/",
        _e_web(200),
        url=lambda w: f"/contracts/{fixed_as_client(w).pk}/",
    ),
    Case(
        "POST",
        "/contracts/<int:contract_id>/do/<slug:action>/",
        _e_web(302),
        url=lambda w: f"/contracts/{fixed_as_client(w).pk}/do/pause/",
        data={"reason": "holiday"},
    ),
    Case(
        "GET",
        "/contracts/<int:contract_id>/diary/",
        _e_web(200),
        url=lambda w: f"/contracts/{hourly_as_client(w).pk}/diary/",
    ),
    Case(
        "GET",
        "/contracts/<int:contract_id>/files/<int:file_id>/",
        _e_web(200),
        url=lambda w: submitted_file(w).replace("/api/v1", "").replace("/files/", "/files/") + "/",
    ),
    Case(
        "GET",
        "/contracts/<int:contract_id>/segments/<int:segment_id>/screenshot/",
        _e_web(200),
        url=lambda w: "/contracts/{}/segments/{}/screenshot/".format(
            *(lambda c, s: (c.pk, s.pk))(*segment(w, shot=True))
        ),
    ),
    Case("GET", "/admin/contracts/dispute/", {"anon": 302, "other": 302, "owner": 302, "staff": 200}),
    Case(
        "GET",
        "/admin/contracts/identityverification/",
        {"anon": 302, "other": 302, "owner": 302, "staff": 200},
    ),
]

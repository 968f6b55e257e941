"""Demo contracts for `make run` (after the jobs and proposals demo data, which make the hires):

- the fixed-price "Onboarding illustrations" contract's history: first milestone approved and paid,
  a bonus, the second submitted and waiting for review (auto-approval in 14 days), the third not funded yet;
- the hourly "Monthly SEO articles" contract from the proposals demo, with a Work Diary: last week's
  tracked time invoiced (in review) and this week's time so far;
- freelancer@'s two contracts (hired in the proposals demo): the hourly "Fleet API maintenance" with its
  own Work Diary and invoice, and the fixed-price "Invoice reconciliation script" with its first
  milestone paid (pending in earnings) and the second funded, in progress.

Idempotent: keyed by titles and existing rows. Runs inside `seed_demo`'s transaction, so it calls the
services' bodies (`__wrapped__`: the same rules, without the durable transaction that would refuse to
nest). Segments are written as rows with generated screenshots (the tracker's API path is exercised
by the tests); every cent still moves through the ledger services.
"""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from hirehall.accounts.demo import demo_user
from hirehall.contracts.models import Contract, ContractMilestone, MilestoneStatus, SegmentKind, WorkSegment
from hirehall.contracts.policy import week_start_of
from hirehall.contracts.services import common, fixed, identity_set_verified
from hirehall.contracts.services.billing import invoice_week
from hirehall.contracts.sweeps import last_closed_week
from hirehall.core.clock import now as clock_now
from hirehall.core.demo_seed import service_body
from hirehall.core.uploads import store_image
from hirehall.ledger.operations import bonus_pay, deposit_record

FIXED_TITLE = "Onboarding illustrations"
HOURLY_TITLE = "Monthly SEO articles"
FREELANCER_HOURLY_TITLE = "Fleet API maintenance"
FREELANCER_FIXED_TITLE = "Invoice reconciliation script"


def seed() -> None:
    _fixed_contract()
    _hourly_diary(
        HOURLY_TITLE,
        ["Keyword research", "Outline: green ports", "Drafting article 1", "Editing and links"],
    )
    _hourly_diary(
        FREELANCER_HOURLY_TITLE,
        ["Telemetry endpoint tests", "Pagination for /robots", "Fix N+1 in fleet list", "Code review"],
    )
    _freelancer_fixed()


def _freelancer_fixed() -> None:
    """freelancer@'s fixed-price contract: milestone 1 delivered and paid, milestone 2 funded."""
    contract = Contract.objects.filter(title=FREELANCER_FIXED_TITLE).select_related("client").first()
    if contract is None:
        return
    m1, m2 = ContractMilestone.objects.filter(contract=contract).order_by("position")[:2]
    if m1.status != MilestoneStatus.FUNDED:
        return
    client, freelancer = contract.client, contract.freelancer
    service_body(fixed._milestone_submit)(
        freelancer, contract, m1.pk, "The parser reads all three suppliers' CSV exports; tests included.", []
    )
    service_body(fixed.milestone_approve)(actor=client, contract=contract, milestone_id=m1.pk)
    service_body(fixed._milestone_fund)(client, contract, m2.pk, None)


def _fixed_contract() -> None:
    # The proposals demo hires the designer (job, proposal, offer with milestone 1 funded); this
    # writes the history that followed. Milestone 1 still funded = the history is not written yet.
    contract = Contract.objects.filter(title=FIXED_TITLE).select_related("client", "freelancer").first()
    if contract is None:
        return
    client, designer, admin = contract.client, contract.freelancer, demo_user("admin@hirehall.test")
    m1, m2, _m3 = ContractMilestone.objects.filter(contract=contract).order_by("position")
    if m1.status != MilestoneStatus.FUNDED:
        return
    service_body(fixed._milestone_submit)(designer, contract, m1.pk, "Sketches attached as discussed.", [])
    service_body(fixed.milestone_approve)(actor=client, contract=contract, milestone_id=m1.pk)
    bonus_pay(
        actor=client,
        payee=designer,
        reference=f"contract:{contract.pk}",
        amount_cents=25_00,
        key=f"demo-bonus:{contract.pk}",
    )
    common.event(contract, "bonus", "Bonus paid: lovely sketches", actor=client, amount=25_00)
    service_body(fixed._milestone_fund)(client, contract, m2.pk, None)
    service_body(fixed._milestone_submit)(
        designer, contract, m2.pk, "Final illustrations ready for review.", []
    )
    if admin is not None:
        service_body(identity_set_verified)(actor=admin, user=designer, verified=True, note="demo")


def _screenshot(label: str, shade: int) -> str:
    image = Image.new("RGB", (320, 200), (238, 242, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 320, 24), fill=(18, 183, 106))
    draw.rectangle((16, 40, 16 + shade, 60), fill=(100, 120, 200))
    draw.text((16, 80), label, fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, "PNG")
    stored = store_image(SimpleUploadedFile("shot.png", out.getvalue()), folder="diary/demo", thumbnail=False)
    return stored.path


def _hourly_diary(title: str, memos: list[str]) -> None:
    """Last week's tracked time (invoiced, in review) and this week's so far, with screenshots."""
    contract = Contract.objects.filter(title=title).select_related("client", "freelancer").first()
    admin = demo_user("admin@hirehall.test")
    if contract is None or WorkSegment.objects.filter(contract=contract).exists():
        return
    now = clock_now()
    if admin is not None:
        service_body(identity_set_verified)(actor=admin, user=contract.freelancer, verified=True, note="demo")
    deposit_record(
        actor=contract.client,
        amount_cents=2_000_00,
        key=f"demo-deposit:contracts:{contract.pk}",
        provider_ref="demo",
    )
    closed_week = last_closed_week(now)
    this_week = week_start_of(now)
    rows: list[WorkSegment] = []

    def day_of_work(start: Any, slots: int, memo: str) -> None:
        for i in range(slots):
            begins = start + timedelta(minutes=10 * i)
            if begins + timedelta(minutes=10) > now:
                return
            keyboard = [(i * 7 + k * 3) % 40 for k in range(10)]
            mouse = [(i * 5 + k) % 20 for k in range(10)]
            rows.append(
                WorkSegment(
                    contract=contract,
                    freelancer=contract.freelancer,
                    start=begins,
                    week_start=week_start_of(begins),
                    kind=SegmentKind.TRACKED,
                    memo=memo,
                    screenshot=_screenshot(f"{memo} {begins:%a %H:%M}", 40 + (i * 37) % 240),
                    screenshot_at=begins + timedelta(minutes=4),
                    keyboard=keyboard,
                    mouse=mouse,
                    active_minutes=sum(1 for k, m in zip(keyboard, mouse, strict=True) if k or m),
                    fingerprint=hashlib.sha256(
                        f"demo:{contract.pk}:{begins.isoformat()}".encode()
                    ).hexdigest(),
                    created_at=begins + timedelta(minutes=10),
                )
            )

    from datetime import UTC, datetime, time

    for offset, memo in enumerate(memos[:3]):
        day = closed_week + timedelta(days=offset)
        day_of_work(datetime.combine(day, time(9), tzinfo=UTC), 12, memo)
    day_of_work(datetime.combine(this_week, time(9), tzinfo=UTC), 9, memos[3])
    WorkSegment.objects.bulk_create(rows)
    if contract.started_at > datetime.combine(closed_week, time(0), tzinfo=UTC):
        # The contract "started" before the demo history it shows.
        Contract.objects.filter(pk=contract.pk).update(
            started_at=datetime.combine(closed_week, time(0), tzinfo=UTC)
        )
    service_body(invoice_week)(contract_id=contract.pk, week_start=closed_week, now=now)

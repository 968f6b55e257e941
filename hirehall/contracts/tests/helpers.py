from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from hirehall.core.sweeps_registry import run_sweeps
from hirehall.ledger.models import Account, Transfer
from hirehall.ledger.selectors import balances_for


def sweep(now: datetime | None = None) -> dict[str, int]:
    results = run_sweeps(now or timezone.now())
    assert all(r.error is None for r in results), results
    return {r.name: r.processed for r in results}


def earnings(user):  # (pending, available) in cents
    b = balances_for(user)
    return b.earnings_pending, b.earnings_available


def earning_transfers(user):
    return list(
        Transfer.objects.filter(
            credit_account__owner=user,
            credit_account__kind=Account.Kind.FREELANCER_EARNINGS,
            code=Transfer.Code.EARNING,
        ).order_by("pk")
    )


def png_b64(color: tuple[int, int, int] = (40, 120, 200)) -> str:
    import base64
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 20), color).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


def track(
    freelancer,
    contract,
    start: datetime,
    count: int,
    *,
    memo: str = "Working on the loader",
    active=True,
    shot=True,
):
    """Record `count` consecutive tracked segments from `start` through the service."""
    from datetime import timedelta

    from hirehall.contracts.services import segment_record
    from hirehall.contracts.services.hourly import SegmentInput

    shot_b64 = png_b64() if shot else ""
    made = []
    for i in range(count):
        made.append(
            segment_record(
                actor=freelancer,
                contract=contract,
                data=SegmentInput(
                    start=start + timedelta(minutes=10 * i),
                    memo=memo,
                    keyboard=tuple([30] * 10 if active else [0] * 10),
                    mouse=tuple([12] * 10 if active else [0] * 10),
                    screenshot_b64=shot_b64,
                ),
            )[0]
        )
    return made


def verified_parties(user_factory, *, wallet: int = 5_000_00, card: str = "4242424242424242"):
    from hirehall.contracts.services import identity_set_verified
    from hirehall.ledger.tests.helpers import fund_wallet
    from hirehall.payments.services import payment_method_add_card

    client, freelancer = user_factory(), user_factory()
    staff = user_factory(is_staff=True)
    if wallet:
        fund_wallet(client, wallet)
    if card:
        payment_method_add_card(actor=client, number=card, exp_month=12, exp_year=2030, cvc="123")
    identity_set_verified(actor=staff, user=freelancer, verified=True)
    return client, freelancer, staff

"""Row locks of contracts (docs/money.md, "Lock order"; the order within the app is written in
`contracts/services/__init__.py`): dispute → contract → milestone / refund request / invoice / work
segment → protection claim → ledger. A contract's own rows are locked only while its contract row is
held, so their order among themselves cannot deadlock (callers may re-order them, e.g. by position).
`of=("self",)`: a `select_related` never locks the parties' user rows by accident.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.contracts.models import (
    Contract,
    ContractMilestone,
    Dispute,
    IdentityVerification,
    Invoice,
    ProtectionClaim,
    RefundRequest,
    WorkSegment,
)


def contracts_qs_select_for_update(*, skip_locked: bool = False) -> QuerySet[Contract]:
    """FOR NO KEY UPDATE: rows that only reference the contract (events, segments) can still be
    inserted meanwhile; a plain FOR UPDATE would block their foreign-key checks."""
    return Contract.objects.order_by("pk").select_for_update(
        no_key=True, skip_locked=skip_locked, of=("self",)
    )


def milestones_qs_select_for_update(*, skip_locked: bool = False) -> QuerySet[ContractMilestone]:
    return ContractMilestone.objects.order_by("pk").select_for_update(skip_locked=skip_locked, of=("self",))


def refund_requests_qs_select_for_update(*, skip_locked: bool = False) -> QuerySet[RefundRequest]:
    return RefundRequest.objects.order_by("pk").select_for_update(skip_locked=skip_locked, of=("self",))


def invoices_qs_select_for_update(*, skip_locked: bool = False) -> QuerySet[Invoice]:
    return Invoice.objects.order_by("pk").select_for_update(skip_locked=skip_locked, of=("self",))


def disputes_qs_select_for_update(*, skip_locked: bool = False) -> QuerySet[Dispute]:
    return Dispute.objects.order_by("pk").select_for_update(skip_locked=skip_locked, of=("self",))


def work_segments_qs_select_for_update() -> QuerySet[WorkSegment]:
    return WorkSegment.objects.order_by("pk").select_for_update(of=("self",))


def protection_claims_qs_select_for_update() -> QuerySet[ProtectionClaim]:
    return ProtectionClaim.objects.order_by("pk").select_for_update(of=("self",))


def identity_verifications_qs_select_for_update() -> QuerySet[IdentityVerification]:
    return IdentityVerification.objects.order_by("pk").select_for_update(of=("self",))

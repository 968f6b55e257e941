"""The moderation API's output shapes (names prefixed: Ninja files schemas by class name)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.core.schemas import IdStr
from hirehall.moderation.models import IdentitySubmission, LedgerAdjustment


class ModerationCheckOut(Schema):
    flagged: bool
    reasons: list[str]


class ModerationStrikeOut(Schema):
    id: IdStr
    reason: str
    source: str | None
    created_at: datetime
    voided_at: datetime | None

    @staticmethod
    def resolve_source(obj: object) -> str | None:
        flag = getattr(obj, "flag", None)
        return flag.source if flag is not None else None


class ModerationStrikePage(Schema):
    items: list[ModerationStrikeOut]
    next: str | None


class ModerationRestrictionOut(Schema):
    id: IdStr
    kind: str
    features: list[str]
    reason: str
    pending_review: bool
    until: datetime | None
    created_at: datetime
    lifted_at: datetime | None


class ModerationRestrictionPage(Schema):
    items: list[ModerationRestrictionOut]
    next: str | None


class ModerationReportOut(Schema):
    id: IdStr
    target_type: str
    target_id: IdStr
    reason: str
    details: str
    status: str
    outcome: str
    created_at: datetime
    resolved_at: datetime | None


class ModerationReportPage(Schema):
    items: list[ModerationReportOut]
    next: str | None


class ModerationAppealOut(Schema):
    id: IdStr
    restriction_id: IdStr | None
    strike_id: IdStr | None
    text: str
    status: str
    answer: str
    created_at: datetime
    answered_at: datetime | None


class ModerationFlagOut(Schema):
    id: IdStr
    user_id: IdStr
    source: str
    object_id: IdStr
    excerpt: str
    reasons: list[str]
    status: str
    created_at: datetime


class ModerationQueueOut(Schema):
    flags: list[ModerationFlagOut]
    reports: list[ModerationReportOut]
    strikes: list[ModerationStrikeOut]
    appeals: list[ModerationAppealOut]
    pending: list[ModerationRestrictionOut]


class ModerationStaffActionOut(Schema):
    id: IdStr
    actor_id: IdStr
    action: str
    target_user_id: IdStr | None
    target_ref: str
    reason: str
    before: dict[str, object]
    after: dict[str, object]
    created_at: datetime


class ModerationStaffActionPage(Schema):
    items: list[ModerationStaffActionOut]
    next: str | None


# --- ledger adjustments (four eyes) ---------------------------------------------------------------------
class ModerationAdjustmentOut(Schema):
    id: IdStr
    user_id: IdStr
    account: str
    direction: str
    amount: str  # decimal string with two places, like every amount of the API
    currency: str = CURRENCY
    reason: str
    status: str
    needs_second_approval: bool
    requested_by_id: IdStr
    requested_at: datetime
    approved_by_id: IdStr | None
    refused_by_id: IdStr | None
    refusal_reason: str
    decided_at: datetime | None

    @staticmethod
    def resolve_amount(obj: LedgerAdjustment) -> str:
        return cents_to_decimal_str(obj.amount_cents)


class ModerationAdjustmentPage(Schema):
    items: list[ModerationAdjustmentOut]
    next: str | None


# --- identity verification ---------------------------------------------------------------------------
class IdentityStatusOut(Schema):
    status: str  # not_submitted, pending, verified, refused
    verified: bool
    reason: str
    submitted_at: datetime | None
    decided_at: datetime | None
    can_submit: bool


class ModerationIdentityOut(Schema):
    id: IdStr
    user_id: IdStr
    status: str
    reason: str
    document_type: str
    document_url: str
    selfie_url: str
    submitted_at: datetime
    decided_by_id: IdStr | None
    decided_at: datetime | None

    @staticmethod
    def resolve_document_url(obj: IdentitySubmission) -> str:
        return f"/api/v1/staff/moderation/identity/{obj.pk}/files/document"

    @staticmethod
    def resolve_selfie_url(obj: IdentitySubmission) -> str:
        return f"/api/v1/staff/moderation/identity/{obj.pk}/files/selfie"


class ModerationIdentityPage(Schema):
    items: list[ModerationIdentityOut]
    next: str | None

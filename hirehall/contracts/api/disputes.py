"""Dispute cases: read, answer, messages, evidence."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from hirehall.contracts import selectors
from hirehall.contracts.api._common import MUTATE, ContractMessageIn
from hirehall.contracts.models import Dispute
from hirehall.contracts.schemas import DisputeOut
from hirehall.contracts.services.disputes import (
    dispute_evidence_add,
    dispute_message_add,
    fixed_dispute_respond,
    hourly_dispute_answer,
)
from hirehall.core.api import problems
from hirehall.core.errors import DomainError
from hirehall.core.schemas import Id
from hirehall.core.web import request_user

router = Router()


@router.get(
    "/disputes/{dispute_id}", response={200: DisputeOut, **problems(401, 404)}, summary="A dispute case"
)
def dispute_api(request: HttpRequest, dispute_id: Id) -> Dispute:
    return selectors.dispute_get_for(request_user(request), dispute_id)


class DisputeAnswerIn(Schema):
    accept: bool | None = Field(None, description="hourly (freelancer): accept = refund the disputed time")
    message: str = Field("", max_length=5000, description="fixed price (client): your response")


@router.post(
    "/disputes/{dispute_id}/answer", response={200: DisputeOut, **MUTATE}, summary="Answer a dispute"
)
def dispute_answer_api(request: HttpRequest, dispute_id: Id, body: DisputeAnswerIn) -> Dispute:
    user = request_user(request)
    dispute = selectors.dispute_get_for(user, dispute_id)
    if dispute.kind == Dispute.Kind.HOURLY:
        if body.accept is None:
            raise DomainError("validation_error", "Say whether you accept (true) or decline (false).")
        hourly_dispute_answer(actor=user, dispute=dispute, accept=body.accept, note=body.message)
    else:
        fixed_dispute_respond(actor=user, dispute=dispute, message=body.message)
    return selectors.dispute_get_for(user, dispute_id)


@router.post(
    "/disputes/{dispute_id}/messages",
    response={201: DisputeOut, **MUTATE},
    summary="Add a message to the case",
)
def dispute_message_api(request: HttpRequest, dispute_id: Id, body: ContractMessageIn) -> Status:
    user = request_user(request)
    dispute = selectors.dispute_get_for(user, dispute_id)
    dispute_message_add(actor=user, dispute=dispute, body=body.message)
    return Status(201, dispute)


@router.post(
    "/disputes/{dispute_id}/evidence", response={201: DisputeOut, **MUTATE}, summary="Add evidence files"
)
def dispute_evidence_api(
    request: HttpRequest,
    dispute_id: Id,
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    user = request_user(request)
    dispute = selectors.dispute_get_for(user, dispute_id)
    dispute_evidence_add(actor=user, dispute=dispute, files=list(files or []))
    return Status(201, dispute)

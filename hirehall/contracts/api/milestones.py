"""Fixed-price milestones: add, edit, remove, reorder, fund, submit, approve, request changes, dispute."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from hirehall.contracts.api._common import MUTATE, ContractMessageIn, ReasonIn, amount, get_contract
from hirehall.contracts.models import ContractMilestone
from hirehall.contracts.schemas import DisputeOut, MilestoneOut, SubmissionOut
from hirehall.contracts.services import (
    milestone_add,
    milestone_approve,
    milestone_edit,
    milestone_fund,
    milestone_remove,
    milestone_request_changes,
    milestone_submit,
    milestones_reorder,
)
from hirehall.contracts.services.disputes import milestone_dispute_open
from hirehall.core.money import parse_money
from hirehall.core.schemas import Id, IsoDate
from hirehall.payments.selectors import payment_method_get_for

router = Router()


class ContractMilestoneIn(Schema):
    description: str = Field(..., max_length=300)
    amount: str = Field(..., max_length=20, description='decimal string, e.g. "250.00"')
    due_date: IsoDate | None = None


class MilestoneEditIn(Schema):
    description: str | None = Field(None, max_length=300)
    amount: str | None = Field(None, max_length=20)
    due_date: IsoDate | None = None


class ReorderIn(Schema):
    order: list[Id] = Field(..., max_length=200, description="every milestone id, in the new order")


class FundIn(Schema):
    payment_method_id: Id | None = Field(None, description="a saved card; default: the wallet")


class ApproveIn(Schema):
    amount: str | None = Field(
        None, max_length=20, description="release a different amount (the rest is refunded)"
    )


@router.post(
    "/contracts/{contract_id}/milestones", response={201: MilestoneOut, **MUTATE}, summary="Add a milestone"
)
def milestone_create_api(request: HttpRequest, contract_id: Id, body: ContractMilestoneIn) -> Status:
    user, contract = get_contract(request, contract_id)
    cents = parse_money(body.amount)
    m = milestone_add(
        actor=user,
        contract=contract,
        description=body.description,
        amount_cents=cents,
        due_date=body.due_date,
    )
    return Status(201, m)


@router.patch(
    "/contracts/{contract_id}/milestones/{milestone_id}",
    response={200: MilestoneOut, **MUTATE},
    summary="Edit an unfunded milestone",
)
def milestone_edit_api(
    request: HttpRequest, contract_id: Id, milestone_id: Id, body: MilestoneEditIn
) -> ContractMilestone:
    user, contract = get_contract(request, contract_id)
    return milestone_edit(
        actor=user,
        contract=contract,
        milestone_id=milestone_id,
        description=body.description,
        amount_cents=amount(body.amount),
        due_date=body.due_date,
    )


@router.delete(
    "/contracts/{contract_id}/milestones/{milestone_id}",
    response={204: None, **MUTATE},
    summary="Remove an unfunded milestone",
)
def milestone_delete_api(request: HttpRequest, contract_id: Id, milestone_id: Id) -> Status:
    user, contract = get_contract(request, contract_id)
    milestone_remove(actor=user, contract=contract, milestone_id=milestone_id)
    return Status(204, None)


@router.post(
    "/contracts/{contract_id}/reorder-milestones",
    response={200: list[MilestoneOut], **MUTATE},
    summary="Reorder milestones",
)
def milestones_reorder_api(request: HttpRequest, contract_id: Id, body: ReorderIn) -> list[ContractMilestone]:
    user, contract = get_contract(request, contract_id)
    return list(milestones_reorder(actor=user, contract=contract, order=body.order))


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/fund",
    response={200: MilestoneOut, **MUTATE},
    summary="Fund a milestone",
)
def milestone_fund_api(
    request: HttpRequest, contract_id: Id, milestone_id: Id, body: FundIn
) -> ContractMilestone:
    user, contract = get_contract(request, contract_id)
    method = payment_method_get_for(user, body.payment_method_id) if body.payment_method_id else None
    return milestone_fund(actor=user, contract=contract, milestone_id=milestone_id, payment_method=method)


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/submit",
    response={201: SubmissionOut, **MUTATE},
    summary="Submit work (message + files)",
)
def milestone_submit_api(
    request: HttpRequest,
    contract_id: Id,
    milestone_id: Id,
    message: Form[str] = "",
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    user, contract = get_contract(request, contract_id)
    submission = milestone_submit(
        actor=user,
        contract=contract,
        milestone_id=milestone_id,
        message=message,
        files=list(files or []),
    )
    return Status(201, submission)


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/approve",
    response={200: MilestoneOut, **MUTATE},
    summary="Approve and pay (optionally a different amount)",
)
def milestone_approve_api(
    request: HttpRequest, contract_id: Id, milestone_id: Id, body: ApproveIn
) -> ContractMilestone:
    user, contract = get_contract(request, contract_id)
    return milestone_approve(
        actor=user, contract=contract, milestone_id=milestone_id, amount_cents=amount(body.amount)
    )


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/request-changes",
    response={200: MilestoneOut, **MUTATE},
    summary="Request changes",
)
def milestone_changes_api(
    request: HttpRequest, contract_id: Id, milestone_id: Id, body: ContractMessageIn
) -> ContractMilestone:
    user, contract = get_contract(request, contract_id)
    return milestone_request_changes(
        actor=user, contract=contract, milestone_id=milestone_id, message=body.message
    )


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/dispute",
    response={201: DisputeOut, **MUTATE},
    summary="Dispute a non-release (freelancer)",
)
def milestone_dispute_api(request: HttpRequest, contract_id: Id, milestone_id: Id, body: ReasonIn) -> Status:
    user, contract = get_contract(request, contract_id)
    dispute = milestone_dispute_open(
        actor=user, contract=contract, milestone_id=milestone_id, reason=body.reason
    )
    return Status(201, dispute)

"""Invitations: a client invites a freelancer to apply (free for them); the freelancer may decline."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hirehall.accounts.models import User
from hirehall.core.api import problems
from hirehall.core.errors import NotFound
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.jobs.selectors import owned_job_get_for
from hirehall.proposals import selectors, services
from hirehall.proposals.models import Invitation
from hirehall.proposals.schemas import InvitationOut, InvitationPage

router = Router()


class InvitationIn(Schema):
    freelancer_id: Id
    message: str = Field("", max_length=2000)


class InvitationDeclineIn(Schema):
    reason: Literal["not_interested", "too_busy", "budget", "skills", "other"]
    note: str = Field("", max_length=300)


def _freelancer(freelancer_id: int) -> User:
    user = User.objects.filter(pk=freelancer_id, is_freelancer=True, is_active=True).first()
    if user is None:
        raise NotFound("No such freelancer.")
    return user


@router.post(
    "/jobs/{job_id}/invitations",
    response={201: InvitationOut, **problems(401, 404, 409, 422)},
    summary="Invite a freelancer to apply (free for them)",
)
def invite(request: HttpRequest, job_id: Id, payload: InvitationIn) -> Status:
    user = request_user(request)
    job = owned_job_get_for(user, job_id)
    invitation = services.invitation_send(
        actor=user, job=job, freelancer=_freelancer(payload.freelancer_id), message=payload.message
    )
    return Status(201, invitation)


@router.get(
    "/invitations", response={200: InvitationPage, **problems(400, 401)}, summary="Invitations you received"
)
def my_invitations(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(selectors.invitations_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.post(
    "/invitations/{invitation_id}/decline",
    response={200: InvitationOut, **problems(401, 404, 409, 422)},
    summary="Decline an invitation with a reason",
)
def decline_invitation(request: HttpRequest, invitation_id: Id, payload: InvitationDeclineIn) -> Invitation:
    user = request_user(request)
    return services.invitation_decline(
        actor=user,
        invitation=selectors.invitation_get_for(user, invitation_id),
        reason=payload.reason,
        note=payload.note,
    )

"""Demo conversations for `make run`: the interview on the shortlisted React proposal and a few
messages on the fixed-price demo contract, one left unread for the freelancer.

Idempotent: a room that already has messages is left alone. Runs inside `seed_demo`'s transaction,
so it calls the services' bodies (`__wrapped__`), with the same rules.
"""

from __future__ import annotations

from typing import Any

from hirehall.contracts.demo import FIXED_TITLE
from hirehall.contracts.models import Contract
from hirehall.core.demo_seed import service_body
from hirehall.messaging import services
from hirehall.messaging.models import Message, Room
from hirehall.proposals.models import Proposal

REACT_JOB = "React front end for the robot dashboard"


def _say(room: Room, lines: list[tuple[Any, str]]) -> None:
    if Message.objects.filter(room=room).exists():
        return
    for actor, body in lines:
        service_body(services._send)(actor, room, body, [], False)


def seed() -> None:
    interview = (
        Proposal.objects.filter(job__title=REACT_JOB, freelancer__email="dev@hirehall.test")
        .select_related("job__client", "freelancer")
        .first()
    )
    if interview is not None:
        client, dev = interview.job.client, interview.freelancer
        room = service_body(services.room_for_proposal)(actor=client, proposal=interview)
        _say(room, [(client, "Could you show a dashboard you built?"), (dev, "Sure, here is one.")])
    contract = Contract.objects.filter(title=FIXED_TITLE).select_related("client", "freelancer").first()
    if contract is not None:
        client, freelancer = contract.client, contract.freelancer
        room = service_body(services.room_for_contract)(actor=client, contract=contract)
        _say(
            room,
            [
                (client, "Welcome aboard! The brand guide is in the job post."),
                (freelancer, "Thanks, first sketches by Friday."),
                (client, "Great. Could the mascot wave in the first screen?"),
            ],
        )

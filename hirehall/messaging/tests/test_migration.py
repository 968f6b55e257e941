"""The data migration that moved the proposal threads (`proposals.Message`) into proposal rooms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from hirehall.jobs.testing import open_job
from hirehall.messaging.models import Membership, Message, Room
from hirehall.proposals.models import Proposal
from hirehall.proposals.tests.helpers import apply

BEFORE = [("proposals", "0002_money_columns_bigint")]
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_proposal_threads_move_into_rooms(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    talked = apply(freelancer, open_job(client, title="Talked about"))
    silent = apply(user_factory(), open_job(client, title="Never messaged"))

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("proposals", "Message")
    for i, (sender, body) in enumerate(
        [(client, "Can you start Monday?"), (freelancer, "Yes."), (client, "Great")]
    ):
        old.objects.create(
            proposal_id=talked.pk, sender_id=sender.pk, body=body, created_at=T0 + timedelta(minutes=i)
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    room = Room.objects.get()
    assert (room.kind, room.proposal_id, room.job_id, room.title) == (
        "proposal",
        talked.pk,
        talked.job_id,
        "Talked about",
    )
    assert (room.last_message_at, room.last_message_preview) == (T0 + timedelta(minutes=2), "Great")
    moved = list(
        Message.objects.filter(room=room).order_by("id").values_list("sender_id", "body", "created_at")
    )
    assert moved == [
        (client.pk, "Can you start Monday?", T0),
        (freelancer.pk, "Yes.", T0 + timedelta(minutes=1)),
        (client.pk, "Great", T0 + timedelta(minutes=2)),
    ]
    members = {m.user_id: m.last_read_message_id for m in Membership.objects.filter(room=room)}
    assert set(members) == {client.pk, freelancer.pk}
    assert set(members.values()) == {Message.objects.filter(room=room).order_by("-id").first().pk}  # all read
    talked = Proposal.objects.get(pk=talked.pk)
    assert (talked.client_messaged_at, talked.freelancer_messaged_at) == (T0, T0 + timedelta(minutes=1))
    assert Proposal.objects.get(pk=silent.pk).client_messaged_at is None

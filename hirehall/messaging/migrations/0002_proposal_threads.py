"""Move every proposal's interview thread (`proposals.Message`) into a proposal room.

One room per proposal that has messages, the client and the freelancer as members, every message
copied with its sender and time. There was no read state before: both members start with the
whole thread read (a flood of "unread" on day one would be noise, not information).
"""

from django.db import migrations

BATCH = 500


def forwards(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    OldMessage = apps.get_model("proposals", "Message")
    Room = apps.get_model("messaging", "Room")
    Membership = apps.get_model("messaging", "Membership")
    Message = apps.get_model("messaging", "Message")
    proposals = Proposal.objects.filter(messages__isnull=False).select_related("job").distinct().order_by("pk")
    for proposal in proposals.iterator(chunk_size=BATCH):
        old = list(OldMessage.objects.filter(proposal_id=proposal.pk).order_by("id"))
        room = Room.objects.create(
            kind="proposal",
            proposal_id=proposal.pk,
            job_id=proposal.job_id,
            title=proposal.job.title[:200],
            created_at=old[0].created_at,
            last_message_at=old[-1].created_at,
            last_message_preview=" ".join(old[-1].body.split())[:140],
        )
        Message.objects.bulk_create(
            [Message(room=room, sender_id=m.sender_id, body=m.body, created_at=m.created_at) for m in old]
        )
        last_id = Message.objects.filter(room=room).order_by("-id").values_list("id", flat=True).first()
        Membership.objects.bulk_create(
            [
                Membership(room=room, user_id=uid, last_read_message_id=last_id, joined_at=room.created_at)
                for uid in (proposal.job.client_id, proposal.freelancer_id)
            ]
        )


def backwards(apps, schema_editor):
    Room = apps.get_model("messaging", "Room")
    OldMessage = apps.get_model("proposals", "Message")
    Message = apps.get_model("messaging", "Message")
    for room in Room.objects.filter(kind="proposal").order_by("pk"):
        OldMessage.objects.bulk_create(
            [
                OldMessage(proposal_id=room.proposal_id, sender_id=m.sender_id, body=m.body, created_at=m.created_at)
                for m in Message.objects.filter(room=room).order_by("id")
            ]
        )
    Room.objects.filter(kind="proposal").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("proposals", "0003_interview_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

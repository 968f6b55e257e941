"""The interview facts move onto the proposal (the thread itself moves to messaging, issue 11).

`client_messaged_at` / `freelancer_messaged_at`: the first message of each side, backfilled from the
old `proposals.Message` rows before messaging's data migration copies them into rooms.
"""

from django.db import migrations, models
from django.db.models import Min


def backfill(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Message = apps.get_model("proposals", "Message")
    for proposal in Proposal.objects.filter(messages__isnull=False).select_related("job").distinct():
        first = Message.objects.filter(proposal=proposal)
        client = first.filter(sender_id=proposal.job.client_id).aggregate(at=Min("created_at"))["at"]
        freelancer = first.filter(sender_id=proposal.freelancer_id).aggregate(at=Min("created_at"))["at"]
        Proposal.objects.filter(pk=proposal.pk).update(
            client_messaged_at=client, freelancer_messaged_at=freelancer
        )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_money_columns_bigint"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="client_messaged_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="proposal",
            name="freelancer_messaged_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]

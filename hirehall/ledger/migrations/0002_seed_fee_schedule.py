"""Fee schedule v1 (DESIGN §5): the defaults, as data. Operators add later versions in the admin."""

from datetime import UTC, datetime

from django.db import migrations


def seed(apps, schema_editor):
    FeeSchedule = apps.get_model("ledger", "FeeSchedule")
    FeeTier = apps.get_model("ledger", "FeeTier")
    schedule, created = FeeSchedule.objects.get_or_create(
        version=1,
        defaults={
            "effective_from": datetime(2020, 1, 1, tzinfo=UTC),
            "marketplace_fee_bps": 500,
            "bank_withdrawal_fee_cents": 99,
            "instant_withdrawal_fee_cents": 200,
            "security_hold_days": 5,
            "description": "Launch schedule: 20% / 10% / 5% at $500 / $10,000; client fee 5%.",
        },
    )
    if created:
        for up_to, bps in ((500_00, 2000), (10_000_00, 1000), (None, 500)):
            FeeTier.objects.create(schedule=schedule, up_to_cents=up_to, rate_bps=bps)


def unseed(apps, schema_editor):
    apps.get_model("ledger", "FeeSchedule").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]

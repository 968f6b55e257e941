"""The old interview thread table goes once messaging's data migration has copied it into rooms."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0003_interview_fields"),
        ("messaging", "0002_proposal_threads"),
    ]

    operations = [
        migrations.DeleteModel(name="Message"),
    ]

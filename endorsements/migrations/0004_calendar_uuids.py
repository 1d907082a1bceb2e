"""Submission periods and exam weeks get a UUID: staff pages address them by it."""

import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    for name in ("SubmissionPeriod", "ExamWeek"):
        model = apps.get_model("endorsements", name)
        for row in model.objects.filter(uuid__isnull=True).only("pk"):
            row.uuid = uuid.uuid4()
            row.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("endorsements", "0003_granted_endorsements")]

    operations = [
        migrations.AddField(
            "submissionperiod", "uuid", models.UUIDField(null=True, editable=False)
        ),
        migrations.AddField("examweek", "uuid", models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            "submissionperiod",
            "uuid",
            models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
        migrations.AlterField(
            "examweek", "uuid", models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
        ),
    ]

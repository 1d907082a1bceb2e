# The coordinator's queue at scale (issue 16): a stored count of each application's submitted
# ratings (filled here from the references), and indexes for its sorts.

from django.db import migrations, models

FILL = """
UPDATE applications_application SET references_done = (
    SELECT COUNT(*) FROM applications_reference
    WHERE applications_reference.application_id = applications_application.id
      AND applications_reference.status = 'submitted'
)
"""

# Newest submissions first, never submitted last (PostgreSQL only;
# SQLite, used by tests, cannot declare NULLS LAST in an index and does without).
DESC_INDEX = (
    "CREATE INDEX IF NOT EXISTS applications_queue_desc_idx ON applications_application "
    "(association_id, submitted_at DESC NULLS LAST, id DESC)"
)


def newest_first_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DESC_INDEX)


def drop_newest_first_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS applications_queue_desc_idx")


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0006_reference_language'),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='references_done',
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=True),
        migrations.RunPython(newest_first_index, drop_newest_first_index, elidable=True),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['association', 'status', 'submitted_at', 'id'], name='applications_queue_status_idx'),
        ),
    ]

# ``Reference`` now belongs to the ``references`` app (its migration 0002 takes it over with the
# same table): only Django's record of the model leaves this app; the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0007_queue_counts_and_indexes'),
        ('references', '0002_reference_moved_here'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Reference')],
            database_operations=[],
        ),
    ]

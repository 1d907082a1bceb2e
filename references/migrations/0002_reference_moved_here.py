# The nominated rater (``Reference``) moves here from ``applications``: only Django's idea of which
# app owns it changes. The table keeps its name (``applications_reference``), so no row moves.

import uuid

import django.db.models.deletion
from django.db import migrations, models


def _move_content_type(apps, schema_editor, old: str, new: str) -> None:
    """Keep the audit history of every reference: its rows point to the model's content type."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=new, model="reference").exists():
        types.filter(app_label=old, model="reference").update(app_label=new)


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "applications", "references")


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "references", "applications")


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0006_reference_language'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('references', '0001_invitations_links_ratings_vetting'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Reference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('rater_name', models.CharField(max_length=200, verbose_name="rater's name")),
                        ('email', models.EmailField(max_length=254, verbose_name="rater's email address")),
                        ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                        ('relationship', models.CharField(choices=[('current_supervisor', 'Current programme supervisor'), ('other_supervisor', 'Another supervisor'), ('rsc_provider', 'My reflective supervision/consultation provider'), ('rsc_recipient', 'Someone who receives RS/C from me'), ('supervisee', 'Someone I supervise'), ('colleague', 'Colleague'), ('teacher', 'Teacher'), ('trainer', 'Trainer'), ('consultant', 'Consultant'), ('parent', 'Parent or service recipient'), ('board_member', 'Board member'), ('cda_mentor', 'CDA mentor'), ('department_chair', 'Department supervisor or chair'), ('student', 'A student I taught or supervised')], max_length=30, verbose_name='relationship to you')),
                        ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish')], default='en', max_length=10, verbose_name="language of the rater's emails")),
                        ('rater_endorsement', models.CharField(blank=True, max_length=20, verbose_name="rater's endorsement")),
                        ('rater_vetted', models.BooleanField(default=False)),
                        ('waiver_signed', models.BooleanField(default=False)),
                        ('status', models.CharField(choices=[('nominated', 'Nominated'), ('invited', 'Invited'), ('opened', 'Opened the form'), ('submitted', 'Rating submitted'), ('declined', 'Declined'), ('expired', 'Link expired'), ('replaced', 'Replaced')], default='nominated', max_length=20)),
                        ('submitted_at', models.DateTimeField(blank=True, null=True)),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='references', to='applications.application')),
                    ],
                    options={
                        'db_table': 'applications_reference',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.AlterField(
                    model_name='invitation',
                    name='reference',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='invitation', to='references.reference'),
                ),
                migrations.AlterField(
                    model_name='invitation',
                    name='replaced_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replaces', to='references.reference'),
                ),
                migrations.AlterField(
                    model_name='vettingdecision',
                    name='reference',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='vetting_decisions', to='references.reference'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]

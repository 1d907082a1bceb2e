"""One professional log per person (issue 14, item 1).

Degrees, certificates, work, training, RS/C, leadership activities, memberships and documents
gain an ``owner`` (the applicant of the application they were logged in); ``application`` stays
only as where an entry was first logged. Nothing is lost: every row keeps its values and gets
its owner. The only rows merged are a person's exact repeats of one training (same day and
title) or one RS/C session (same day, provider and format) logged in two applications: the log
keeps one of them (the one with more hours) and the competency narratives that pointed at the
other point at the kept one.
"""

from collections import defaultdict

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

LOG_MODELS = (
    "Degree",
    "Certificate",
    "WorkPeriod",
    "Training",
    "RSCSession",
    "LeadershipActivity",
    "Membership",
    "Document",
)


def _merge_repeats(Model, key: tuple[str, ...], through=None, through_field=None) -> int:
    groups = defaultdict(list)
    for row in Model.objects.order_by("-hours", "id").values("id", *key):
        groups[tuple(row[k] for k in key)].append(row["id"])
    merged = 0
    for ids in groups.values():
        keep, drop = ids[0], ids[1:]
        if not drop:
            continue
        if through is not None:
            for link in through.objects.filter(**{f"{through_field}__in": drop}):
                owner_id = link.competencynarrative_id
                exists = through.objects.filter(
                    competencynarrative_id=owner_id, **{through_field: keep}
                ).exists()
                if exists:
                    link.delete()
                else:
                    setattr(link, through_field, keep)
                    link.save()
        Model.objects.filter(id__in=drop).delete()
        merged += len(drop)
    return merged


def move_rows_to_person_log(apps, schema_editor):
    """Give every log row its owner (the applicant); merge a person's exact repeats."""
    Application = apps.get_model("applications", "Application")
    applicant = Subquery(
        Application.objects.filter(pk=OuterRef("application_id")).values("applicant_id")[:1]
    )
    for name in LOG_MODELS:
        apps.get_model("applications", name).objects.filter(owner__isnull=True).update(
            owner=applicant
        )
    Narrative = apps.get_model("applications", "CompetencyNarrative")
    _merge_repeats(
        apps.get_model("applications", "Training"),
        ("owner_id", "date", "title"),
        Narrative.trainings.through,
        "training_id",
    )
    _merge_repeats(
        apps.get_model("applications", "RSCSession"),
        ("owner_id", "date", "provider_name", "format"),
    )


def _owner_field(related_name: str):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE,
        related_name=related_name,
        to=settings.AUTH_USER_MODEL,
    )


class Migration(migrations.Migration):
    # PostgreSQL refuses to alter a table in the transaction that deleted rows it references
    # ("pending trigger events"): each step commits on its own, the data step in one transaction.
    atomic = False

    dependencies = [
        ("applications", "0003_application_category_foreign_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="rscsession",
            name="unique_rsc_session",
        ),
        migrations.RemoveConstraint(
            model_name="training",
            name="unique_training_per_day",
        ),
        migrations.AddField(
            model_name="certificate",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="certificates",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="degree",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="degrees",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="documents",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="leadershipactivity",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="leadership_activities",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="rscsession",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="rsc_sessions",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="training",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="trainings",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="workperiod",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="work",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="logged_certificates",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="degree",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="logged_degrees",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="logged_documents",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="leadershipactivity",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="logged_leadership_activities",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="logged_memberships",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="rscsession",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="logged_rsc_sessions",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="training",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="logged_trainings",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="workperiod",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="logged_work",
                to="applications.application",
            ),
        ),
        migrations.RunPython(move_rows_to_person_log, migrations.RunPython.noop, atomic=True),
        migrations.AlterField(
            model_name="certificate", name="owner", field=_owner_field("certificates")
        ),
        migrations.AlterField(model_name="degree", name="owner", field=_owner_field("degrees")),
        migrations.AlterField(model_name="document", name="owner", field=_owner_field("documents")),
        migrations.AlterField(
            model_name="leadershipactivity",
            name="owner",
            field=_owner_field("leadership_activities"),
        ),
        migrations.AlterField(
            model_name="membership", name="owner", field=_owner_field("memberships")
        ),
        migrations.AlterField(
            model_name="rscsession", name="owner", field=_owner_field("rsc_sessions")
        ),
        migrations.AlterField(model_name="training", name="owner", field=_owner_field("trainings")),
        migrations.AlterField(model_name="workperiod", name="owner", field=_owner_field("work")),
        migrations.AddConstraint(
            model_name="rscsession",
            constraint=models.UniqueConstraint(
                fields=("owner", "date", "provider_name", "format"), name="unique_log_rsc_session"
            ),
        ),
        migrations.AddConstraint(
            model_name="training",
            constraint=models.UniqueConstraint(
                fields=("owner", "date", "title"), name="unique_log_training_per_day"
            ),
        ),
    ]

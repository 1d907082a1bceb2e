"""``Application.category`` becomes a foreign key to the catalog's ``Category`` (it was the
category's code as a string). Reversible: going back writes the code string again."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def codes_to_categories(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Category = apps.get_model("endorsements", "Category")
    missing = set(
        Application.objects.exclude(category_code__in=Category.objects.values("code")).values_list(
            "category_code", flat=True
        )
    )
    if missing:
        raise RuntimeError(
            "Applications name categories the catalog does not have: "
            + ", ".join(sorted(missing))
            + ". Load the catalog (manage.py load_catalog) before migrating."
        )
    Application.objects.update(
        category=Subquery(Category.objects.filter(code=OuterRef("category_code")).values("pk")[:1])
    )


def categories_to_codes(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Category = apps.get_model("endorsements", "Category")
    Application.objects.update(
        category_code=Subquery(
            Category.objects.filter(pk=OuterRef("category_id")).values("code")[:1]
        )
    )


class Migration(migrations.Migration):
    # PostgreSQL refuses to alter a table with pending (deferred) foreign-key checks in the
    # transaction that filled the column: each step commits on its own.
    atomic = False

    dependencies = [
        ("applications", "0002_queue_sort_index"),
        ("endorsements", "0004_calendar_uuids"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="category",
            field=models.ForeignKey(
                null=True,
                on_delete=models.PROTECT,
                related_name="applications",
                to="endorsements.category",
                verbose_name="category",
            ),
        ),
        migrations.RunPython(codes_to_categories, categories_to_codes),
        migrations.AlterField(
            model_name="application",
            name="category",
            field=models.ForeignKey(
                on_delete=models.PROTECT,
                related_name="applications",
                to="endorsements.category",
                verbose_name="category",
            ),
        ),
        migrations.RemoveField(model_name="application", name="category_code"),
    ]

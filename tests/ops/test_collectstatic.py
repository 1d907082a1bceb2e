"""The production static build: every file a stylesheet or script names must exist, or
``collectstatic`` stops the deployment (a vendored script naming a missing source map did)."""

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings


def test_production_collectstatic_finds_every_file_the_assets_name(tmp_path):
    production_storage = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=production_storage):
        call_command("collectstatic", interactive=False, verbosity=0)

    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/uswds/dist/css/uswds.min.*.css"))
    assert list(tmp_path.glob("vendor/chart.js/chart.umd.min.*.js"))

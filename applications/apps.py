from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self) -> None:
        from . import dashboard, fees  # noqa: F401  (registers the dashboard steps)

        fees.connect()

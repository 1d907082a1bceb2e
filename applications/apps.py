from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self) -> None:
        from easy.lib import workflows

        from . import dashboard  # noqa: F401  (registers the dashboard steps)
        from . import tallies

        tallies.connect()  # stored counts and the associations' tokens kept current
        from .models import Application
        from .services import can_transition

        workflows.register(Application, can_transition)

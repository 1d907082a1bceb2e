from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self) -> None:
        from easy.lib import workflows

        from . import dashboard, tallies  # noqa: F401  (dashboard registers its steps)
        from .models import Application
        from .services import can_transition

        workflows.register(Application, can_transition)
        tallies.connect()  # stored counts and the associations' tokens kept current

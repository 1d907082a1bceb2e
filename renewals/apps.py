from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "renewals"
    verbose_name = "Renewals"

    def ready(self) -> None:
        from . import (
            dashboard,  # noqa: F401  (registers the dashboard steps)
            reports,
        )

        reports.register()  # renewals in the coordinator's reports

        from easy.lib import workflows

        from .models import Reinstatement, Renewal
        from .services import can_transition

        for model in (Renewal, Reinstatement):
            workflows.register(model, can_transition)  # templates ask ``can_transition``

from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "renewals"
    verbose_name = "Renewals"

    def ready(self) -> None:
        from . import reports  # dashboard registers its steps on import

        reports.register()  # renewals in the coordinator's reports

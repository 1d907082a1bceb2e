from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    label = "payments"
    verbose_name = "Fees and payments"

    def ready(self) -> None:
        from . import dashboard  # noqa: F401  (registers the dashboard steps)

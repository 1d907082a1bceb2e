from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    label = "payments"
    verbose_name = "Fees and payments"

    def ready(self) -> None:
        from easy.lib import workflows

        from . import application_fees, dashboard  # noqa: F401  (registers the dashboard steps)
        from .exports import register_makers
        from .models import Payment
        from .services import can_transition

        application_fees.connect()  # the applicant's portal asks its fees through this desk
        workflows.register(Payment, can_transition)  # templates ask ``can_transition``
        register_makers()  # the payments CSV is made in the background

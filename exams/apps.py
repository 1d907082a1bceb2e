from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "exams"

    def ready(self) -> None:
        # The exam reacts to lower layers through their hooks: a decision "approve to sit"
        # opens the approval; a paid exam fee confirms the registration.
        from django.db.models.signals import post_save

        from payments.signals import payment_completed
        from reviews.models import Decision

        from . import (
            dashboard,  # noqa: F401  (registers the dashboard steps)
            reports,
        )
        from .services.registration import on_payment_completed
        from .signals import on_decision_saved

        payment_completed.connect(on_payment_completed, dispatch_uid="exams.fee")
        post_save.connect(on_decision_saved, sender=Decision, dispatch_uid="exams.decision")
        reports.register()  # exam pass rates in the coordinator's reports

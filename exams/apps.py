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

        # One ``can_transition`` question per workflow, for templates (``easy.lib.workflows``).
        from easy.lib import workflows

        from . import models, services

        for model, check in (
            (models.ExamApproval, services.can_transition_approval),
            (models.Item, services.can_transition_item),
            (models.Vignette, services.can_transition_item),
            (models.Registration, services.can_transition_registration),
            (models.Accommodation, services.can_transition_accommodation),
            (models.Sitting, services.can_transition),
            (models.Grading, services.can_transition_grading),
            (models.RetakeRequest, services.can_transition_retake),
        ):
            workflows.register(model, check)

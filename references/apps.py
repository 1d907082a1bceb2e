from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    """Reference ratings: invitations by email, the rater's form, reminders and vetting."""

    name = "references"
    label = "references"
    verbose_name = "Reference ratings"

    def ready(self) -> None:
        from applications.models import Reference
        from applications.services import register_row_writer
        from easy.lib import workflows

        from . import dashboard  # noqa: F401  (registers the dashboard steps)
        from .services import can_transition, nominate, remove

        workflows.register(Reference, can_transition)

        # The workspace lists the raters among its rows; naming and removing one is ours.
        register_row_writer(Reference, save=nominate, delete=remove)

from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    """Reference ratings: invitations by email, the rater's form, reminders and vetting."""

    name = "references"
    label = "references"
    verbose_name = "Reference ratings"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from applications.enums import Section
        from applications.services import register_row_writer
        from applications.views.sections import RowKind, register_row_kind
        from easy.lib import workflows

        from . import dashboard  # noqa: F401  (registers the dashboard steps)
        from .models import Reference
        from .services import can_transition, nominate, remove
        from .workspace import ReferenceForm

        workflows.register(Reference, can_transition)

        # The workspace lists the raters among its rows; naming and removing one is ours.
        register_row_kind(
            "reference",
            RowKind(
                Section.REFERENCES,
                ReferenceForm,
                "references",
                added=gettext_lazy("Reference rater named."),
            ),
        )
        register_row_writer(Reference, save=nominate, delete=remove)

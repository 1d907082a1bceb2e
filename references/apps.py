from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    """Reference ratings: invitations by email, the rater's form, reminders and vetting."""

    name = "references"
    label = "references"
    verbose_name = "Reference ratings"

    def ready(self) -> None:
        from . import dashboard  # noqa: F401  (registers the dashboard steps)

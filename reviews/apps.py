from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and decisions"

    def ready(self) -> None:
        from easy.lib import workflows

        from . import dashboard  # noqa: F401  (registers the dashboard steps)
        from .exports import register_makers
        from .models import Review
        from .services import can_transition

        workflows.register(Review, can_transition)
        register_makers()

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and decisions"

    def ready(self) -> None:
        from . import dashboard  # noqa: F401  (registers the dashboard steps)

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "easy.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from . import account_links  # noqa: F401  (connects the allauth signal receivers)

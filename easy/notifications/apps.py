from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "easy.notifications"
    label = "notifications"
    verbose_name = "Notifications"

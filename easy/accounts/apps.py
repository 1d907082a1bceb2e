from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "easy.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from . import middleware  # noqa: F401  (connects the staff sign-in receiver)

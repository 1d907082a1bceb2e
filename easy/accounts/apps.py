from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "easy.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from . import language, middleware  # noqa: F401  (connect the sign-in receivers)

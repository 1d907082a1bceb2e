from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "easy.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

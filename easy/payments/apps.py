from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "easy.payments"
    label = "payments"
    verbose_name = "Fees and payments"

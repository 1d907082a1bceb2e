from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "easy.audit"
    label = "audit"
    verbose_name = "Audit log"

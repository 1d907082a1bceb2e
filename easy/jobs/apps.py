from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "easy.jobs"
    label = "jobs"
    verbose_name = "Background files"

from django.apps import AppConfig


class EndorsementsConfig(AppConfig):
    name = "endorsements"
    verbose_name = "Endorsements and catalog"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import dashboard, models, receivers  # noqa: F401  (dashboard registers its steps)
        from .rules.ruleset import clear_cache

        receivers.connect()

        # The rules module caches the catalog per process; any edit to it forgets the copy.
        for model in (
            models.Association,
            models.Category,
            models.CategoryOffering,
            models.RequirementRule,
        ):
            post_save.connect(clear_cache, sender=model, dispatch_uid=f"rules-{model.__name__}")
            post_delete.connect(clear_cache, sender=model, dispatch_uid=f"rules-{model.__name__}-d")
        m2m_changed.connect(
            clear_cache,
            sender=models.RequirementRule.categories.through,
            dispatch_uid="rules-categories",
        )

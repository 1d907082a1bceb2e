"""The catalog: associations (the tenants) and the endorsement categories they offer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssociationManager(models.Manager["Association"]):
    def get_by_natural_key(self, code: str) -> "Association":
        return self.get(code=code)


class Association(models.Model):
    """A state or country association licensed to run the endorsement. The portal's tenant."""

    code = models.SlugField(max_length=20, unique=True, help_text=_("e.g. MI-AIMH, WI-AIMH"))
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)

    objects = AssociationManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)

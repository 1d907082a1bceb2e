"""The tenant: the association a role, a history entry or a record belongs to.

The platform (``easy/``) sits below the catalog (``endorsements/``), which defines the
``Association`` model. As Django's own ``auth`` names the user model by a string
(``AUTH_USER_MODEL``), the platform names the tenant model by a string and asks the app
registry for it: its tables refer to it by a string foreign key, its code through
``association_model()`` — never by importing the catalog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from endorsements.models import Association

#: The tenant model, as "app_label.ModelName" (the role tables' foreign keys name it too).
TENANT_MODEL = "endorsements.Association"


def association_model() -> type[Association]:
    return apps.get_model(TENANT_MODEL)

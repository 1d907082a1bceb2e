from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does for one association. A person may hold several roles."""

    APPLICANT = "applicant", _("Applicant")
    COORDINATOR = "coordinator", _("Endorsement coordinator")
    REVIEWER = "reviewer", _("Application reviewer")
    ADVISOR = "advisor", _("Application advisor")
    EXAM_GRADER = "exam_grader", _("Exam grader")
    ASSOCIATION_ADMIN = "association_admin", _("Association administrator")
    #: Site-level: keeps the shared question bank (held at any association, it covers all).
    EXAM_ADMINISTRATOR = "exam_administrator", _("Exam administrator")


#: Roles that read other people's data: they must sign in with a second factor.
STAFF_ROLES = frozenset(
    {
        Role.COORDINATOR,
        Role.REVIEWER,
        Role.ADVISOR,
        Role.EXAM_GRADER,
        Role.ASSOCIATION_ADMIN,
        Role.EXAM_ADMINISTRATOR,
    }
)
#: Roles that manage an association's whole queue (see every application of it).
MANAGER_ROLES = frozenset({Role.COORDINATOR, Role.ASSOCIATION_ADMIN})

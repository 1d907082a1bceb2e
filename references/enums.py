"""Choices of the references: a nominated rater's status (it changes only through
``services.transition``, checked against ``ALLOWED`` below) and the rating's answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus


class ReferenceStatus(models.TextChoices):
    """A nominated rater's progress."""

    NOMINATED = "nominated", _("Nominated")
    INVITED = "invited", _("Invited")
    OPENED = "opened", _("Opened the form")
    SUBMITTED = "submitted", _("Rating submitted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Link expired")
    REPLACED = "replaced", _("Replaced")


#: A submitted reference rating counts for this many days (one year).
RATING_VALID_DAYS = 365

R = ReferenceStatus
A = ApplicationStatus

#: The rater may still open the form and answer.
AWAITING_RATER = frozenset({R.INVITED, R.OPENED})

#: The rater answered, or is no longer needed: their links stop working for good. (An expired
#: link is not in it: extending the deadline makes it work again.)
RATER_DONE = frozenset({R.SUBMITTED, R.DECLINED, R.REPLACED})

#: Reminders go out, links expire and ratings age only while the application is being prepared
#: by the applicant: once submitted, the ratings it was submitted with stay as they were.
PREPARING = frozenset({A.REGISTERING, A.REGISTERED, A.IN_PROGRESS, A.RETURNED, A.REVISE_RESUBMIT})

#: Every change of a reference's status the portal allows (``services.transition``).
ALLOWED: dict[str, frozenset[str]] = {
    R.NOMINATED: frozenset({R.INVITED, R.REPLACED}),
    R.INVITED: frozenset({R.OPENED, R.SUBMITTED, R.DECLINED, R.EXPIRED, R.REPLACED}),
    R.OPENED: frozenset({R.SUBMITTED, R.DECLINED, R.EXPIRED, R.REPLACED}),
    # A submitted rating may stop counting: too many "not enough information" answers
    # (declined) or older than one year (expired).
    R.SUBMITTED: frozenset({R.DECLINED, R.EXPIRED, R.REPLACED}),
    R.DECLINED: frozenset({R.REPLACED}),
    # The coordinator extended the deadline of an expired link: the rater may answer again.
    R.EXPIRED: frozenset({R.INVITED, R.OPENED, R.REPLACED}),
    R.REPLACED: frozenset(),
}


class Score(models.TextChoices):
    """The rater's answer for one competency area."""

    BEGINNING = "1", _("1 — Beginning: knows little of this area yet")
    DEVELOPING = "2", _("2 — Developing: shows it with support")
    SKILLED = "3", _("3 — Skilled: shows it reliably in daily work")
    EXEMPLARY = "4", _("4 — Exemplary: shows it with depth, and guides others")
    NOT_ENOUGH_INFORMATION = "nei", _("Not enough information to rate")


#: A rating with this many "not enough information" answers or more does not count.
NOT_ENOUGH_INFORMATION_LIMIT = 6


class LinkKind(models.TextChoices):
    """Why a personal link to the rater's form was made (each has its own token)."""

    INVITATION = "invitation", _("Invitation email")
    REMINDER = "reminder", _("Reminder email")
    COPIED = "copied", _("Copied by hand")


class Notice(models.TextChoices):
    """Reminders and notices the periodic job (and a few services) send once each."""

    RATER_DAY_7 = "rater_day_7", _("Reminder to the rater a week after the invitation")
    RATER_DAY_14 = "rater_day_14", _("Reminder to the rater two weeks after the invitation")
    RATER_DEADLINE = "rater_deadline", _("Reminder to the rater three days before the deadline")
    APPLICANT_DECLINED = "applicant_declined", _("To the applicant: the rater declined")
    APPLICANT_EXPIRED = "applicant_expired", _("To the applicant: the link expired")
    APPLICANT_NOT_COUNTED = "applicant_not_counted", _("To the applicant: the rating cannot count")
    APPLICANT_OUTDATED = "applicant_outdated", _("To the applicant: the rating is over a year old")


RATER_REMINDERS = (Notice.RATER_DAY_7, Notice.RATER_DAY_14, Notice.RATER_DEADLINE)

"""Signed documents, association membership and the written exam."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ...enums import Status
from .base import Context, Outcome

# -- signatures, membership, exam --------------------------------------------------------------


def code_of_ethics(ctx: Context, p: dict) -> Outcome:
    if ctx.dossier.code_of_ethics_signed:
        return Outcome(Status.MET, message=_("Code of Ethics signed."))
    return Outcome(Status.UNMET, message=_("Sign the Code of Ethics."))


def agreement(ctx: Context, p: dict) -> Outcome:
    if ctx.dossier.agreement_signed:
        return Outcome(Status.MET, message=_("Endorsement Agreement signed."))
    return Outcome(Status.UNMET, message=_("Sign the Endorsement Agreement."))


def membership(ctx: Context, p: dict) -> Outcome:
    expires = ctx.dossier.membership_expires_on
    if expires is None:
        return Outcome(
            Status.UNMET, message=_("Join an infant/early childhood mental health association.")
        )
    if expires < ctx.as_of:
        return Outcome(
            Status.UNMET,
            message=_("Your membership expired on %(day)s: renew it.") % {"day": expires},
        )
    return Outcome(Status.MET, message=_("Membership current until %(day)s.") % {"day": expires})


def exam(ctx: Context, p: dict) -> Outcome:
    result = ctx.dossier.exam
    if result == "passed":
        return Outcome(Status.MET, message=_("You passed the written exam."))
    if result == "failed":
        return Outcome(
            Status.UNMET,
            message=_(
                "You did not pass the written exam; a retake needs a written request and "
                "at least a year's wait."
            ),
        )
    return Outcome(
        Status.PENDING,
        message=_("The written exam comes after the review recommends endorsement."),
    )

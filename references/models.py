"""References: the nominated rater, its invitation and personal links, ratings, reminders and
vetting.

``Reference`` is listed among the rows of the applicant's workspace (``applications`` shows it;
naming and removing one is this app's, registered in ``apps.py``). Its fields are written only
in ``services``: ``status`` only through ``services.transition``.
"""

import datetime as dt
import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Row
from endorsements.rules.choices import ReferenceRelationship

from .enums import (
    AWAITING_RATER,
    NOT_ENOUGH_INFORMATION_LIMIT,
    RATING_VALID_DAYS,
    LinkKind,
    Notice,
    ReferenceStatus,
    Score,
)


def token_hash(token: str) -> str:
    """Links are stored as a SHA-256 of their secret: a copy of the database opens no form."""
    return hashlib.sha256(token.encode()).hexdigest()


class Reference(Row):
    """A reference rater the applicant nominated, listed among the rows of the workspace.

    ``status`` follows ``ReferenceStatus`` and changes only through ``services.transition``; a
    ``replaced`` reference no longer counts toward the three. ``rater_endorsement`` is the rater's category code (blank if not endorsed);
    ``rater_vetted`` is set by the coordinator after a phone call. ``waiver_signed`` records that
    the applicant waived the right to see the rating.
    """

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="references"
    )
    rater_name = models.CharField(_("rater's name"), max_length=200)
    email = models.EmailField(_("rater's email address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    relationship = models.CharField(
        _("relationship to you"), max_length=30, choices=ReferenceRelationship.choices
    )
    # The language the applicant chose for this rater's invitation and reminders.
    language = models.CharField(
        _("language of the rater's emails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    rater_endorsement = models.CharField(_("rater's endorsement"), max_length=20, blank=True)
    rater_vetted = models.BooleanField(default=False)
    waiver_signed = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=ReferenceStatus.choices, default=ReferenceStatus.NOMINATED
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table kept its name when the model moved here from ``applications``.
        db_table = "applications_reference"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.rater_name} ({self.get_relationship_display()})"

    @property
    def is_nominated(self) -> bool:
        """Named by the applicant, not invited yet."""
        return self.status == ReferenceStatus.NOMINATED

    @property
    def is_awaiting_rater(self) -> bool:
        """Invited, or the rater opened the form: waiting for their answer."""
        return self.status in AWAITING_RATER

    @property
    def is_declined(self) -> bool:
        return self.status == ReferenceStatus.DECLINED

    @property
    def is_expired(self) -> bool:
        return self.status == ReferenceStatus.EXPIRED

    @property
    def is_replaced(self) -> bool:
        """Replaced by another rater: kept for its history, no longer one of the three."""
        return self.status == ReferenceStatus.REPLACED

    def dossier_status(self, on: dt.date) -> str | None:
        """The reference as the rules module's dossier sees it on ``on``: ``submitted``,
        ``declined`` or ``requested``; None for a replaced rater (left out of the dossier).

        Reads only this row's fields. A rating counts for one year after it was submitted; a
        rating that cannot count (too many "not enough information" answers) is already
        ``declined``, and an expired link counts as declined too.
        """
        if self.status == ReferenceStatus.REPLACED:
            return None
        if self.status == ReferenceStatus.SUBMITTED:
            if self.submitted_at is None:
                return "submitted"
            age = on - timezone.localdate(self.submitted_at)
            return "submitted" if age.days <= RATING_VALID_DAYS else "declined"
        if self.status in (ReferenceStatus.DECLINED, ReferenceStatus.EXPIRED):
            return "declined"
        return "requested"


class Invitation(models.Model):
    """The invitation of one nominated rater (one per reference).

    ``deadline`` is the last day the links work; the coordinator may move it. ``withdrawn_at`` is
    set when the applicant replaces the rater: every link then shows "no longer needed".
    ``emails_requested`` counts the invitation emails asked for (the first and each resend); the
    task sending number N is idempotent.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.OneToOneField(Reference, on_delete=models.CASCADE, related_name="invitation")
    invited_at = models.DateTimeField()
    invited_on = models.DateField(db_index=True)
    deadline = models.DateField(db_index=True)
    emails_requested = models.PositiveSmallIntegerField(default=1)
    opened_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_reason = models.TextField(blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        Reference,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )

    class Meta:
        ordering = ["invited_at", "id"]

    def __str__(self) -> str:
        return f"invitation of {self.reference}"

    @property
    def is_open(self) -> bool:
        """The rater may still answer through its links: awaiting the rater and not withdrawn.
        (The deadline is apart: an expired link opens again when the deadline is moved.)"""
        return self.reference.status in AWAITING_RATER and self.withdrawn_at is None

    @property
    def may_get_more_time(self) -> bool:
        """The coordinator may move the deadline: not withdrawn, not answered yet."""
        return self.withdrawn_at is None and (
            self.reference.status in AWAITING_RATER
            or self.reference.status == ReferenceStatus.EXPIRED
        )


class Link(models.Model):
    """One personal link to the rater's form. Only the hash of its secret is kept; the secret is
    in the email that carried it (or was shown once to the person who copied it)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    #: The invitation or reminder email that carried the link (none for a copied link).
    email = models.OneToOneField(
        "notifications.OutboundEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reference_link",
    )
    #: ``reference-invitation:<uuid>:<n>`` for the n-th invitation email: makes the task idempotent.
    send_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} link of {self.invitation.reference}"


class Rating(models.Model):
    """What the rater wrote: a draft until ``submitted_at`` is set, then never changed.

    ``answers`` maps each competency area code of the category to a ``Score`` value.
    """

    #: The rater's own details on the form (saved with the draft, shown to staff).
    RATER_DETAILS = (
        "rater_name",
        "rater_title",
        "rater_organisation",
        "rater_phone",
        "rater_endorsement",
        "rater_endorsement_number",
        "known_for",
        "relationship_note",
    )
    #: Every text field the rater fills in.
    RATER_FIELDS = (*RATER_DETAILS, "comments")

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="rating")
    rater_name = models.CharField(_("your full name"), max_length=200, blank=True)
    rater_title = models.CharField(_("your position or job title"), max_length=200, blank=True)
    rater_organisation = models.CharField(_("your organisation"), max_length=200, blank=True)
    rater_phone = models.CharField(_("your phone number"), max_length=40, blank=True)
    rater_endorsement = models.CharField(_("your endorsement"), max_length=20, blank=True)
    rater_endorsement_number = models.CharField(
        _("your endorsement number"), max_length=40, blank=True
    )
    known_for = models.CharField(
        _("how long you have known the applicant"), max_length=100, blank=True
    )
    relationship_note = models.TextField(
        _("how you know the applicant's work"), max_length=2000, blank=True
    )
    answers = models.JSONField(default=dict, blank=True)
    comments = models.TextField(_("comments"), max_length=8000, blank=True)
    not_enough_information = models.PositiveSmallIntegerField(default=0)
    counts = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["updated_at", "id"]

    def __str__(self) -> str:
        return f"rating of {self.invitation.reference}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @staticmethod
    def count_not_enough_information(answers: dict) -> int:
        return sum(1 for v in answers.values() if v == Score.NOT_ENOUGH_INFORMATION)

    @classmethod
    def would_count(cls, answers: dict) -> bool:
        return cls.count_not_enough_information(answers) < NOT_ENOUGH_INFORMATION_LIMIT


class SentNotice(models.Model):
    """A reminder or notice that went out, so that each goes out once. ``due_on`` is the day it
    was due: a deadline moved later makes a new "three days before" reminder due."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=30, choices=Notice.choices)
    due_on = models.DateField()
    email = models.ForeignKey(
        "notifications.OutboundEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "kind", "due_on"], name="one_notice_per_due_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due_on})"


class VettingDecision(models.Model):
    """The coordinator's decision on a rater who is not endorsed (usually after a phone call):
    accepted or not, why, and when. The latest decision sets ``Reference.rater_vetted``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.ForeignKey(
        Reference, on_delete=models.CASCADE, related_name="vetting_decisions"
    )
    accepted = models.BooleanField(_("accepted as a rater who knows the Competency Guidelines"))
    note = models.TextField(_("note"), max_length=4000)
    decided_on = models.DateField(_("date of the decision"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "created_at", "id"]

    def __str__(self) -> str:
        verdict = "accepted" if self.accepted else "not accepted"
        return f"{self.reference.rater_name} {verdict} on {self.decided_on}"

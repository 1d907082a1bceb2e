"""Invitations of reference raters, their personal links, ratings, reminders and vetting.

The nominated rater is ``applications.Reference`` (owned by the applicant's portal). This app
adds what happens after the nomination. It writes three fields of ``Reference`` and only in
``services``: ``status`` (through ``services.transition``), ``submitted_at`` and ``rater_vetted``.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.enums import ReferenceStatus

from .enums import AWAITING_RATER, NOT_ENOUGH_INFORMATION_LIMIT, LinkKind, Notice, Score


def token_hash(token: str) -> str:
    """Links are stored as a SHA-256 of their secret: a copy of the database opens no form."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """The invitation of one nominated rater (one per reference).

    ``deadline`` is the last day the links work; the coordinator may move it. ``withdrawn_at`` is
    set when the applicant replaces the rater: every link then shows "no longer needed".
    ``emails_requested`` counts the invitation emails asked for (the first and each resend); the
    task sending number N is idempotent.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.OneToOneField(
        "applications.Reference", on_delete=models.CASCADE, related_name="invitation"
    )
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
        "applications.Reference",
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
        "applications.Reference", on_delete=models.CASCADE, related_name="vetting_decisions"
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

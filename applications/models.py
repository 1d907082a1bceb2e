"""An applicant's application and everything it documents.

The professional log (degrees, certificates, work, training, RS/C, leadership, memberships and
their documents) belongs to the person (``owner``), not to one application: every application and
renewal of that person reads the same log, and ``application`` only records where an entry was
first logged. Other rows belong to one ``Application``; views address rows by UUID. Writes go
through ``applications.services``; an application's status changes only through ``services.transition``.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import (
    EDITABLE,
    FINAL,
    REGISTRATION,
    AgeGroup,
    ApplicationStatus,
    CertificateKind,
    DegreeLevel,
    DocumentKind,
    DocumentSource,
    LeadershipLevel,
    ProviderDegree,
    RSCFormat,
    Section,
    ServiceKind,
    SignatureKind,
)

# The profile fields a reviewer's packet shows, frozen at each submission.
APPLICANT_SNAPSHOT_FIELDS = (
    "full_name",
    "preferred_name",
    "email",
    "phone",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "country",
)


class Application(models.Model):
    """One person's application for one category at one association.

    Its status changes only through ``applications.services.transition``. ``version`` counts the
    rounds: a "revise and resubmit" decision reopens the application as the next version, while
    each submitted version stays frozen in ``ApplicationVersion``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.PROTECT, related_name="applications"
    )
    category = models.ForeignKey(
        "endorsements.Category",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("category"),
    )
    status = models.CharField(
        max_length=32, choices=ApplicationStatus.choices, default=ApplicationStatus.REGISTERING
    )
    version = models.PositiveIntegerField(default=1)
    # Registration answers: a first picture for the coordinator who approves the registration.
    work_summary = models.TextField(_("your work"), blank=True)
    education_summary = models.TextField(_("your education"), blank=True)
    rsc_summary = models.TextField(_("your reflective supervision/consultation"), blank=True)
    membership_terms_agreed_at = models.DateTimeField(null=True, blank=True)
    provides_rsc = models.BooleanField(
        _("I provide reflective supervision/consultation to others"), default=False
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advised_applications",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The applicant's profile as it read when this version was submitted: reviewers judge the
    # application as sent, not as the profile reads today. Set by services.submit only.
    applicant_at_submission = models.JSONField(default=dict, blank=True, editable=False)
    # How many of its references are submitted ratings: the coordinator's queue filters and
    # shows it without counting the references of every application. Kept by the references
    # workflow through ``applications.tallies.count_ratings``.
    references_done = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["association", "status"]),
            # The review queue lists an association's applications by submission date, 50 at
            # a time: these indexes read just those rows instead of sorting every application
            # (10,000 rows: 23 ms to under 1 ms on PostgreSQL), oldest or newest first (never
            # submitted last either way), within one status or all. Newest first reads
            # applications_queue_desc_idx (PostgreSQL only: migration 0007).
            models.Index(
                fields=["association", "submitted_at", "id"], name="applications_queue_sort_idx"
            ),
            models.Index(
                fields=["association", "status", "submitted_at", "id"],
                name="applications_queue_status_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_code} application of {self.applicant} (v{self.version})"

    def snapshot_applicant(self) -> None:
        """Copy the applicant's profile into ``applicant_at_submission`` (not saved)."""
        self.applicant_at_submission = {
            name: getattr(self.applicant, name) for name in APPLICANT_SNAPSHOT_FIELDS
        }

    @property
    def category_code(self) -> str:
        """The category's code ("IFS", "IMHM-C"): what emails, file names and the rules use.
        Lists load ``category`` with ``select_related`` so that this costs no query."""
        return self.category.code

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_locked(self) -> bool:
        """Locked while with the association or after a decision; unlocked by a return."""
        return not self.is_editable and self.status != ApplicationStatus.REGISTERING

    @property
    def in_registration(self) -> bool:
        """Before the coordinator approved the registration (registering or registered)."""
        return self.status in REGISTRATION

    @property
    def is_in_review(self) -> bool:
        return self.status == ApplicationStatus.IN_REVIEW

    @property
    def is_registered(self) -> bool:
        """Registered and paid; waits for the coordinator to approve the registration."""
        return self.status == ApplicationStatus.REGISTERED

    @property
    def is_submitted(self) -> bool:
        return self.status == ApplicationStatus.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == ApplicationStatus.RETURNED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ApplicationStatus.WITHDRAWN

    @property
    def is_final(self) -> bool:
        """Endorsed, not endorsed or withdrawn: nothing more happens to it."""
        return self.status in FINAL

    # The person's professional log, read through the applicant (one log per person: a second
    # application starts with everything already logged). ``queries.with_workspace`` prefetches
    # ``applicant__<name>`` so that these cost no query.
    @property
    def degrees(self):
        return self.applicant.degrees

    @property
    def certificates(self):
        return self.applicant.certificates

    @property
    def work(self):
        return self.applicant.work

    @property
    def trainings(self):
        return self.applicant.trainings

    @property
    def rsc_sessions(self):
        return self.applicant.rsc_sessions

    @property
    def leadership_activities(self):
        return self.applicant.leadership_activities

    @property
    def memberships(self):
        return self.applicant.memberships

    @property
    def documents(self):
        return self.applicant.documents


class ApplicationVersion(models.Model):
    """A frozen copy of what was submitted: the dossier and the verdicts at that moment."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    dossier = models.JSONField()
    evaluation = models.JSONField(default=dict)

    class Meta:
        ordering = ["number", "submitted_at"]

    def __str__(self) -> str:
        return f"version {self.number} of {self.application}"


class Row(models.Model):
    """A row of a workspace section, addressed by UUID."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class LogRowQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _fill_owners(objs)
        return super().bulk_create(objs, *args, **kwargs)


def _fill_owners(rows) -> None:
    """Rows created from an application (``application=...``) belong to its applicant."""
    missing = [r for r in rows if r.owner_id is None and r.application_id is not None]
    if not missing:
        return
    owners = dict(
        Application.objects.filter(pk__in={r.application_id for r in missing}).values_list(
            "pk", "applicant_id"
        )
    )
    for row in missing:
        row.owner_id = owners[row.application_id]


class LogRow(Row):
    """An entry of the person's professional log.

    ``owner`` is the person; every application and renewal of theirs reads the entries whose
    dates fall in its window. ``application`` is only where the entry was first logged (the
    history); deleting that application keeps the entry. What an application or renewal was
    judged on is frozen as a copy when it is submitted, so later edits never change it.
    """

    objects = LogRowQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.owner_id is None and self.application_id is not None:
            _fill_owners([self])
        super().save(*args, **kwargs)


class Degree(LogRow):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="degrees"
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_degrees",
    )
    level = models.CharField(_("level"), max_length=20, choices=DegreeLevel.choices)
    name = models.CharField(
        _("degree"), max_length=120, help_text=_("For example MSW or BA Psychology.")
    )
    institution = models.CharField(_("college or university"), max_length=200)
    completed_on = models.DateField(_("date completed"))

    class Meta:
        ordering = ["completed_on", "id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.institution}"


class Certificate(LogRow):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_certificates",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=CertificateKind.choices)
    name = models.CharField(_("name of the certificate"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=200)
    completed_on = models.DateField(_("date completed"))

    class Meta:
        ordering = ["completed_on", "id"]

    def __str__(self) -> str:
        return self.name


class WorkPeriod(LogRow):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work"
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_work",
    )
    title = models.CharField(_("role or job title"), max_length=200)
    employer = models.CharField(_("employer or programme"), max_length=200)
    start = models.DateField(_("start date"))
    end = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty if you still work there.")
    )
    paid = models.BooleanField(_("paid work"), default=True)
    #: Set by the coordinator: supervised volunteer work with specialised training that counts.
    volunteer_qualifies = models.BooleanField(default=False)
    age_group = models.CharField(_("age group served"), max_length=20, choices=AgeGroup.choices)
    service = models.CharField(_("kind of service"), max_length=40, choices=ServiceKind.choices)
    families_served = models.PositiveIntegerField(_("families served"), default=0)
    internship = models.BooleanField(_("supervised graduate internship"), default=False)
    internship_supervisor = models.CharField(_("internship supervisor"), max_length=200, blank=True)
    internship_supervisor_endorsement = models.CharField(
        _("internship supervisor's endorsement"), max_length=20, blank=True
    )
    description = models.TextField(
        _("what you did"),
        blank=True,
        help_text=_("Reviewers read this: the families you served and how you worked with them."),
    )

    class Meta:
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.title}, {self.employer}"


class Training(LogRow):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainings"
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_trainings",
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    hours = models.DecimalField(_("clock hours"), max_digits=6, decimal_places=2)
    #: TrainingTopic codes ("rsc_provision", "dei").
    topics = models.JSONField(default=list, blank=True)
    #: Competency area codes of the catalog this training supports.
    competency_areas = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "date", "title"], name="unique_log_training_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class RSCSession(LogRow):
    """One session of reflective supervision/consultation the person received."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsc_sessions"
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_rsc_sessions",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    format = models.CharField(_("format"), max_length=20, choices=RSCFormat.choices)
    provider_name = models.CharField(_("provider"), max_length=200)
    provider_endorsement = models.CharField(_("provider's endorsement"), max_length=20, blank=True)
    provider_degree = models.CharField(
        _("provider's highest degree"), max_length=20, choices=ProviderDegree.choices, blank=True
    )
    #: Set by the coordinator after checking a provider who is not endorsed.
    provider_vetted = models.BooleanField(default=False)
    about_rsc_provided = models.BooleanField(
        _("about the reflective supervision/consultation I provide"), default=False
    )

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "date", "provider_name", "format"],
                name="unique_log_rsc_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.provider_name} {self.hours} h"


class LeadershipActivity(LogRow):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leadership_activities"
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_leadership_activities",
    )
    title = models.CharField(_("activity"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=LeadershipLevel.choices)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name_plural = "leadership activities"

    def __str__(self) -> str:
        return self.title


class CompetencyNarrative(Row):
    """For one competency area: the applicant's narrative and the rows they tie to it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="narratives"
    )
    area_code = models.CharField(max_length=40)
    narrative = models.TextField(_("narrative"), blank=True)
    trainings = models.ManyToManyField(Training, blank=True, related_name="narratives")
    work_periods = models.ManyToManyField(WorkPeriod, blank=True, related_name="narratives")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "area_code"], name="unique_narrative_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_code} narrative"


class Membership(LogRow):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_memberships",
    )
    association_name = models.CharField(_("association"), max_length=200)
    member_number = models.CharField(_("member number"), max_length=60, blank=True)
    expires_on = models.DateField(_("membership expires on"))

    class Meta:
        ordering = ["expires_on", "id"]

    def __str__(self) -> str:
        return self.association_name


class Document(LogRow):
    """An uploaded file (PDF, PNG or JPEG, checked by content). ``name`` is the storage name:
    a random folder makes it unguessable; it is served only through a signed, short-lived link
    after ``permissions.can_view``."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_documents",
    )
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    degree = models.ForeignKey(
        Degree, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    name = models.CharField(max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    source = models.CharField(
        max_length=20, choices=DocumentSource.choices, default=DocumentSource.APPLICANT
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Signature(models.Model):
    """An electronic signature of one version of a text. Never changed or deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="signatures"
    )
    kind = models.CharField(max_length=30, choices=SignatureKind.choices)
    document_version = models.CharField(max_length=40)
    typed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    text_sha256 = models.CharField(max_length=64)
    #: The language of the wording signed (the SHA-256 is of that wording).
    language = models.CharField(max_length=10, default="en")

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "document_version"], name="unique_signature"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_version} signed by {self.typed_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A signature cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A signature cannot be deleted.")


class AdvisorComment(models.Model):
    """A comment on one section by the advisor (or a coordinator); answers point to it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=20, choices=Section.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"comment on {self.section} by {self.author}"

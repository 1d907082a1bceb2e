"""The endorsements granted, and what hangs on them: certificates, the public registry
listing, credential status entries, transfers between associations and spreadsheet imports."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import EndorsementStatus, ImportStatus, TransferStatus
from .catalog import Association


class Endorsement(models.Model):
    """An endorsement granted at the end of a review (or after the exam), or imported from an
    association's earlier records (then ``application`` is empty).

    ``number`` is unique per association ("WI-IFS-000123") and stays the same for life, even
    after a transfer; ``sequence`` is the running part handed out by its current association.
    Created only by ``endorsements.services.grant_endorsement`` (or the import); its status
    changes only through ``endorsements.services.transition``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="endorsement",
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="endorsements"
    )
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="endorsements_granted"
    )
    category_code = models.CharField(max_length=20)
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=40)
    granted_on = models.DateField()
    renews_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=EndorsementStatus.choices, default=EndorsementStatus.CURRENT
    )
    status_changed_on = models.DateField(null=True, blank=True)
    #: The written reason of a revocation (an ethics decision): shown to the holder only.
    revocation_reason = models.TextField(blank=True)
    #: Documents in the document store (``default_storage`` names), made by a task.
    certificate_file = models.CharField(max_length=300, blank=True)
    letter_file = models.CharField(max_length=300, blank=True)
    documents_for = models.CharField(
        max_length=100, blank=True, help_text=_("What the stored documents were made from.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-granted_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "number"], name="unique_endorsement_number"
            ),
            models.UniqueConstraint(
                fields=["association", "sequence"], name="unique_endorsement_sequence"
            ),
        ]
        indexes = [models.Index(fields=["number"], name="endorsement_number_idx")]

    def __str__(self) -> str:
        return f"{self.number} ({self.category_code})"

    @property
    def is_current(self) -> bool:
        return self.status == EndorsementStatus.CURRENT

    @property
    def is_revoked(self) -> bool:
        return self.status == EndorsementStatus.REVOKED

    @property
    def is_lapsed(self) -> bool:
        return self.status == EndorsementStatus.LAPSED

    @property
    def is_archived(self) -> bool:
        return self.status == EndorsementStatus.ARCHIVED

    @property
    def is_inactive(self) -> bool:
        """Paused by the endorsee (where the association offers it)."""
        return self.status == EndorsementStatus.INACTIVE

    @property
    def documents_key(self) -> str:
        """What a certificate shows; a new one is made when any of it changes."""
        return "|".join(
            [
                self.number,
                self.category_code,
                str(self.association_id),
                self.granted_on.isoformat(),
                self.renews_on.isoformat(),
            ]
        )


class RegistryListing(models.Model):
    """A person's entry in the public registry of endorsees: shown only when ``listed`` (the
    person opted in) and only with endorsements that are current."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registry_listing"
    )
    listed = models.BooleanField(_("show me in the public registry"), default=False)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=100, blank=True)
    employer = models.CharField(_("employer (optional)"), max_length=200, blank=True)
    languages = models.CharField(
        _("languages spoken (optional)"),
        max_length=200,
        blank=True,
        help_text=_("Separated by commas, e.g. English, Spanish"),
    )
    provides_rsc = models.BooleanField(
        _("I provide reflective supervision/consultation (RS/C)"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["listed"], name="registry_listed_idx")]

    def __str__(self) -> str:
        return f"{self.user} ({'listed' if self.listed else 'not listed'})"

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]


class CredentialStatusEntry(models.Model):
    """A position in an association's Bitstring Status List, held by one endorsement's
    credential issued by that association. After a transfer the old issuer's entry stays (its
    credentials exist in the world) and is marked, since that issuer no longer vouches."""

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="status_entries"
    )
    endorsement = models.ForeignKey(
        Endorsement, on_delete=models.CASCADE, related_name="status_entries"
    )
    index = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["association", "index"], name="unique_status_index"),
            models.UniqueConstraint(
                fields=["association", "endorsement"], name="one_status_entry_per_issuer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association.code}#{self.index}"


class Transfer(models.Model):
    """An endorsee's request to move an endorsement to another association. Accepted or
    declined by a coordinator of the receiving association (``services.decide_transfer``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="transfers")
    from_association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="transfers_in"
    )
    note = models.TextField(_("why you are moving (optional)"), blank=True)
    status = models.CharField(
        max_length=20, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["endorsement"],
                condition=models.Q(status="requested"),
                name="one_open_transfer",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.endorsement.number}: {self.from_association.code} → {self.to_association.code}"
        )

    @property
    def association(self) -> Association:
        # The audit log files the request under the receiving association, which decides it.
        return self.to_association


class EndorseeImport(models.Model):
    """One spreadsheet of existing endorsees brought in by association staff: uploaded,
    columns mapped, checked (dry run), then imported by a task that reports its progress."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.CharField(max_length=300, help_text=_("Name in the document store."))
    original_name = models.CharField(max_length=200)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.association.code}: {self.original_name}"

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_mapped(self) -> bool:
        """The columns are mapped; the dry run is under way."""
        return self.status == ImportStatus.MAPPED

    @property
    def is_checked(self) -> bool:
        """The dry run is done: the coordinator may run the import."""
        return self.status == ImportStatus.CHECKED

    @property
    def is_running(self) -> bool:
        return self.status == ImportStatus.RUNNING

    @property
    def has_started(self) -> bool:
        """Running or done: its columns can no longer be mapped."""
        return self.status in (ImportStatus.RUNNING, ImportStatus.DONE)

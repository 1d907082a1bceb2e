"""Naming and removing a reference rater: the applicant's side of the workflow.

The applicant's workspace lists its raters among the other rows; it asks this module (through
the row writers it offers, ``applications.services.register_row_writer``) to name or remove one.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from applications import services as application_services
from applications.models import Application
from easy.audit.services import record

from ..models import Invitation, Reference
from .workflow import R, ReferenceWorkflowError, transition

#: How many raters an application names (a replaced one no longer counts).
RATERS_NEEDED = 3


@transaction.atomic
def nominate(application: Application, reference: Reference, *, actor) -> Reference:
    """Name a reference rater (the applicant has signed the waiver on the form).

    Side effects: one Reference (status "nominated"), one audit row. Invitations come later.
    Raises ReferenceWorkflowError when three raters are named already.
    """
    application_services.require_editable(application)
    active = application.references.exclude(status=R.REPLACED).count()
    if reference.pk is None and active >= RATERS_NEEDED:
        raise ReferenceWorkflowError(
            "You have named three reference raters. Remove one before naming another."
        )
    reference.application = application
    reference.waiver_signed = True
    reference.save()
    record(
        actor,
        "application.reference_nominated",
        application,
        data={"reference": str(reference.uuid), "relationship": reference.relationship},
    )
    return reference


@transaction.atomic
def remove(reference: Reference, *, actor) -> None:
    """Take back a nomination. One not yet invited is deleted; an invited one becomes
    "replaced" through ``transition`` so that its history stays.

    Decided on the locked row, not on the caller's copy (which may be stale: the rater may have
    been invited, or have answered, since the page was shown). Side effects: the row is locked;
    for an invited rater the invitation is withdrawn (every link shows "no longer needed"), the
    status becomes "replaced" (audit row; the stored invitation and reminder emails lose their
    text), for a nominated one the row is deleted; one audit row on the application.
    """
    current = (
        Reference.objects.select_for_update().select_related("application").get(pk=reference.pk)
    )
    application_services.require_editable(current.application)
    record(
        actor,
        "application.reference_removed",
        current.application,
        data={"reference": str(current.uuid)},
    )
    if current.status == R.NOMINATED:
        current.delete()
        return
    Invitation.objects.filter(reference=current, withdrawn_at=None).update(
        withdrawn_at=timezone.now()
    )
    transition(current, R.REPLACED, actor=actor, reason="removed by the applicant")

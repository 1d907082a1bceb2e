"""The applicant asks for a rater's invitation to be sent again.

The applicant never holds a rater's link (it would let them read the rater's draft and answer
in the rater's name): the email goes to the rater's address, and the applicant sees only that
it went. Asks are limited per reference so that a rater is not flooded.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from easy.audit.models import AuditEvent
from easy.audit.services import public_id

from ..models import Invitation, Reference
from .invitations import resend_invitation
from .workflow import ReferenceWorkflowError

#: At most this many asks per reference in any 24 hours.
ASKS_PER_DAY = 3
RESENT_ACTION = "reference.invitation_resent"


def asks_in_last_day(reference: Reference) -> int:
    """The applicant's asks for ``reference`` in the last 24 hours, read from the audit rows
    (so the count holds across processes and restarts)."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Reference),
        object_id=public_id(reference),
        action=RESENT_ACTION,
        actor_id=reference.application.applicant_id,
        created_at__gte=timezone.now() - dt.timedelta(days=1),
    ).count()


@transaction.atomic
def ask_for_resend(invitation: Invitation, *, actor) -> int:
    """Send the invitation to the rater again, at the applicant's request.

    Side effects: those of ``resend_invitation`` (one audit row, one email to the rater on
    commit). Raises ``ReferenceWorkflowError`` (``RESEND_LIMIT``) after ``ASKS_PER_DAY`` asks in
    24 hours; the invitation's row lock makes simultaneous asks count one after the other.
    """
    locked = (
        Invitation.objects.select_for_update()
        .select_related("reference__application")
        .get(pk=invitation.pk)
    )
    if asks_in_last_day(locked.reference) >= ASKS_PER_DAY:
        raise ReferenceWorkflowError(
            _(
                "The invitation was sent again %(n)s times today. Wait a day, or ask the "
                "coordinator."
            )
            % {"n": ASKS_PER_DAY},
            ReferenceWorkflowError.RESEND_LIMIT,
        )
    return resend_invitation(locked, actor=actor)

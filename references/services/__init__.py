"""Every write of the reference ratings. Each function runs in one transaction, takes domain
objects and an ``actor`` (a user, or None for the rater or the system) and lists its side effects.

``Reference.status`` changes only through ``transition`` (``transition_many`` for the periodic
job). Besides it this package writes ``Reference.submitted_at`` (when a rating is submitted) and
``Reference.rater_vetted`` (the coordinator's latest vetting decision); nothing else of the
applicant's portal.
"""

from .invitations import (
    copy_link,
    extend_deadline,
    invitation_key,
    invite,
    record_vetting,
    replace_rater,
    resend_invitation,
    send_invitation_email,
)
from .job import (
    JOB_BATCH,
    due_rater_reminders,
    expire_links,
    expire_outdated_ratings,
    send_due_reminders,
)
from .nominations import nominate, remove
from .rater import decline, record_opened, save_draft, submit_rating
from .workflow import (
    DEADLINE_DAYS,
    NOTICE_BATCH,
    REMINDER_BEFORE_DEADLINE_DAYS,
    ReferenceWorkflowError,
    can_transition,
    send_notices,
    transition,
    transition_many,
)

__all__ = [
    "DEADLINE_DAYS",
    "JOB_BATCH",
    "NOTICE_BATCH",
    "REMINDER_BEFORE_DEADLINE_DAYS",
    "ReferenceWorkflowError",
    "can_transition",
    "copy_link",
    "decline",
    "due_rater_reminders",
    "expire_links",
    "expire_outdated_ratings",
    "extend_deadline",
    "invitation_key",
    "invite",
    "nominate",
    "record_opened",
    "record_vetting",
    "remove",
    "replace_rater",
    "resend_invitation",
    "save_draft",
    "send_due_reminders",
    "send_invitation_email",
    "send_notices",
    "submit_rating",
    "transition",
    "transition_many",
]

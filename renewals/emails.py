"""Emails of the renewal cycle: one function per email (templates/emails/renewal-*)."""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _

from easy.accounts.enums import Role
from easy.lib.urls import absolute_url
from easy.notifications.enums import Event
from easy.notifications.services import queue_email

from .enums import ReminderKind, RenewalStatus


def _url(name: str, **kwargs) -> str:
    return absolute_url(name, **kwargs)


def _date(day) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def reminder_texts(kind: str, cycle, year: int) -> tuple[str, str]:
    """(subject, sentence) of one reminder kind: subjects differ so that none is mistaken for
    another."""
    deadline = _date(cycle.deadline(year))
    grace_end = _date(cycle.grace_ends_on(year))
    texts = {
        ReminderKind.WINDOW_OPEN: (
            _("Renewal for %(year)s is open") % {"year": year},
            _("You can renew your endorsement for %(year)s now, until %(deadline)s.")
            % {"year": year, "deadline": deadline},
        ),
        ReminderKind.DAYS_30: (
            _("30 days left to renew your endorsement"),
            _("Your renewal is due by %(deadline)s.") % {"deadline": deadline},
        ),
        ReminderKind.DAYS_7: (
            _("7 days left to renew your endorsement"),
            _("Your renewal is due by %(deadline)s. After that a late fee applies.")
            % {"deadline": deadline},
        ),
        ReminderKind.DEADLINE: (
            _("Renewal deadline: today"),
            _(
                "Today is the renewal deadline. You can still renew until %(grace)s with a "
                "late fee; after that your endorsement lapses."
            )
            % {"grace": grace_end},
        ),
        ReminderKind.GRACE_ENDING: (
            _("Last days to renew before your endorsement lapses"),
            _("Renew (with the late fee) by %(grace)s, or your endorsement lapses.")
            % {"grace": grace_end},
        ),
        ReminderKind.LAPSED: (
            _("Your endorsement has lapsed"),
            _(
                "Your endorsement was not renewed by %(grace)s and has lapsed. You can apply "
                "to reinstate it: three new reference ratings, the processing fee and this "
                "year's renewal requirements."
            )
            % {"grace": grace_end},
        ),
        ReminderKind.MEMBERSHIP_EXPIRING: (
            _("Your association membership expires soon"),
            _(
                "Your membership expires within 30 days. Renew it and add the new expiry date "
                "to your log: a current membership is needed to keep your endorsement."
            ),
        ),
    }
    return texts[kind]


def reminder(sent, association):
    """One recorded reminder (``ReminderSent``) to its person. Key: the reminder's row."""
    from .services import settings_for

    with translation.override(sent.person.email_language):
        subject, sentence = reminder_texts(sent.kind, settings_for(association), sent.year)
    return queue_email(
        event=Event.RENEWAL_REMINDER,
        to=sent.person.email,
        template="renewal-reminder",
        context={
            "name": sent.person.display_name,
            "subject": subject,
            "sentence": sentence,
            "association": association,
            "renewal_url": _url("renewals:mine"),
        },
        key=f"renewal-reminder:{sent.person_id}:{sent.year}:{sent.kind}",
        language=sent.person.email_language,
        reply_to=association.contact_email,
    )


def status_changed(renewal, *, before: str):
    """To the endorsee when their renewal is submitted, waits for proof, returns or is
    approved."""
    if renewal.status == RenewalStatus.IN_PROGRESS:
        return None
    return queue_email(
        event=Event.RENEWAL_STATUS,
        to=renewal.person.email,
        template="renewal-status",
        context={
            "name": renewal.person.display_name,
            "renewal": renewal,
            "status": RenewalStatus(renewal.status),
            "association": renewal.association,
            "renewal_url": _url("renewals:detail", uuid=renewal.uuid),
        },
        key=f"renewal-status:{renewal.uuid}:{before}:{renewal.status}:{renewal.submitted_at}",
        language=renewal.person.email_language,
        reply_to=renewal.association.contact_email,
    )


def reinstatement_decided(reinstatement):
    """To the endorsee when the coordinator reinstates their endorsement or declines."""
    endorsement = reinstatement.endorsement
    holder = endorsement.user
    return queue_email(
        event=Event.RENEWAL_STATUS,
        to=holder.email,
        template="renewal-reinstatement",
        context={
            "name": holder.display_name,
            "approved": reinstatement.is_approved,
            "endorsement": endorsement,
            "association": endorsement.association,
            "until": _date(endorsement.renews_on),
            "reason": reinstatement.reason,
            "reinstatement_url": _url("renewals:reinstatement", uuid=reinstatement.uuid),
        },
        key=f"renewal-reinstatement:{reinstatement.uuid}:{reinstatement.status}",
        language=holder.email_language,
        reply_to=endorsement.association.contact_email,
    )


def _coordinator_addresses(association) -> list[str]:
    if association.contact_email:
        return [association.contact_email]
    return sorted(
        association.role_assignments.filter(role=Role.COORDINATOR).values_list(
            "user__email", flat=True
        )
    )


def lapsed_to_coordinator(endorsement) -> list:
    """To the association when an endorsement lapses (the holder gets the LAPSED reminder)."""
    return [
        queue_email(
            event=Event.ENDORSEMENT_LAPSED,
            to=address,
            template="renewal-lapsed",
            context={
                "endorsement": endorsement,
                "holder": endorsement.user,
                "association": endorsement.association,
                "queue_url": _url("renewals:queue", code=endorsement.association.code),
            },
            key=f"renewal-lapsed:{endorsement.uuid}:{endorsement.status_changed_on}:{address}",
        )
        for address in _coordinator_addresses(endorsement.association)
    ]

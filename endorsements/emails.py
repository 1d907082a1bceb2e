"""The emails about granted endorsements, one function each (sent after commit by a task).
No password and no document travel by email: links lead to pages behind sign-in."""

from django.utils.formats import date_format

from easy.lib.urls import absolute_url
from easy.notifications.enums import Event
from easy.notifications.services import queue_email


def _url(name: str, **kwargs) -> str:
    return absolute_url(name, **kwargs)


def certificate_ready(endorsement):
    """To the holder: the certificate, letter and credential are ready to download."""
    return queue_email(
        event=Event.CERTIFICATE,
        to=endorsement.user.email,
        template="certificate-ready",
        context={
            "name": endorsement.user.display_name,
            "number": endorsement.number,
            "category": endorsement.category_code,
            "association": endorsement.association.name,
            "valid_until": date_format(endorsement.renews_on, "j F Y"),
            "url": _url("endorsements:mine"),
            "registry_url": _url("endorsements:registry_profile"),
            "verify_url": _url("public:verify", number=endorsement.number),
        },
        key=f"certificate:{endorsement.uuid}:{endorsement.documents_key}",
        language=endorsement.user.email_language,
    )


def endorsement_revoked(endorsement):
    """To the holder: the endorsement was revoked, and why."""
    return queue_email(
        event=Event.ENDORSEMENT_STATUS,
        to=endorsement.user.email,
        template="certificate-revoked",
        context={
            "name": endorsement.user.display_name,
            "number": endorsement.number,
            "category": endorsement.category_code,
            "association": endorsement.association.name,
            "contact": endorsement.association.contact_email,
            "reason": endorsement.revocation_reason,
            "on": date_format(endorsement.status_changed_on, "j F Y"),
        },
        key=f"endorsement-revoked:{endorsement.uuid}",
        language=endorsement.user.email_language,
        reply_to=endorsement.association.contact_email,
    )


def transfer_requested(transfer):
    """To the receiving association's contact address: a transfer waits for a decision."""
    to = transfer.to_association.contact_email
    if not to:
        return None
    return queue_email(
        event=Event.TRANSFER,
        to=to,
        template="certificate-transfer-requested",
        context={
            "holder": transfer.endorsement.user.get_full_name(),
            "number": transfer.endorsement.number,
            "category": transfer.endorsement.category_code,
            "from": transfer.from_association.name,
            "to": transfer.to_association.name,
            "url": _url("endorsements:transfers", code=transfer.to_association.code),
        },
        key=f"transfer-requested:{transfer.uuid}",
    )


def transfer_decided(transfer, *, reason: str = ""):
    """To the holder: the receiving association accepted or declined the transfer."""
    return queue_email(
        event=Event.TRANSFER,
        to=transfer.endorsement.user.email,
        template="certificate-transfer-decided",
        context={
            "name": transfer.endorsement.user.display_name,
            "number": transfer.endorsement.number,
            "to": transfer.to_association.name,
            "accepted": transfer.status == "accepted",
            "reason": reason,
            "url": _url("endorsements:mine"),
        },
        key=f"transfer-decided:{transfer.uuid}",
        language=transfer.endorsement.user.email_language,
    )


def invitation(user, association, *, set_password_url: str, key: str):
    """To a person imported from an association's records: set a password to sign in."""
    return queue_email(
        event=Event.INVITATION,
        to=user.email,
        template="certificate-invitation",
        context={
            "name": user.display_name,
            "association": association.name,
            "url": set_password_url,
        },
        key=key,
        language=user.email_language,
        reply_to=association.contact_email,
    )

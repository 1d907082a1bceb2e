"""Reactions inside ``endorsements`` to its own signals (connected in ``apps.ready``): a new
certificate after a grant, renewal or transfer; the holder told of a revocation. The registry,
verification page and status lists read the status live, so they need nothing here."""

from easy.lib.tasks import enqueue_on_commit

from .enums import EndorsementStatus


def make_certificate(sender, *, endorsement, **kwargs) -> None:
    from .tasks import task_make_certificate

    pk = endorsement.pk
    enqueue_on_commit(task_make_certificate, endorsement_id=pk)


def tell_holder(sender, *, endorsement, new, **kwargs) -> None:
    if new == EndorsementStatus.REVOKED:
        from . import emails

        emails.endorsement_revoked(endorsement)


def connect() -> None:
    from . import signals

    for signal in (
        signals.endorsement_granted,
        signals.endorsement_renewed,
        signals.endorsement_transferred,
    ):
        signal.connect(make_certificate, dispatch_uid=f"certificate-{id(signal)}")
    signals.endorsement_status_changed.connect(tell_holder, dispatch_uid="revocation-email")

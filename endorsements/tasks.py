"""Background work of granted endorsements: certificates and letters, and spreadsheet imports."""

from celery import shared_task

from .models import EndorseeImport, Endorsement


@shared_task(name="easy.endorsements.make_certificate")
def task_make_certificate(*, endorsement_id: int) -> bool:
    """Make (or keep) the certificate and letter and tell the holder once per version.
    Idempotent: the documents are made again only when what they show changed, and the email
    is keyed by that version."""
    from . import certificates, emails

    endorsement = (
        Endorsement.objects.select_related("user", "association").filter(pk=endorsement_id).first()
    )
    if endorsement is None:
        return False
    made = certificates.make_documents(endorsement)
    if endorsement.is_current:
        emails.certificate_ready(endorsement)
    return made


@shared_task(name="easy.endorsements.check_import")
def task_check_import(*, import_id: int) -> int:
    """The dry run of a mapped spreadsheet: counts and per-row errors on the job."""
    from . import imports

    job = EndorseeImport.objects.filter(pk=import_id).first()
    if job is None:
        return 0
    return len(imports.dry_run(job)["errors"])


@shared_task(name="easy.endorsements.run_import")
def task_run_import(*, import_id: int) -> int:
    """Import the rows of a checked spreadsheet (see ``endorsements.imports``)."""
    from . import imports

    job = EndorseeImport.objects.filter(pk=import_id).first()
    if job is None:
        return 0
    return imports.run(job)


@shared_task(name="easy.endorsements.invite_people")
def task_invite_people(*, association_id: int, user_ids: list[int]) -> int:
    """Invite imported people to choose a password (idempotent: one email per person)."""
    from . import imports
    from .models import Association

    association = Association.objects.filter(pk=association_id).first()
    if association is None:
        return 0
    return imports.invite_people(association, user_ids)

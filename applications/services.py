"""Every write of the applicant's portal. Each function runs in one transaction, takes domain
objects and an ``actor`` (the user doing it, or None for the system) and lists its side effects.

Status changes go through ``transition`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from easy.audit.services import record
from endorsements.models import Category
from endorsements.queries import open_submission_period
from endorsements.rules import evaluate

from . import emails, fees, queries
from .agreements import CURRENT
from .dossier import build_dossier
from .enums import (
    ALLOWED,
    DECIDED,
    EDITABLE,
    WITHDRAWABLE,
    ApplicationStatus,
    DocumentSource,
    SignatureKind,
)
from .errors import ApplicationError
from .models import (
    AdvisorComment,
    Application,
    ApplicationVersion,
    CompetencyNarrative,
    Document,
    Row,
    Signature,
    Training,
)
from .uploads import store

S = ApplicationStatus


TRANSITION_ACTION = "application.transition"


def can_transition(application: Application, to: str) -> bool:
    """May ``application`` move to ``to`` now (``enums.ALLOWED``)? Views and templates ask this
    instead of listing statuses."""
    return to in ALLOWED[application.status]


@transaction.atomic
def transition(
    application: Application,
    to: str,
    *,
    actor,
    reason: str = "",
    actor_label: str = "",
    notify: bool = True,
) -> Application:
    """Move ``application`` to status ``to``.

    Side effects: saves the status (and the timestamp that goes with it; a "revise and resubmit"
    reopened as in progress becomes the next version), one audit row (the timeline reads them),
    one email to the applicant unless ``notify`` is False (for a caller that sends its own,
    fuller email about the same change, such as the review's decision email).
    Raises ApplicationError when the map ``ALLOWED`` does not allow the change.
    """
    current = Application.objects.select_for_update().get(pk=application.pk)
    to = S(to)
    if not can_transition(current, to):
        raise ApplicationError(
            f"An application that is {S(current.status).label.lower()} cannot become "
            f"{to.label.lower()}."
        )
    before = current.status
    now = timezone.now()
    fields = ["status", "updated_at"]
    application.status = to
    if to == S.REGISTERED:
        application.registered_at = now
        fields.append("registered_at")
    elif to == S.IN_PROGRESS and before == S.REGISTERED:
        application.approved_at = now
        fields.append("approved_at")
    elif to == S.IN_PROGRESS and before == S.REVISE_RESUBMIT:
        application.version = current.version + 1
        fields.append("version")
    elif to == S.SUBMITTED:
        application.submitted_at = now
        fields.append("submitted_at")
    if to in DECIDED:
        application.decided_at = now
        fields.append("decided_at")
    application.save(update_fields=fields)
    event = record(
        actor,
        TRANSITION_ACTION,
        application,
        reason=reason,
        data={"from": before, "to": to, "version": application.version},
        actor_label=actor_label,
    )
    if notify:
        emails.status_changed(application, before=before, reason=reason, key=f"status:{event.pk}")
    return application


# --- Registration -------------------------------------------------------------------------


@transaction.atomic
def start_registration(
    applicant, association, category: Category, answers: dict, *, actor
) -> Application:
    """Create an application in "registering" with the registration answers.

    Side effects: one Application, one audit row.
    """
    application = Application.objects.create(
        applicant=applicant,
        association=association,
        category=category,
        membership_terms_agreed_at=timezone.now(),
        **_registration_fields(answers),
    )
    record(actor, "application.created", application, data={"category": category.code})
    return application


def _registration_fields(answers: dict) -> dict:
    keys = ("work_summary", "education_summary", "rsc_summary", "provides_rsc")
    return {k: answers[k] for k in keys if k in answers}


@transaction.atomic
def update_registration(application: Application, answers: dict, *, actor) -> Application:
    """Change the registration answers (and ``answers["category"]``, a ``Category``) before the
    fee is paid.

    Side effects: saves the application; one audit row.
    """
    if application.status != S.REGISTERING:
        raise ApplicationError("The registration can no longer be changed.")
    fields = _registration_fields(answers)
    if "category" in answers:
        fields["category"] = answers["category"]
    for key, value in fields.items():
        setattr(application, key, value)
    application.save(update_fields=[*fields, "updated_at"])
    record(actor, "application.registration_changed", application)
    return application


def mark_registration_paid(application: Application, *, payment=None) -> Application:
    """The registration fee is paid: the registration goes to the coordinator (idempotent)."""
    application.refresh_from_db(fields=["status"])
    if application.status != S.REGISTERING:
        return application
    return transition(
        application,
        S.REGISTERED,
        actor=None,
        actor_label="payments",
        reason="Registration fee received.",
    )


def can_approve_registration(application: Application) -> bool:
    """A registration waiting for the coordinator (the only way into "in progress" from one)."""
    return application.in_registration and can_transition(application, S.IN_PROGRESS)


def approve_registration(application: Application, *, actor, reason: str = "") -> Application:
    """The coordinator approves: the workspace opens. Side effects: see ``transition``."""
    return transition(application, S.IN_PROGRESS, actor=actor, reason=reason)


# --- Workspace rows -------------------------------------------------------------------------


def require_editable(application: Application) -> None:
    """Raise ApplicationError unless the applicant may change the workspace now."""
    if application.status not in EDITABLE:
        raise ApplicationError(
            f"This application cannot be changed now: it is {S(application.status).label.lower()}."
        )


def _touch(application: Application) -> None:
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())


@dataclass(frozen=True)
class RowWriter:
    """How an app above this one saves and removes rows of the workspace it owns."""

    save: Callable[..., Row]  # (application, row, *, actor) -> row
    delete: Callable[..., None]  # (row, *, actor)


#: Rows of the workspace another app owns, by model: the ``references`` app registers how a
#: rater is named and removed (its status is its own), so this app lists them among the other
#: rows without writing them, and without importing an app above it.
ROW_WRITERS: dict[type[Row], RowWriter] = {}


def register_row_writer(model: type[Row], *, save: Callable, delete: Callable) -> None:
    ROW_WRITERS[model] = RowWriter(save=save, delete=delete)


@transaction.atomic
def save_row(application: Application, row, *, actor):
    """Create or change one workspace row (a degree, a work period, a session...).

    Side effects: saves the row; refreshes the application's ``updated_at``. A row another app
    owns (``ROW_WRITERS``) is saved by that app.
    """
    if (writer := ROW_WRITERS.get(type(row))) is not None:
        return writer.save(application, row, actor=actor)
    require_editable(application)
    row.application = application
    row.save()
    _touch(application)
    return row


@transaction.atomic
def delete_row(application: Application, row, *, actor) -> None:
    """Remove one workspace row, with its documents. Side effects: deletes rows and files. A row
    another app owns (``ROW_WRITERS``) is removed by that app."""
    if (writer := ROW_WRITERS.get(type(row))) is not None:
        writer.delete(row, actor=actor)
        return
    require_editable(application)
    for document in getattr(row, "documents", Document.objects.none()).all():
        _delete_document_file(document)
    row.delete()
    _touch(application)


@transaction.atomic
def set_provides_rsc(application: Application, provides: bool, *, actor) -> None:
    require_editable(application)
    application.provides_rsc = provides
    application.save(update_fields=["provides_rsc", "updated_at"])


@transaction.atomic
def import_trainings(application: Application, rows: Iterable[Training], *, actor) -> int:
    """Add checked training rows from a CSV file. Side effects: the rows; one audit row."""
    require_editable(application)
    rows = list(rows)
    for row in rows:
        row.application = application
    Training.objects.bulk_create(rows)
    _touch(application)
    record(actor, "application.trainings_imported", application, data={"rows": len(rows)})
    return len(rows)


@transaction.atomic
def save_narrative(
    application: Application,
    area_code: str,
    *,
    narrative: str,
    trainings: Iterable,
    work_periods: Iterable,
    actor,
) -> CompetencyNarrative:
    """The applicant's narrative and evidence for one competency area.

    Side effects: creates or changes the narrative and its links.
    """
    require_editable(application)
    row, _ = CompetencyNarrative.objects.get_or_create(application=application, area_code=area_code)
    row.narrative = narrative
    row.save(update_fields=["narrative"])
    row.trainings.set(trainings)
    row.work_periods.set(work_periods)
    _touch(application)
    return row


# --- Documents ------------------------------------------------------------------------------


@transaction.atomic
def add_document(
    application: Application,
    checked,
    *,
    kind: str,
    actor,
    degree=None,
    certificate=None,
    membership=None,
    source: str = DocumentSource.APPLICANT,
) -> Document:
    """Store a checked upload and attach it. The applicant adds while the application is
    editable; a coordinator may attach a transcript received by post or email at any time.

    Side effects: one stored file, one Document, one audit row.
    """

    if source == DocumentSource.APPLICANT:
        require_editable(application)
    name = store(checked, application)
    document = Document.objects.create(
        application=application,
        kind=kind,
        degree=degree,
        certificate=certificate,
        membership=membership,
        name=name,
        original_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        source=source,
        uploaded_by=actor,
    )
    record(
        actor,
        "application.document_added",
        application,
        data={"kind": kind, "document": str(document.uuid), "source": source},
    )
    return document


def _delete_document_file(document: Document) -> None:

    name = document.name
    transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def delete_document(document: Document, *, actor) -> None:
    """Remove an uploaded document. Side effects: the row, the stored file, one audit row."""
    application = document.application
    if application is None:
        raise ApplicationError("This document belongs to no application.")
    require_editable(application)
    _delete_document_file(document)
    record(
        actor,
        "application.document_removed",
        application,
        data={"kind": document.kind, "document": str(document.uuid)},
    )
    document.delete()


# --- Signatures -----------------------------------------------------------------------------


@transaction.atomic
def sign(
    application: Application, kind: str, *, typed_name: str, ip_address: str | None, actor
) -> Signature:
    """Sign the current version of a text. The signature is immutable.

    Side effects: one Signature (time, IP address, SHA-256 of the text), one audit row.
    """
    require_editable(application)
    text = CURRENT[SignatureKind(kind)]
    language = text.language()  # the page's language: the wording the applicant was shown
    if Signature.objects.filter(
        application=application, kind=kind, document_version=text.version
    ).exists():
        raise ApplicationError(f"You have already signed the {text.title}.")
    signature = Signature.objects.create(
        application=application,
        kind=kind,
        document_version=text.version,
        typed_name=typed_name.strip(),
        signed_at=timezone.now(),
        ip_address=ip_address or None,
        text_sha256=text.sha256(application.association, language),
        language=language,
    )
    record(
        actor,
        "application.signed",
        application,
        data={
            "kind": kind,
            "version": text.version,
            "language": language,
            "sha256": signature.text_sha256,
        },
    )
    return signature


# --- Advisor --------------------------------------------------------------------------------


@transaction.atomic
def assign_advisor(application: Application, advisor, *, actor) -> Application:
    """Side effects: saves the advisor; one audit row; an email to the advisor and one to the
    applicant."""
    application.advisor = advisor
    application.save(update_fields=["advisor", "updated_at"])
    event = record(
        actor,
        "application.advisor_assigned",
        application,
        data={"advisor": str(advisor.uuid) if advisor else None},
    )
    if advisor is not None:
        emails.advisor_assigned(application, key=f"advisor:{event.pk}")
    return application


@transaction.atomic
def add_comment(
    application: Application, section: str, body: str, *, actor, parent=None
) -> AdvisorComment:
    """A comment on a section (advisor or coordinator) or an answer to one (applicant).

    Side effects: one AdvisorComment; an email to the other side.
    """
    comment = AdvisorComment.objects.create(
        application=application,
        section=section if parent is None else parent.section,
        author=actor,
        body=body.strip(),
        parent=parent,
    )
    emails.comment_added(comment, key=f"comment:{comment.pk}")
    return comment


# --- Submission -----------------------------------------------------------------------------


def submission_blockers(application: Application, evaluation, *, on: dt.date) -> list[str]:
    """Why the application cannot be submitted now (empty when it can)."""

    blockers = []
    if application.status not in (S.IN_PROGRESS, S.RETURNED):
        blockers.append(
            f"An application that is {S(application.status).label.lower()} cannot be submitted."
        )
    if evaluation is None or not evaluation.ready:
        blockers.append("The checklist still has required items that are not met.")
    if open_submission_period(application.association, application.category, on) is None:
        blockers.append(
            f"No submission period is open for {application.category_code} applications today."
        )
    if not fees.is_paid(application, fees.PROCESSING):
        blockers.append("The processing fee has not been paid.")
    return blockers


@transaction.atomic
def submit(application: Application, *, actor, on: dt.date | None = None) -> Application:
    """Submit the application: it is locked until the coordinator returns it.

    Side effects: one ApplicationVersion (the dossier and the verdicts, frozen); see
    ``transition``. Raises ApplicationError listing what blocks the submission.
    """

    on = on or timezone.localdate()
    loaded = queries.with_workspace(Application.objects.filter(pk=application.pk)).get()
    dossier = build_dossier(loaded, as_of=on)
    evaluation = evaluate(dossier)
    blockers = submission_blockers(loaded, evaluation, on=on)
    if blockers:
        raise ApplicationError(" ".join(blockers))
    application.snapshot_applicant()
    application.save(update_fields=["applicant_at_submission"])
    ApplicationVersion.objects.create(
        application=application,
        number=application.version,
        submitted_at=timezone.now(),
        dossier=dossier.to_dict(),
        evaluation=evaluation.to_dict(),
    )
    return transition(application, S.SUBMITTED, actor=actor, reason="Submitted by the applicant.")


def return_for_changes(application: Application, *, actor, reason: str) -> Application:
    """The coordinator sends a submitted application back; it unlocks for the applicant."""
    if not reason.strip():
        raise ApplicationError("Say what the applicant should change.")
    return transition(application, S.RETURNED, actor=actor, reason=reason)


def withdraw(application: Application, *, actor, reason: str = "") -> Application:
    if application.status not in WITHDRAWABLE:
        raise ApplicationError("The application can no longer be withdrawn.")
    return transition(application, S.WITHDRAWN, actor=actor, reason=reason)


def start_revision(application: Application, *, actor) -> Application:
    """After "revise and resubmit": reopen as the next version (earlier versions are kept)."""
    return transition(
        application,
        S.IN_PROGRESS,
        actor=actor,
        reason="Reopened for revision as a new version.",
    )

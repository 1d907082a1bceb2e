"""Bringing an association's existing endorsees in from a spreadsheet (CSV or XLSX, read by
tablib): map the columns, check every row (a dry run listing what would be created, updated or
left alone, and each bad row with its reasons), then import in a task that reports progress.

People are matched by email, endorsements by number within the association, so running the
same file again changes nothing. Each person new to the portal is invited to choose a password
(an allauth password-reset link); no password is ever sent.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from easy.accounts.enums import Role
from easy.accounts.models import RoleAssignment, User
from easy.audit.models import AuditEvent
from easy.audit.services import record
from easy.lib.tasks import enqueue_on_commit

from . import services
from .enums import EndorsementStatus, ImportStatus
from .models import Association, Category, EndorseeImport, Endorsement

#: What the portal needs from each row, and whether it must be there.
FIELDS: dict[str, tuple[str, bool]] = {
    "email": (gettext_lazy("Email address"), True),
    "full_name": (gettext_lazy("Full name"), False),
    "first_name": (gettext_lazy("First name"), False),
    "last_name": (gettext_lazy("Last name (surname)"), False),
    "category": (gettext_lazy("Category code (e.g. IFS)"), True),
    "number": (gettext_lazy("Endorsement number"), True),
    "granted_on": (gettext_lazy("Date granted"), True),
    "valid_until": (gettext_lazy("Valid until (renewal date)"), True),
    "status": (gettext_lazy("Status (optional: current, lapsed, archived…)"), False),
    "city": (gettext_lazy("City"), False),
    "state": (gettext_lazy("State"), False),
}
_ALIASES = {
    "email": {"email", "e-mail", "emailaddress", "mail"},
    "full_name": {"name", "fullname", "holder", "endorsee"},
    "first_name": {"firstname", "givenname", "first"},
    "last_name": {"lastname", "surname", "familyname", "last"},
    "category": {"category", "categorycode", "endorsement", "endorsementcategory"},
    "number": {"number", "endorsementnumber", "endorsementno", "id", "certificatenumber"},
    "granted_on": {"granted", "grantedon", "dategranted", "endorsedon", "dateendorsed", "since"},
    "valid_until": {"validuntil", "renewson", "renewaldate", "expires", "expiration", "enddate"},
    "status": {"status", "standing"},
    "city": {"city", "town"},
    "state": {"state", "region", "province"},
}
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d %B %Y", "%B %d, %Y")
CHUNK = 1000
INVITE_BATCH = 200
MAX_ROWS = 50_000


def _norm(header: str) -> str:
    return re.sub(r"[^a-z]", "", (header or "").lower())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """field -> header, for headers whose name says what they hold."""
    mapping = {}
    for header in headers:
        for name, aliases in _ALIASES.items():
            if _norm(header) in aliases and name not in mapping:
                mapping[name] = header
    return mapping


def read_file(content: bytes, original_name: str) -> tablib.Dataset:
    kind = "xlsx" if original_name.lower().endswith(".xlsx") else "csv"
    if kind == "csv" and b"\x00" in content:  # PostgreSQL stores no NUL in text (a 500)
        raise services.EndorsementError(
            _("The file contains NUL characters: it is not a CSV file.")
        )
    try:
        if kind == "csv":
            text = content.decode("utf-8-sig")
            data = tablib.Dataset().load(text, format="csv")
        else:
            data = tablib.Dataset().load(content, format="xlsx")
    except Exception as exc:  # tablib raises many kinds for a broken file
        raise services.EndorsementError(
            _("The file cannot be read as %(kind)s.") % {"kind": kind}
        ) from exc
    if not data.headers:
        raise services.EndorsementError(_("The first row must name the columns."))
    if data.height > MAX_ROWS:
        raise services.EndorsementError(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    return data


def load(job: EndorseeImport) -> tablib.Dataset:
    with default_storage.open(job.file, "rb") as fh:
        return read_file(fh.read(), job.original_name)


@transaction.atomic
def start(association: Association, *, content: bytes, original_name: str, actor):
    """Keep the uploaded file and guess the column mapping. Side effects: the file in the
    document store; one EndorseeImport; one audit row."""
    data = read_file(content, original_name)
    from django.core.files.base import ContentFile

    name = default_storage.save(
        f"imports/{association.code}/{uuidlib.uuid4()}.{original_name.rsplit('.', 1)[-1]}",
        ContentFile(content),
    )
    job = EndorseeImport.objects.create(
        association=association,
        created_by=actor,
        file=name,
        original_name=original_name[:200],
        headers=[str(h) for h in data.headers],
        mapping=guess_mapping([str(h) for h in data.headers]),
        total_rows=data.height,
    )
    record(
        actor, "import.uploaded", association, data={"import": str(job.uuid), "rows": data.height}
    )
    return job


# --- Reading and checking rows ----------------------------------------------------------------


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class Row:
    line: int
    email: str = ""
    full_name: str = ""
    category: str = ""
    number: str = ""
    granted_on: dt.date | None = None
    valid_until: dt.date | None = None
    status: str = EndorsementStatus.CURRENT
    city: str = ""
    state: str = ""
    errors: list[str] = field(default_factory=list)
    action: str = ""  # create / update / unchanged


def _cell(record: dict, mapping: dict, name: str) -> str:
    header = mapping.get(name)
    if not header:
        return ""
    value = record.get(header)
    return "" if value is None else value if isinstance(value, dt.date) else str(value).strip()


def read_rows(data: tablib.Dataset, mapping: dict) -> list[Row]:
    categories = set(Category.objects.values_list("code", flat=True))
    statuses = {s.value for s in EndorsementStatus}
    headers = [str(h) for h in data.headers]
    rows, numbers_seen = [], {}
    for i, values in enumerate(data, start=2):
        rec = dict(zip(headers, values, strict=False))
        row = Row(line=i)
        row.email = str(_cell(rec, mapping, "email")).lower()
        name = str(_cell(rec, mapping, "full_name"))
        if not name:
            parts = [str(_cell(rec, mapping, "first_name")), str(_cell(rec, mapping, "last_name"))]
            name = " ".join(p for p in parts if p)
        row.full_name = name
        row.category = str(_cell(rec, mapping, "category")).upper()
        row.number = str(_cell(rec, mapping, "number"))
        row.city, row.state = str(_cell(rec, mapping, "city")), str(_cell(rec, mapping, "state"))
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(_("bad email address “%(v)s”") % {"v": row.email})
        if not row.full_name:
            row.errors.append(_("no name"))
        if row.category not in categories:
            row.errors.append(_("unknown category “%(v)s”") % {"v": row.category})
        if not row.number or len(row.number) > 40:
            row.errors.append(_("missing or too long endorsement number"))
        elif row.number in numbers_seen:
            row.errors.append(
                _("duplicate number %(n)s (also on row %(row)d)")
                % {"n": row.number, "row": numbers_seen[row.number]}
            )
        else:
            numbers_seen[row.number] = i
        for attr in ("granted_on", "valid_until"):
            raw = _cell(rec, mapping, attr)
            parsed = parse_date(raw)
            if parsed is None:
                label = _("date granted") if attr == "granted_on" else _("valid-until date")
                row.errors.append(_("bad %(what)s “%(v)s”") % {"what": label, "v": raw})
            setattr(row, attr, parsed)
        if row.granted_on and row.valid_until and row.valid_until < row.granted_on:
            row.errors.append(_("valid-until date before the date granted"))
        status = str(_cell(rec, mapping, "status")).lower()
        if status:
            if status == "active":
                status = EndorsementStatus.CURRENT
            if status not in statuses:
                row.errors.append(_("unknown status “%(v)s”") % {"v": status})
            else:
                row.status = status
        rows.append(row)
    return rows


def _existing(association: Association, rows: list[Row]):
    numbers = [r.number for r in rows if r.number]
    found = {}
    for start_at in range(0, len(numbers), 2000):
        for e in Endorsement.objects.filter(
            association=association, number__in=numbers[start_at : start_at + 2000]
        ).select_related("user"):
            found[e.number] = e
    emails = sorted({r.email for r in rows if r.email})
    users = {}
    for start_at in range(0, len(emails), 2000):
        for u in User.objects.filter(email__in=emails[start_at : start_at + 2000]):
            users[u.email] = u
    return found, users


def _fields_of(row: Row) -> tuple:
    return (row.category, row.granted_on, row.valid_until, row.status)


def classify(association: Association, rows: list[Row]) -> tuple[dict, dict]:
    """Set ``action`` on each good row, and add errors where the number belongs to someone
    else. Returns (existing endorsements by number, existing users by email)."""
    endorsements, users = _existing(association, rows)
    for row in rows:
        if row.errors:
            continue
        existing = endorsements.get(row.number)
        if existing is None:
            row.action = "create"
        elif existing.user.email != row.email:
            row.errors.append(
                _("number %(n)s already belongs to another person") % {"n": row.number}
            )
        elif (existing.category_code, existing.granted_on, existing.renews_on, existing.status) == (
            _fields_of(row)
        ):
            row.action = "unchanged"
        elif existing.status != row.status and not services.can_transition(existing, row.status):
            row.errors.append(
                _("the endorsement cannot go from %(old)s to %(new)s")
                % {"old": existing.status, "new": row.status}
            )
        else:
            row.action = "update"
    return endorsements, users


def _summary(rows: list[Row]) -> dict:
    counts = {"create": 0, "update": 0, "unchanged": 0}
    for row in rows:
        if not row.errors:
            counts[row.action] += 1
    errors = [{"row": r.line, "number": r.number, "errors": r.errors} for r in rows if r.errors]
    return {"counts": counts, "errors": errors}


@transaction.atomic
def set_mapping(job: EndorseeImport, mapping: dict, *, actor) -> EndorseeImport:
    mapping = {k: v for k, v in mapping.items() if v}
    return services.transition_import(
        job, ImportStatus.MAPPED, actor=actor, fields={"mapping": mapping}
    )


def dry_run(job: EndorseeImport) -> dict:
    """Check every row without writing an endorsement. Side effects: the counts and errors
    on the job (status "checked")."""
    rows = read_rows(load(job), job.mapping)
    classify(job.association, rows)
    summary = _summary(rows)
    services.transition_import(
        job,
        ImportStatus.CHECKED,
        fields={
            "total_rows": len(rows),
            "errors": summary["errors"],
            "created_count": summary["counts"]["create"],
            "updated_count": summary["counts"]["update"],
            "unchanged_count": summary["counts"]["unchanged"],
        },
    )
    return summary


# --- The import itself ------------------------------------------------------------------------


def _sequences(association: Association, numbers: list[str]) -> dict[str, int]:
    """A running number for each new endorsement: the number's own digits when free, else the
    next ones after every number in use."""
    taken = set(
        Endorsement.objects.filter(association=association).values_list("sequence", flat=True)
    )
    chosen: dict[str, int] = {}
    for number in numbers:
        match = re.search(r"(\d+)$", number)
        wanted = int(match.group(1)) if match else 0
        if wanted and wanted not in taken and wanted <= 2_000_000_000:
            chosen[number] = wanted
            taken.add(wanted)
    top = max([association.last_sequence, *taken, 0])
    for number in numbers:
        if number not in chosen:
            top += 1
            chosen[number] = top
    return chosen


def _audit_rows(actor, objects, action: str, association, data_of) -> list[AuditEvent]:
    content_type = ContentType.objects.get_for_model(Endorsement)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return [
        AuditEvent(
            actor=user,
            actor_label="" if user else "import",
            action=action,
            content_type=content_type,
            object_id=str(obj.uuid),
            object_repr=str(obj)[:300],
            association=association,
            data=data_of(obj),
        )
        for obj in objects
    ]


@transaction.atomic
def _import_chunk(job: EndorseeImport, rows: list[Row], actor) -> list[int]:
    """Write one chunk of checked rows; returns the ids of people created."""
    association = Association.objects.select_for_update().get(pk=job.association_id)
    endorsements, users = classify(association, rows)
    good = [r for r in rows if not r.errors]
    new_users = []
    unusable = make_password(None)
    for row in good:
        if row.email not in users:
            user = User(
                email=row.email,
                full_name=row.full_name,
                city=row.city,
                region=row.state,
                password=unusable,
            )
            users[row.email] = user
            new_users.append(user)
    User.objects.bulk_create(new_users)
    if new_users:
        from allauth.account.models import EmailAddress

        fresh = {
            u.email: u
            for u in User.objects.filter(email__in=[u.email for u in new_users]).only("pk", "email")
        }
        for user in new_users:
            user.pk = fresh[user.email].pk
        # The association vouches for the address; the invitation link proves it again.
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in new_users],
            ignore_conflicts=True,
        )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=users[r.email], association=association, role=Role.APPLICANT)
            for r in good
        ],
        ignore_conflicts=True,
    )
    to_create = [r for r in good if r.action == "create"]
    sequences = _sequences(association, [r.number for r in to_create])
    today = timezone.localdate()
    created = [
        Endorsement(
            user=users[r.email],
            association=association,
            category_code=r.category,
            sequence=sequences[r.number],
            number=r.number,
            granted_on=r.granted_on,
            renews_on=r.valid_until,
            status=r.status,
            status_changed_on=None if r.status == EndorsementStatus.CURRENT else today,
        )
        for r in to_create
    ]
    Endorsement.objects.bulk_create(created)
    if sequences:
        association.last_sequence = max(association.last_sequence, *sequences.values())
        association.save(update_fields=["last_sequence"])
    updated = []
    for row in good:
        if row.action == "update":
            e = endorsements[row.number]
            e.category_code, e.granted_on, e.renews_on = (
                row.category,
                row.granted_on,
                row.valid_until,
            )
            updated.append(e)
    Endorsement.objects.bulk_update(updated, ["category_code", "granted_on", "renews_on"])
    # A new standing goes through the one transition (its audit row, the holder told of a
    # revocation); ``classify`` refused the moves the table does not allow.
    standing = {r.number: r.status for r in good if r.action == "update"}
    for e in updated:
        if e.status != standing[e.number]:
            services.transition(
                e, standing[e.number], actor=actor, reason=f"import {job.original_name}", on=today
            )
    source = {"import": str(job.uuid), "file": job.original_name}
    AuditEvent.objects.bulk_create(
        _audit_rows(
            actor,
            created,
            "endorsement.imported",
            association,
            lambda e: {"number": e.number, "category": e.category_code, **source},
        )
        + _audit_rows(
            actor,
            updated,
            "endorsement.import_updated",
            association,
            lambda e: {"number": e.number, "category": e.category_code, **source},
        )
    )
    EndorseeImport.objects.filter(pk=job.pk).update(
        processed_rows=job.processed_rows + len(rows),
        created_count=job.created_count + len(created),
        updated_count=job.updated_count + len(updated),
        unchanged_count=job.unchanged_count + sum(1 for r in good if r.action == "unchanged"),
        errors=job.errors
        + [{"row": r.line, "number": r.number, "errors": r.errors} for r in rows if r.errors],
    )
    job.refresh_from_db()
    return [u.pk for u in new_users]


def run(job: EndorseeImport, *, invite: bool = True) -> int:
    """Import every good row, in chunks (progress visible to the page after each), then queue
    the invitations of the people new to the portal (``task_invite_people``, after commit).
    Returns the number of endorsements created.

    Side effects: users (no usable password), verified email addresses, applicant roles,
    endorsements, audit rows per endorsement and one for the import; one invitation email per
    new person.
    """
    actor = job.created_by
    rows = read_rows(load(job), job.mapping)
    fresh = {
        "total_rows": len(rows),
        "processed_rows": 0,
        "created_count": 0,
        "updated_count": 0,
        "unchanged_count": 0,
        "errors": [],
    }
    if job.status == ImportStatus.RUNNING:  # the page started it
        EndorseeImport.objects.filter(pk=job.pk).update(**fresh)
    else:
        services.transition_import(job, ImportStatus.RUNNING, actor=actor, fields=fresh)
    job.refresh_from_db()
    new_people: list[int] = []
    for start_at in range(0, len(rows), CHUNK):
        new_people += _import_chunk(job, rows[start_at : start_at + CHUNK], actor)
    with transaction.atomic():
        services.transition_import(
            job, ImportStatus.DONE, actor=actor, fields={"finished_at": timezone.now()}
        )
        job.refresh_from_db()
        record(
            actor,
            "import.done",
            job.association,
            data={
                "import": str(job.uuid),
                "created": job.created_count,
                "updated": job.updated_count,
                "unchanged": job.unchanged_count,
                "errors": len(job.errors),
            },
        )
    if invite:
        # Invitations go out from their own tasks, a few hundred people each, once the rows
        # are in: the import's progress bar measures the records, not the mail.
        from .tasks import task_invite_people

        association_id = job.association_id
        for start_at in range(0, len(new_people), INVITE_BATCH):
            batch = new_people[start_at : start_at + INVITE_BATCH]
            enqueue_on_commit(task_invite_people, association_id=association_id, user_ids=batch)
    return job.created_count


def set_password_url(user) -> str:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    return settings.SITE_URL + reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )


def invite_people(association: Association, user_ids: list[int]) -> int:
    """One invitation per person (idempotent by key: never twice)."""
    from . import emails

    sent = 0
    for start_at in range(0, len(user_ids), 500):
        with transaction.atomic():
            for user in User.objects.filter(pk__in=user_ids[start_at : start_at + 500]):
                emails.invitation(
                    user,
                    association,
                    set_password_url=set_password_url(user),
                    key=f"invitation:{association.code}:{user.uuid}",
                )
                sent += 1
    return sent

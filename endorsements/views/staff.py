"""Staff pages for granted endorsements: revoke one, decide transfers, upload the logo and
import existing endorsees from a spreadsheet."""

import uuid

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import get_association_for_user, staff_required
from easy.lib.tasks import enqueue_on_commit

from .. import imports, permissions, services
from ..enums import ImportStatus, TransferStatus
from ..forms import AssociationLogoForm, RevokeForm, TransferDecisionForm
from ..models import EndorseeImport, Endorsement, Transfer
from ..standing import standing


@staff_required
@require_GET
def endorsees(request, code: str):
    """The association's endorsements, newest first, with their standing."""
    association = get_association_for_user(request.user, code)
    query = request.GET.get("q", "").strip()
    held = Endorsement.objects.filter(association=association).select_related("user")
    if query:
        held = held.filter(number__icontains=query) | held.filter(user__full_name__icontains=query)
    from django.core.paginator import Paginator

    page = Paginator(held.order_by("-granted_on", "number"), 50).get_page(request.GET.get("page"))
    rows = [{"e": e, "standing": standing(e)} for e in page.object_list]
    return render(
        request,
        "endorsements/staff_endorsees.html",
        {"association": association, "page": page, "rows": rows, "q": query},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def revoke(request, code: str, uuid):
    association = get_association_for_user(request.user, code)
    endorsement = get_object_or_404(Endorsement, association=association, uuid=uuid)
    permissions.require(permissions.can_revoke(request.user, endorsement))
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke(endorsement, actor=request.user, reason=form.cleaned_data["reason"])
        except services.EndorsementError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Revoked: %(n)s.") % {"n": endorsement.number})
            return redirect("endorsements:endorsees", code=code)
    return render(
        request,
        "endorsements/revoke.html",
        {"association": association, "endorsement": endorsement, "form": form},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def transfers(request, code: str):
    """Transfers into the association waiting for a decision, and recent ones both ways."""
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    form = TransferDecisionForm(request.POST or None)
    if request.method == "POST":
        try:
            transfer_uuid = uuid.UUID(request.POST.get("transfer", ""))
        except ValueError:
            raise Http404 from None  # not an address of any transfer
        transfer = get_object_or_404(Transfer, uuid=transfer_uuid, to_association=association)
        permissions.require(permissions.can_decide_transfer(request.user, transfer))
        if form.is_valid():
            try:
                services.decide_transfer(
                    transfer,
                    accept=form.cleaned_data["accept"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.EndorsementError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Decision saved."))
            return redirect("endorsements:transfers", code=code)
    waiting = Transfer.objects.filter(
        to_association=association, status=TransferStatus.REQUESTED
    ).select_related("endorsement__user", "from_association")
    # One filter, not a UNION: SQLite refuses the model's ordering inside a compound query.
    recent = Transfer.objects.filter(
        (Q(to_association=association) & ~Q(status=TransferStatus.REQUESTED))
        | Q(from_association=association)
    ).order_by("-requested_at")[:50]
    return render(
        request,
        "endorsements/transfers.html",
        {
            "association": association,
            "waiting": waiting,
            "recent": Transfer.objects.filter(pk__in=[t.pk for t in recent])
            .select_related("endorsement", "from_association", "to_association")
            .order_by("-requested_at"),
            "form": form,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def logo(request, code: str):
    """The association's administrator uploads the logo printed on certificates."""
    from easy.accounts.enums import Role

    association = get_association_for_user(request.user, code, roles=[Role.ASSOCIATION_ADMIN])
    form = AssociationLogoForm(request.POST or None, request.FILES or None, instance=association)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            from easy.audit.services import record

            record(request.user, "association.logo_changed", association)
        messages.success(request, _("The logo is saved."))
        return redirect("endorsements:logo", code=code)
    return render(request, "endorsements/logo.html", {"association": association, "form": form})


# --- Imports -----------------------------------------------------------------------------------


def _import_for(request, code: str, uuid) -> EndorseeImport:
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    job = EndorseeImport.objects.filter(association=association, uuid=uuid).first()
    if job is None:
        raise Http404
    return job


@staff_required
@require_http_methods(["GET", "POST"])
def import_start(request, code: str):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or not upload.name.lower().endswith((".csv", ".xlsx")):
            error = _("Choose a CSV or XLSX file.")
        elif upload.size > 20 * 1024 * 1024:
            error = _("The file may be at most 20 MB.")
        else:
            try:
                job = imports.start(
                    association,
                    content=upload.read(),
                    original_name=upload.name,
                    actor=request.user,
                )
            except services.EndorsementError as exc:
                error = str(exc)
            else:
                return redirect("endorsements:import_map", code=code, uuid=job.uuid)
    jobs = EndorseeImport.objects.filter(association=association)[:20]
    return render(
        request,
        "endorsements/import_start.html",
        {"association": association, "error": error, "jobs": jobs},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def import_map(request, code: str, uuid):
    """Step 2: which column holds what; then the dry run."""
    job = _import_for(request, code, uuid)
    if job.has_started:
        return redirect("endorsements:import_progress", code=code, uuid=uuid)
    fields = [
        {"name": name, "label": label, "required": required, "chosen": job.mapping.get(name, "")}
        for name, (label, required) in imports.FIELDS.items()
    ]
    missing = []
    if request.method == "POST":
        mapping = {
            name: request.POST.get(name, "")
            for name in imports.FIELDS
            if request.POST.get(name, "") in job.headers
        }
        missing = [f["label"] for f in fields if f["required"] and not mapping.get(f["name"])]
        if not (mapping.get("full_name") or mapping.get("last_name")):
            missing.append(_("Full name, or first and last name"))
        if not missing:
            from ..tasks import task_check_import

            imports.set_mapping(job, mapping, actor=request.user)
            pk = job.pk
            enqueue_on_commit(task_check_import, import_id=pk)
            return redirect("endorsements:import_check", code=code, uuid=uuid)
    return render(
        request,
        "endorsements/import_map.html",
        {"association": job.association, "job": job, "fields": fields, "missing": missing},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def import_check(request, code: str, uuid):
    """Step 3: the dry run's counts and bad rows; confirm to import."""
    job = _import_for(request, code, uuid)
    if request.method == "POST" and job.is_checked:
        from ..tasks import task_run_import

        services.transition_import(job, ImportStatus.RUNNING, actor=request.user)
        pk = job.pk
        enqueue_on_commit(task_run_import, import_id=pk)
        return redirect("endorsements:import_progress", code=code, uuid=uuid)
    return render(
        request,
        "endorsements/import_check.html",
        {
            "association": job.association,
            "job": job,
            "checking": job.is_mapped,
        },
    )


@staff_required
@require_GET
def import_progress(request, code: str, uuid):
    job = _import_for(request, code, uuid)
    return render(
        request,
        "endorsements/import_progress.html",
        {"association": job.association, "job": job, "running": job.is_running},
    )

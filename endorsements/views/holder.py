"""The holder's pages: their endorsements with the certificate, letter and credential to
download, their registry entry, and a request to move to another association."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from easy.lib.storage import protect_download

from .. import certificates, permissions, services
from ..credentials import issue, keys
from ..forms import RegistryListingForm, TransferRequestForm
from ..models import Endorsement, RegistryListing, Transfer
from ..standing import in_good_standing, reads_expired, standing


@login_required
@require_GET
def mine(request):
    held = list(
        Endorsement.objects.filter(user=request.user)
        .select_related("association")
        .order_by("-granted_on", "number")
    )
    open_transfers = {
        t.endorsement_id: t
        for t in Transfer.objects.filter(
            endorsement__user=request.user, status="requested"
        ).select_related("to_association")
    }
    rows = [
        {
            "e": e,
            "standing": standing(e),
            "current": in_good_standing(e),
            "expired": reads_expired(e),
            "transfer": open_transfers.get(e.pk),
        }
        for e in held
    ]
    listing = RegistryListing.objects.filter(user=request.user).first()
    return render(request, "endorsements/mine.html", {"rows": rows, "listing": listing})


def _revoked() -> HttpResponse:
    # A revoked endorsement gets no new proof; copies made before carry the revoked status.
    return HttpResponse(
        _("This endorsement was revoked: no certificate or credential is issued for it."),
        status=410,
        content_type="text/plain; charset=utf-8",
    )


@login_required
@require_GET
def document(request, uuid, kind: str):
    """The certificate or letter PDF, made now if the task has not made it yet."""
    endorsement = permissions.get_endorsement_for_user(request.user, uuid)
    if endorsement.is_revoked:
        return _revoked()
    certificates.make_documents(endorsement)
    name = endorsement.certificate_file if kind == "certificate" else endorsement.letter_file
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=certificates.download_name(endorsement, kind),
        content_type="application/pdf",
    )
    return protect_download(response)  # nosniff and a sandboxing CSP, like every document


@login_required
@require_GET
def credential(request, uuid):
    """The Open Badges credential as JSON, signed now with the association's key."""
    endorsement = permissions.get_endorsement_for_user(request.user, uuid)
    if endorsement.is_revoked:
        return _revoked()
    try:
        payload = issue.signed_credential(endorsement)
    except keys.KeyMissing:
        return HttpResponse(
            _("The association has no signing key yet. Please ask its coordinator."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(
        json.dumps(payload, indent=2, ensure_ascii=False), content_type="application/ld+json"
    )
    response["Content-Disposition"] = f'attachment; filename="credential-{endorsement.number}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def registry_profile(request):
    """Join or leave the public registry, and choose what it shows."""
    listing = RegistryListing.objects.filter(user=request.user).first() or RegistryListing(
        user=request.user, city=request.user.city, state=request.user.region
    )
    form = RegistryListingForm(request.POST or None, instance=listing)
    if request.method == "POST" and form.is_valid():
        services.save_registry_listing(form.save(commit=False), actor=request.user)
        if form.instance.listed:
            messages.success(request, _("You are listed in the public registry."))
        else:
            messages.success(request, _("You are not listed in the public registry."))
        return redirect("endorsements:mine")
    return render(request, "endorsements/registry_profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def transfer_request(request, uuid):
    endorsement = permissions.get_endorsement_for_user(request.user, uuid)
    permissions.require(permissions.can_request_transfer(request.user, endorsement))
    form = TransferRequestForm(request.POST or None, endorsement=endorsement)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_transfer(
                endorsement,
                form.cleaned_data["to_association"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except services.EndorsementError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your request is sent. The association will answer."))
            return redirect("endorsements:mine")
    return render(
        request, "endorsements/transfer_request.html", {"form": form, "endorsement": endorsement}
    )

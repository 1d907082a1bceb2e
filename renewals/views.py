"""Renewal pages: the endorsee's renewal (one form for every category), and the coordinator's
queue, decision and CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.enums import DocumentKind
from applications.forms import RSCSessionForm, TrainingForm
from applications.models import Document
from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import get_association_for_user, staff_required
from easy.audit.services import record
from endorsements.models import Endorsement
from endorsements.services import EndorsementError
from payments import services as payments
from payments.enums import FeeKind

from . import clock, queries, services
from .dossier import load_log
from .enums import OPEN_REINSTATEMENT, QUEUE_STATUSES, ReinstatementStatus, RenewalStatus
from .export import queue_csv
from .forms import AnswersForm, ProofForm, ReturnForm, SettingsForm, SignEthicsForm
from .models import Reinstatement, Renewal
from .permissions import (
    can_decide,
    can_decide_reinstatement,
    can_edit,
    can_pay_reinstatement,
    can_read_snapshot,
    can_submit_reinstatement,
    can_upload_proof,
    get_held_endorsement,
    get_reinstatement_for_user,
    get_renewal_for_user,
    owns_reinstatement,
    owns_renewal,
    require,
)
from .services.settings import FIELDS as SETTINGS_FIELDS

ENTRY_FORMS = {"training": TrainingForm, "rsc": RSCSessionForm}


def _detail_url(renewal: Renewal) -> str:
    return reverse("renewals:detail", kwargs={"uuid": renewal.uuid})


# -- the endorsee -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def mine(request):
    user = request.user
    held = list(
        Endorsement.objects.filter(user=user).select_related("association").order_by("granted_on")
    )
    return render(
        request,
        "renewals/mine.html",
        {
            "progress": queries.progress_for(user),
            "renewals": list(Renewal.objects.filter(person=user).select_related("association")),
            "archived": [e for e in held if e.is_archived],
            "lapsed": [e for e in held if e.is_lapsed],
            "reinstating": set(
                Reinstatement.objects.filter(
                    endorsement__user=user, status__in=OPEN_REINSTATEMENT
                ).values_list("endorsement_id", flat=True)
            ),
            "inactive": [e for e in held if e.is_inactive],
            "associations": sorted(
                {e.association for e in held if e.status in services.RENEWABLE},
                key=lambda a: a.name,
            ),
        },
    )


@login_required
@require_http_methods(["POST"])
def start(request, code: str):
    held = Endorsement.objects.filter(
        user=request.user, association__code=code, status__in=services.RENEWABLE
    ).select_related("association")
    endorsement = held.first()
    if endorsement is None:
        return redirect("renewals:mine")
    try:
        renewal = services.start_renewal(request.user, endorsement.association, actor=request.user)
    except services.RenewalError as error:
        messages.error(request, str(error))
        return redirect("renewals:mine")
    return redirect(_detail_url(renewal))


def _context(request, renewal: Renewal, **bound) -> dict:
    log = load_log(renewal.person, renewal.year)
    owner = can_edit(request.user, renewal)
    cycle = services.settings_for(renewal.association)
    paid = services.fees_paid(renewal)
    context = {
        "renewal": renewal,
        "cycle": cycle,
        "deadline": cycle.deadline(renewal.year),
        "grace_ends_on": cycle.grace_ends_on(renewal.year),
        "progress": services.evaluate_renewal(renewal),
        "trainings": log.trainings,
        "sessions": log.rsc_sessions,
        "is_owner": owns_renewal(request.user, renewal),
        "can_edit": owner,
        "fees": [(FeeKind(k).label, k, k in paid) for k in services.fees_due(renewal)],
        "blockers": services.blockers(renewal) if owner else [],
        "proofs": list(renewal.proofs.all()),
        "can_decide": can_decide(request.user, renewal),
        "is_coordinator": can_read_snapshot(request.user, renewal),
    }
    if owner:
        context["answers_form"] = bound.get("answers") or AnswersForm(instance=renewal)
        context["sign_form"] = bound.get("sign") or SignEthicsForm()
        context["training_form"] = bound.get("training") or TrainingForm(
            owner=renewal.person, prefix="training"
        )
        context["rsc_form"] = bound.get("rsc") or RSCSessionForm(owner=renewal.person, prefix="rsc")
    if can_upload_proof(request.user, renewal):
        context["proof_form"] = bound.get("proof") or ProofForm(
            trainings=log.trainings, sessions=log.rsc_sessions
        )
    if context["can_decide"]:
        context["return_form"] = bound.get("return_form") or ReturnForm()
    return context


def _page(request, renewal: Renewal, status: int = 200, **bound):
    return render(
        request, "renewals/detail.html", _context(request, renewal, **bound), status=status
    )


@login_required
@require_http_methods(["GET"])
def detail(request, uuid):
    renewal = get_renewal_for_user(request.user, uuid)
    return _page(request, renewal)


@login_required
@require_http_methods(["POST"])
def answers(request, uuid):
    renewal = get_renewal_for_user(request.user, uuid)
    require(can_edit(request.user, renewal))
    form = AnswersForm(request.POST, request.FILES, instance=renewal)
    if not form.is_valid():
        return _page(request, renewal, 400, answers=form)
    proof = None
    checked = form.cleaned_data.get("membership_proof_file")
    if checked is not None:
        from django.core.files.storage import default_storage

        from easy.lib.tokens import random_key

        name = default_storage.save(
            f"renewals/{renewal.uuid}/{random_key(18)}/{checked.safe_name}", checked.file
        )
        proof = Document.objects.create(
            owner=renewal.person,
            kind=DocumentKind.MEMBERSHIP_PROOF,
            name=name,
            original_name=checked.safe_name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=request.user,
        )
    services.save_answers(
        renewal,
        provides_rsc=form.cleaned_data["provides_rsc"],
        membership_expires_on=form.cleaned_data["membership_expires_on"],
        membership_number=form.cleaned_data["membership_number"],
        membership_proof=proof,
        actor=request.user,
    )
    messages.success(request, _("Your answers are saved."))
    return redirect(_detail_url(renewal))


@login_required
@require_http_methods(["POST"])
def sign(request, uuid):
    renewal = get_renewal_for_user(request.user, uuid)
    require(can_edit(request.user, renewal))
    form = SignEthicsForm(request.POST)
    if form.is_valid():
        try:
            services.sign_code_of_ethics(
                renewal, typed_name=form.cleaned_data["typed_name"], actor=request.user
            )
        except services.RenewalError as error:
            form.add_error("typed_name", str(error))
    if form.errors:
        return _page(request, renewal, 400, sign=form)
    messages.success(
        request, _("You signed the Code of Ethics for %(year)s.") % {"year": renewal.year}
    )
    return redirect(_detail_url(renewal))


@login_required
@require_http_methods(["POST"])
def add_entry(request, uuid, kind: str):
    renewal = get_renewal_for_user(request.user, uuid)
    form_class = ENTRY_FORMS.get(kind)
    if form_class is None:
        return redirect(_detail_url(renewal))
    require(can_edit(request.user, renewal))
    form = form_class(request.POST, owner=renewal.person, prefix=kind)
    if not form.is_valid():
        return _page(request, renewal, 400, **{kind: form})
    row = form.save(commit=False)
    row.owner = renewal.person
    row.save()
    record(request.user, f"log.{kind}_added", renewal, data={"entry": str(row.uuid)})
    messages.success(request, _("Added to your log."))
    return redirect(_detail_url(renewal) + "#log")


@login_required
@require_http_methods(["POST"])
def pay(request, uuid, fee: str):
    renewal = get_renewal_for_user(request.user, uuid)
    require(can_edit(request.user, renewal))
    if fee not in services.fees_due(renewal):
        return redirect(_detail_url(renewal))
    url = _detail_url(renewal)
    try:
        started = payments.start_payment(
            payer=request.user,
            association=renewal.association,
            fee_kind=fee,
            category_code="",
            purpose=renewal,
            success_url=url,
            cancel_url=url,
            actor=request.user,
        )
    except payments.PaymentError:  # no fee schedule
        messages.error(
            request,
            _("%(association)s has not set this fee yet: contact them to pay it.")
            % {"association": renewal.association},
        )
        return redirect(_detail_url(renewal))
    return redirect(started.redirect_url)


@login_required
@require_http_methods(["POST"])
def submit(request, uuid):
    renewal = get_renewal_for_user(request.user, uuid)
    require(can_edit(request.user, renewal))
    try:
        services.submit_renewal(renewal, actor=request.user)
    except services.RenewalError as error:
        messages.error(request, str(error))
        return redirect(_detail_url(renewal))
    renewal.refresh_from_db()
    messages.success(request, RenewalStatus(renewal.status).label)
    return redirect(_detail_url(renewal))


@login_required
@require_http_methods(["POST"])
def proof(request, uuid):
    renewal = get_renewal_for_user(request.user, uuid)
    require(can_upload_proof(request.user, renewal))
    log = load_log(renewal.person, renewal.year)
    form = ProofForm(
        request.POST, request.FILES, trainings=log.trainings, sessions=log.rsc_sessions
    )
    if not form.is_valid():
        return _page(request, renewal, 400, proof=form)
    services.add_proof(
        renewal, form.cleaned_data["file"], entry=form.cleaned_data["entry"], actor=request.user
    )
    messages.success(request, _("Proof of attendance uploaded."))
    return redirect(_detail_url(renewal))


@login_required
@require_http_methods(["POST"])
def archive(request, uuid):
    endorsement = get_held_endorsement(request.user, uuid)
    try:
        if endorsement.is_archived:
            services.reactivate_category(endorsement, actor=request.user)
            messages.success(
                request, _("%(code)s is active again.") % {"code": endorsement.category_code}
            )
        else:
            services.archive_category(endorsement, actor=request.user)
            messages.success(
                request, _("%(code)s is archived.") % {"code": endorsement.category_code}
            )
    except (services.RenewalError, EndorsementError, ValueError) as error:
        messages.error(request, str(error))
    return redirect("renewals:mine")


# -- the coordinator ----------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET"])
def queue(request, code: str):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    status = request.GET.get("status", RenewalStatus.SUBMITTED)
    if status not in QUEUE_STATUSES:
        status = RenewalStatus.SUBMITTED
    counts = queries.queue_counts(association)
    return render(
        request,
        "renewals/queue.html",
        {
            "association": association,
            "status": status,
            "tabs": [(s, RenewalStatus(s).label, counts[s]) for s in QUEUE_STATUSES],
            "renewals": queries.queue(association, status)[:200],
            "reinstatements": list(
                Reinstatement.objects.filter(
                    endorsement__association=association, status__in=OPEN_REINSTATEMENT
                )
                .select_related("endorsement__user")
                .order_by("-status", "created_at")
            ),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def settings_page(request, code: str):
    """The association's renewal cycle: coordinators and managers of that association only."""
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    cycle = services.settings_for(association)
    today = clock.today()
    kwargs = {
        "instance": cycle,
        "year": cycle.year_for(today),
        "reactivation_cents": services.reactivation_fee(association, on=today),
    }
    if request.method == "POST":
        form = SettingsForm(request.POST, **kwargs)
        if form.is_valid():
            saved = form.save(commit=False)
            fee = form.cleaned_data["reactivation_fee"]
            changed = services.change_settings(
                services.settings_for(association),
                {name: getattr(saved, name) for name in SETTINGS_FIELDS},
                reactivation_cents=None if fee is None else int(fee * 100),
                actor=request.user,
                on=today,
            )
            messages.success(
                request,
                _("Renewal settings saved.") if changed else _("Nothing changed."),
            )
            return redirect("renewals:settings", code=association.code)
        status = 400
    else:
        form, status = SettingsForm(**kwargs), 200
    return render(
        request,
        "renewals/settings.html",
        {"association": association, "form": form, "cycle": cycle, "year": kwargs["year"]},
        status=status,
    )


@staff_required
@require_http_methods(["GET"])
def export(request, code: str):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="renewals-{association.code}.csv"'
    response.write(queue_csv(association))
    return response


@login_required
@require_http_methods(["POST"])
def decide(request, uuid, action: str):
    renewal = get_renewal_for_user(request.user, uuid)
    require(can_decide(request.user, renewal))
    if action == "approve":
        services.approve_renewal(renewal, actor=request.user, reason="approved by the coordinator")
        messages.success(request, _("Renewal approved."))
    elif action == "return":
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return _page(request, renewal, 400, return_form=form)
        services.return_renewal(renewal, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Renewal returned to the endorsee."))
    return redirect(_detail_url(renewal))


# -- reinstatement -----------------------------------------------------------------------------


@login_required
@require_http_methods(["POST"])
def reinstate(request, uuid):
    endorsement = get_held_endorsement(request.user, uuid)
    try:
        found = services.request_reinstatement(endorsement, actor=request.user)
    except services.RenewalError as error:
        messages.error(request, str(error))
        return redirect("renewals:mine")
    return redirect("renewals:reinstatement", uuid=found.uuid)


def _reinstatement_page(request, found, status=200, return_form=None):
    owner = owns_reinstatement(request.user, found)
    missing = services.reinstatement_missing(found)
    return render(
        request,
        "renewals/reinstatement.html",
        {
            "reinstatement": found,
            "application": found.application,
            "missing": missing,
            "paid": services.reinstatement_paid(found),
            "is_owner": owner,
            "can_submit": owner
            and not missing
            and services.can_transition(found, ReinstatementStatus.SUBMITTED),
            "can_decide": can_decide_reinstatement(request.user, found)
            and services.can_transition(found, ReinstatementStatus.DECLINED),
            "can_approve": services.can_transition(found, ReinstatementStatus.APPROVED)
            and not missing,
            "return_form": return_form or ReturnForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def reinstatement(request, uuid):
    return _reinstatement_page(request, get_reinstatement_for_user(request.user, uuid))


@login_required
@require_http_methods(["POST"])
def reinstatement_pay(request, uuid):
    found = get_reinstatement_for_user(request.user, uuid)
    require(can_pay_reinstatement(request.user, found))
    url = reverse("renewals:reinstatement", kwargs={"uuid": uuid})
    try:
        started = payments.start_payment(
            payer=request.user,
            association=found.endorsement.association,
            fee_kind=FeeKind.PROCESSING,
            category_code=found.endorsement.category_code,
            purpose=found,
            success_url=url,
            cancel_url=url,
            actor=request.user,
        )
    except payments.PaymentError:  # no fee schedule
        messages.error(request, _("The processing fee is not set yet: contact the association."))
        return redirect(url)
    return redirect(started.redirect_url)


@login_required
@require_http_methods(["POST"])
def reinstatement_submit(request, uuid):
    found = get_reinstatement_for_user(request.user, uuid)
    require(can_submit_reinstatement(request.user, found))
    try:
        services.submit_reinstatement(found, actor=request.user)
    except services.RenewalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Submitted: the coordinator will decide."))
    return redirect("renewals:reinstatement", uuid=uuid)


@login_required
@require_http_methods(["POST"])
def reinstatement_decide(request, uuid, action: str):
    found = get_reinstatement_for_user(request.user, uuid)
    require(can_decide_reinstatement(request.user, found))
    if action not in ("approve", "decline"):
        return redirect("renewals:reinstatement", uuid=uuid)
    form = ReturnForm(request.POST)
    if action == "decline" and not form.is_valid():
        return _reinstatement_page(request, found, 400, return_form=form)
    try:
        services.decide_reinstatement(
            found,
            approve=action == "approve",
            actor=request.user,
            reason=request.POST.get("reason", "").strip(),
        )
    except services.RenewalError as error:
        messages.error(request, str(error))
    else:
        found.refresh_from_db()
        messages.success(
            request,
            _("Reinstated: %(number)s is current again.") % {"number": found.endorsement.number}
            if action == "approve"
            else _("Reinstatement declined."),
        )
    return redirect("renewals:reinstatement", uuid=uuid)


# -- inactive status -----------------------------------------------------------------------------


@login_required
@require_http_methods(["POST"])
def inactive(request, uuid):
    """Pause an endorsement, or come back from inactive (paying the reactivation fee first)."""
    endorsement = get_held_endorsement(
        request.user, uuid, Endorsement.objects.select_related("association")
    )
    try:
        if not endorsement.is_inactive:
            services.go_inactive(endorsement, actor=request.user)
            messages.success(
                request, _("%(code)s is inactive.") % {"code": endorsement.category_code}
            )
            return redirect("renewals:mine")
        services.reactivate_inactive(endorsement, actor=request.user)
        messages.success(
            request, _("%(code)s is active again.") % {"code": endorsement.category_code}
        )
    except services.RenewalError as error:
        if endorsement.is_inactive and "fee" in str(error):
            url = reverse("renewals:mine")
            try:
                started = payments.start_payment(
                    payer=request.user,
                    association=endorsement.association,
                    fee_kind=FeeKind.REACTIVATION,
                    category_code=endorsement.category_code,
                    purpose=endorsement,
                    success_url=url,
                    cancel_url=url,
                    actor=request.user,
                )
                return redirect(started.redirect_url)
            except payments.PaymentError:  # no fee schedule
                pass
        messages.error(request, str(error))
    return redirect("renewals:mine")

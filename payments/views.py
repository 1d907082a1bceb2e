import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from easy.accounts.permissions import require, staff_required
from easy.jobs.scopes import association_params
from easy.jobs.services import start as start_job
from easy.lib.pdf import render_pdf
from easy.notifications.models import OutboundEmail

from . import exports, queries, services, stripe_gateway
from .enums import PaymentMethod
from .forms import CouponForm, FeeScheduleForm, OfflinePaymentForm, PaymentFilterForm, RefundForm
from .models import Coupon, FeeSchedule, dollars
from .permissions import (
    can_check_out,
    can_manage_payments,
    can_refund,
    get_coupon_for_user,
    get_fee_schedule_for_user,
    get_managed_association,
    get_payment_for_user,
    is_payer,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 50


# --- The payer -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def my_payments(request):
    payments = list(queries.payments_of(request.user))
    return render(request, "payments/my_payments.html", {"payments": payments})


@login_required
@require_http_methods(["GET"])
def payment_detail(request, payment_uuid):
    payment = get_payment_for_user(request.user, payment_uuid)
    is_staff_view = not is_payer(request.user, payment)
    can_manage = can_manage_payments(request.user, payment.association)
    context = {
        "payment": payment,
        "is_staff_view": is_staff_view,
        "can_refund": can_refund(request.user, payment) and payment.is_paid,
        "refund_form": RefundForm(),
        "checkout_url": _checkout_url(payment),
    }
    if can_manage:
        context["emails"] = OutboundEmail.objects.filter(
            key__in=[f"payment-received:{payment.uuid}", f"payment-refunded:{payment.uuid}"]
        ).order_by("created_at")
        context["events"] = payment.stripe_events.order_by("received_at")
    return render(request, "payments/payment_detail.html", context)


def _checkout_url(payment) -> str:
    if not payment.is_pending:
        return ""
    if payment.method == PaymentMethod.TEST:
        return reverse("payments:test_checkout", args=[payment.uuid])
    return payment.stripe_checkout_url


@login_required
@require_http_methods(["GET"])
def receipt(request, payment_uuid):
    payment = get_payment_for_user(request.user, payment_uuid)
    if not payment.has_receipt:
        raise Http404
    pdf = render_pdf("payments/receipt.html", {"payment": payment, "now": timezone.now()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{payment.receipt_number}.pdf"'
    return response


@login_required
@never_cache
@require_http_methods(["GET"])
def payment_return(request, payment_uuid):
    """Where Stripe sends the payer back. Only the webhook marks the payment paid: until it
    arrives, this page says the payment is being confirmed and checks again by itself."""
    payment = get_payment_for_user(request.user, payment_uuid)
    return render(request, "payments/payment_return.html", {"payment": payment})


@login_required
@never_cache
@require_http_methods(["GET"])
def payment_status(request, payment_uuid):
    payment = get_payment_for_user(request.user, payment_uuid)
    return JsonResponse(
        {
            "status": payment.status,
            "status_text": str(payment.get_status_display()),
            "paid": payment.is_paid,
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def test_checkout(request, payment_uuid):
    """Test mode only: stands in for Stripe's page. Confirming builds the event Stripe would
    send and hands it to the same code the webhook uses."""
    payment = get_payment_for_user(request.user, payment_uuid)
    if (
        not settings.PAYMENTS_TEST_MODE
        or payment.method != PaymentMethod.TEST
        or not can_check_out(request.user, payment)
    ):
        raise Http404
    if not payment.is_pending:
        return redirect("payments:payment_return", payment.uuid)
    if request.method == "POST":
        if "cancel" in request.POST:
            services.cancel_payment(payment, actor=request.user, reason="cancelled at checkout")
            return redirect(payment.cancel_url or "payments:my_payments")
        services.process_event(services.test_checkout_event(payment), source="test")
        return redirect("payments:payment_return", payment.uuid)
    return render(request, "payments/test_checkout.html", {"payment": payment})


# --- Stripe --------------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["POST"])
def stripe_webhook(request):
    """Stripe's events. 400 when the signature or payload does not verify (Stripe retries);
    200 for every verified event, handled or deliberately ignored."""
    try:
        event = stripe_gateway.verify_event(request.body, request.headers.get("Stripe-Signature"))
    except stripe_gateway.InvalidEvent as exc:
        logger.warning("stripe webhook rejected: %s", exc)
        return JsonResponse({"error": "invalid signature or payload"}, status=400)
    try:
        stored = services.process_event(event, source="stripe")
    except stripe_gateway.GatewayError as exc:
        # A refund the event needed failed; nothing was stored, so Stripe's retry redoes it.
        logger.error("stripe event %s: refund failed, Stripe will retry: %s", event["id"], exc)
        return JsonResponse({"error": "could not process the event yet"}, status=503)
    return JsonResponse(
        {"received": True, "outcome": stored.outcome, "duplicate": stored.duplicate}
    )


# --- Staff ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["POST"])
def refund(request, payment_uuid):
    payment = get_payment_for_user(request.user, payment_uuid)
    require(can_refund(request.user, payment))
    form = RefundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the refund."))
        return redirect("payments:payment_detail", payment.uuid)
    try:
        services.refund_payment(payment, actor=request.user, reason=form.cleaned_data["reason"])
    except services.PaymentError:  # not paid (``INVALID_TRANSITION``)
        messages.error(request, _("Only a paid payment can be refunded."))
    except stripe_gateway.GatewayError as exc:
        messages.error(request, _("Stripe did not refund the payment: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("The payment is refunded and the payer has been told."))
    return redirect("payments:payment_detail", payment.uuid)


@staff_required
@require_http_methods(["GET"])
def staff_payments(request, code):
    association = get_managed_association(request.user, code)
    form = PaymentFilterForm(request.GET or None)
    payments = queries.payments_for_staff(association, form.filters())
    page = Paginator(payments, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "payments/staff_payments.html",
        {"association": association, "form": form, "page": page, "query": query.urlencode()},
    )


@staff_required
@require_http_methods(["GET"])
def staff_payments_csv(request, code):
    """The filtered payments as CSV, made in the background; the coordinator follows its
    progress and downloads it from there."""
    association = get_managed_association(request.user, code)
    job = start_job(
        exports.PAYMENTS_CSV,
        actor=request.user,
        params=association_params(association, request.GET),
    )
    return redirect("jobs:progress", uuid=job.uuid)


@staff_required
@require_http_methods(["GET", "POST"])
def record_offline(request, code):
    association = get_managed_association(request.user, code)
    form = OfflinePaymentForm(request.POST or None, association=association)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = data["people"]
        common = {
            "association": association,
            "fee_kind": data["fee_kind"],
            "reference": data["reference"],
            "received_on": data["received_on"],
            "actor": request.user,
            "method": data["method"],
        }
        try:
            if data["method"] == PaymentMethod.AGENCY:
                services.record_group_payment(
                    payers=people,
                    amount_cents_each=data["amount_cents"],
                    payer_name=data["payer_name"],
                    category_code=data["category_code"],
                    **common,
                )
            else:
                services.record_offline_payment(
                    payer=people[0],
                    amount_cents=data["amount_cents"],
                    category_code=data["category_code"],
                    **common,
                )
        except services.PaymentError as exc:
            if exc.code != services.PaymentError.AMOUNT_MISMATCH:
                raise
            # The fee changed between the check and the save (say, a coupon was applied).
            form.add_error("amount", str(exc))
        else:
            messages.success(
                request,
                _("Recorded %(amount)s for the %(fee)s for %(count)s person(s).")
                % {
                    "amount": dollars(data["amount_cents"]),
                    "fee": queries.describe_fee(data["fee_kind"], data["category_code"]),
                    "count": len(people),
                },
            )
            return redirect("payments:staff_payments", association.code)
    return render(
        request, "payments/record_offline.html", {"association": association, "form": form}
    )


@staff_required
@require_http_methods(["GET"])
def fee_schedules(request, code):
    association = get_managed_association(request.user, code)
    schedules = FeeSchedule.objects.filter(association=association).order_by(
        "fee_kind", "category_code", "-effective_from"
    )
    return render(
        request,
        "payments/fee_schedules.html",
        {"association": association, "schedules": schedules, "today": timezone.localdate()},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def fee_schedule_edit(request, code, schedule_uuid=None):
    association = get_managed_association(request.user, code)
    schedule = FeeSchedule(association=association)
    if schedule_uuid is not None:
        schedule = get_fee_schedule_for_user(request.user, schedule_uuid)
        if schedule.association_id != association.pk:
            raise Http404
    form = FeeScheduleForm(request.POST or None, instance=schedule, association=association)
    if request.method == "POST" and form.is_valid():
        services.save_fee_schedule(form.instance, actor=request.user)
        messages.success(request, _("Fee schedule saved."))
        return redirect("payments:fee_schedules", association.code)
    return render(
        request,
        "payments/fee_schedule_form.html",
        {"association": association, "form": form, "schedule": schedule},
    )


@staff_required
@require_http_methods(["GET"])
def coupons(request, code):
    association = get_managed_association(request.user, code)
    return render(
        request,
        "payments/coupons.html",
        {
            "association": association,
            "coupons": queries.coupons_for_staff(association).order_by("-is_active", "code"),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def coupon_edit(request, code, coupon_uuid=None):
    association = get_managed_association(request.user, code)
    coupon = Coupon(association=association)
    if coupon_uuid is not None:
        coupon = get_coupon_for_user(request.user, coupon_uuid)
        if coupon.association_id != association.pk:
            raise Http404
    form = CouponForm(request.POST or None, instance=coupon, association=association)
    if request.method == "POST" and form.is_valid():
        services.save_coupon(form.instance, actor=request.user)
        messages.success(request, _("Coupon saved."))
        return redirect("payments:coupons", association.code)
    return render(
        request,
        "payments/coupon_form.html",
        {"association": association, "form": form, "coupon": coupon},
    )

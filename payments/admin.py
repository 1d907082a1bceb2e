from django.contrib import admin

from .models import (
    Coupon,
    CouponAttempt,
    FeeSchedule,
    Payment,
    PaymentBatch,
    ReceiptCounter,
    StripeEvent,
)


@admin.register(FeeSchedule)
class FeeScheduleAdmin(admin.ModelAdmin):
    list_display = [
        "association",
        "fee_kind",
        "category_code",
        "amount_cents",
        "effective_from",
        "effective_until",
    ]
    list_filter = ["association", "fee_kind"]
    search_fields = ["category_code", "note"]


@admin.register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "association",
        "fee_kind",
        "discount_kind",
        "valid_from",
        "valid_until",
        "max_uses",
        "is_active",
    ]
    list_filter = ["association", "fee_kind", "discount_kind", "is_active"]
    search_fields = ["code", "description"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Payments change only through the services (status workflow, audit, emails)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = [
        "receipt_number",
        "payer",
        "association",
        "fee_kind",
        "total_cents",
        "status",
        "method",
        "created_at",
    ]
    list_filter = ["association", "status", "method", "fee_kind"]
    search_fields = ["receipt_number", "payer__email", "payer__full_name", "reference"]
    list_select_related = ["payer", "association"]


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadOnlyAdmin):
    list_display = ["payer_name", "reference", "association", "total_cents", "received_on"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "outcome", "message", "received_at"]
    list_filter = ["outcome", "type", "source"]
    search_fields = ["event_id", "message"]


@admin.register(ReceiptCounter)
class ReceiptCounterAdmin(ReadOnlyAdmin):
    list_display = ["association", "year", "last_number"]


@admin.register(CouponAttempt)
class CouponAttemptAdmin(ReadOnlyAdmin):
    """Unknown codes people entered. Deleting someone's rows lifts their hourly block."""

    list_display = ["payer", "association", "code", "reason", "created_at"]
    list_filter = ["association"]
    search_fields = ["payer__email", "code"]
    list_select_related = ["payer", "association"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

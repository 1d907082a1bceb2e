from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("mine/", views.my_payments, name="my_payments"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("<uuid:payment_uuid>/", views.payment_detail, name="payment_detail"),
    path("<uuid:payment_uuid>/receipt.pdf", views.receipt, name="receipt"),
    path("<uuid:payment_uuid>/return/", views.payment_return, name="payment_return"),
    path("<uuid:payment_uuid>/status/", views.payment_status, name="payment_status"),
    path("<uuid:payment_uuid>/test-checkout/", views.test_checkout, name="test_checkout"),
    path("<uuid:payment_uuid>/refund/", views.refund, name="refund"),
    path("staff/<slug:code>/", views.staff_payments, name="staff_payments"),
    path("staff/<slug:code>/export.csv", views.staff_payments_csv, name="staff_payments_csv"),
    path("staff/<slug:code>/record/", views.record_offline, name="record_offline"),
    path("staff/<slug:code>/fees/", views.fee_schedules, name="fee_schedules"),
    path("staff/<slug:code>/fees/new/", views.fee_schedule_edit, name="fee_schedule_new"),
    path(
        "staff/<slug:code>/fees/<uuid:schedule_uuid>/",
        views.fee_schedule_edit,
        name="fee_schedule_edit",
    ),
    path("staff/<slug:code>/coupons/", views.coupons, name="coupons"),
    path("staff/<slug:code>/coupons/new/", views.coupon_edit, name="coupon_new"),
    path("staff/<slug:code>/coupons/<uuid:coupon_uuid>/", views.coupon_edit, name="coupon_edit"),
]

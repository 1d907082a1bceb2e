import datetime
import re
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from easy.accounts.models import User
from easy.lib.forms import DateInput

from .enums import OFFLINE_METHODS, DiscountKind, FeeKind, PaymentMethod, PaymentStatus
from .models import Coupon, FeeSchedule
from .queries import describe_fee
from .services import PaymentError, amount_owed, mismatch_message, quote
from .services.fees import STRIPE_MINIMUM_CENTS

CATEGORY_CODE = re.compile(r"^[A-Z]{2,6}(-[A-Z]{1,2}(/[A-Z])?)?$")


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


class DollarField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)


def clean_category_code(value: str) -> str:
    value = (value or "").strip().upper()
    if value and not CATEGORY_CODE.match(value):
        raise forms.ValidationError(
            _("Enter a category code such as IFA, IFS, IMHS or IMHM-C, or leave it blank.")
        )
    return value


class FeeScheduleForm(forms.ModelForm):
    amount = DollarField(label=gettext_lazy("Amount in US dollars"))

    class Meta:
        model = FeeSchedule
        fields = ["fee_kind", "category_code", "effective_from", "effective_until", "note"]
        widgets = {
            "effective_from": DateInput(),
            "effective_until": DateInput(),
        }

    field_order = ["fee_kind", "category_code", "amount", "effective_from", "effective_until"]

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        self.instance.association = association
        if self.instance.pk:
            self.initial["amount"] = Decimal(self.instance.amount_cents) / 100

    def clean_category_code(self) -> str:
        return clean_category_code(self.cleaned_data.get("category_code", ""))

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_until")
        if start and end and end < start:
            self.add_error("effective_until", _("The last day comes before the first day."))
            return data
        if start and data.get("fee_kind") is not None and "category_code" in data:
            far = datetime.date.max
            overlapping = (
                FeeSchedule.objects.filter(
                    association=self.association,
                    fee_kind=data["fee_kind"],
                    category_code=data["category_code"],
                    effective_from__lte=end or far,
                )
                .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=start))
                .exclude(pk=self.instance.pk)
                .first()
            )
            if overlapping is not None:
                self.add_error(
                    "effective_from",
                    _(
                        "Another schedule for this fee and category (%(schedule)s, from "
                        "%(start)s) covers some of these days. Give it a last day first."
                    )
                    % {"schedule": overlapping, "start": overlapping.effective_from},
                )
        if data.get("amount") is not None:
            cents = to_cents(data["amount"])
            if 0 < cents < STRIPE_MINIMUM_CENTS:
                self.add_error(
                    "amount",
                    _("Stripe cannot charge less than $0.50: enter 0 (free) or at least 0.50."),
                )
            self.instance.amount_cents = cents
        return data


class CouponForm(forms.ModelForm):
    amount_off = DollarField(label=gettext_lazy("Amount off in US dollars"), required=False)

    class Meta:
        model = Coupon
        fields = [
            "code",
            "description",
            "fee_kind",
            "discount_kind",
            "percent_off",
            "valid_from",
            "valid_until",
            "max_uses",
            "max_uses_per_person",
            "is_active",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }

    field_order = ["code", "description", "fee_kind", "discount_kind", "percent_off", "amount_off"]

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        self.instance.association = association
        self.fields["percent_off"].help_text = _("Only for a percentage: 1 to 100.")
        self.fields["amount_off"].help_text = _("Only for a fixed amount.")
        if self.instance.pk and self.instance.amount_off_cents is not None:
            self.initial["amount_off"] = Decimal(self.instance.amount_off_cents) / 100

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{1,39}", code):
            raise forms.ValidationError(_("Use letters, digits and dashes only (2 to 40)."))
        taken = Coupon.objects.filter(association=self.association, code=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another coupon already uses this code."))
        return code

    def clean(self):
        data = super().clean()
        kind = data.get("discount_kind")
        percent, amount = data.get("percent_off"), data.get("amount_off")
        if kind == DiscountKind.PERCENT:
            if not percent or percent > 100:
                self.add_error("percent_off", _("Enter a percentage from 1 to 100."))
            data["amount_off"] = None
        elif kind == DiscountKind.FIXED:
            if not amount:
                self.add_error("amount_off", _("Enter the amount taken off the fee."))
            data["percent_off"] = None
        elif kind == DiscountKind.WAIVER:
            data["percent_off"], data["amount_off"] = None, None
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The last day comes before the first day."))
        self.instance.percent_off = data.get("percent_off")
        self.instance.amount_off_cents = (
            to_cents(data["amount_off"]) if data.get("amount_off") else None
        )
        return data


class PeopleField(forms.CharField):
    """Email addresses, one per line, each of a person with an account."""

    widget = forms.Textarea(attrs={"rows": 4})

    def clean(self, value) -> list[User]:
        value = super().clean(value)
        emails = [line.strip().lower() for line in (value or "").splitlines() if line.strip()]
        if not emails:
            raise forms.ValidationError(_("Enter at least one email address."))
        users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
        missing = [e for e in emails if e not in users]
        if missing:
            raise forms.ValidationError(
                _("No account uses: %(emails)s. Ask them to sign up first.")
                % {"emails": ", ".join(missing)}
            )
        return list(dict.fromkeys(users[e] for e in emails))


class OfflinePaymentForm(forms.Form):
    """A cheque, bank transfer or agency payment a coordinator received."""

    people = PeopleField(
        label=gettext_lazy("Who it pays for"),
        help_text=gettext_lazy(
            "The email addresses of the people's accounts, one per line. An agency payment may "
            "cover several people."
        ),
    )
    fee_kind = forms.ChoiceField(label=gettext_lazy("Fee"), choices=FeeKind.choices)
    category_code = forms.CharField(
        label=gettext_lazy("Category"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("For example IFS. Leave blank for a fee that is the same for all."),
    )
    amount = DollarField(
        label=gettext_lazy("Amount received per person, in US dollars"),
        required=False,
        help_text=gettext_lazy(
            "It must be the whole fee the person owes: the payment waiting for it, or else the "
            "fee schedule in force on the day. Leave blank to use that amount."
        ),
    )
    method = forms.ChoiceField(
        label=gettext_lazy("How it was paid"),
        choices=[(m.value, m.label) for m in OFFLINE_METHODS],
    )
    payer_name = forms.CharField(
        label=gettext_lazy("Agency name"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Only for an agency payment."),
    )
    reference = forms.CharField(
        label=gettext_lazy("Reference"),
        max_length=100,
        help_text=gettext_lazy("Cheque number, transfer reference or agency invoice number."),
    )
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DateInput())

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        self.fields["received_on"].initial = timezone.localdate()

    def clean_category_code(self) -> str:
        return clean_category_code(self.cleaned_data.get("category_code", ""))

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        people = data.get("people") or []
        if data.get("method") == PaymentMethod.AGENCY and not data.get("payer_name"):
            self.add_error("payer_name", _("Enter the name of the agency that paid."))
        if data.get("method") != PaymentMethod.AGENCY and len(people) > 1:
            self.add_error(
                "people", _("A cheque or transfer covers one person; use an agency payment.")
            )
        if data.get("fee_kind") and "received_on" in data and "category_code" in data and people:
            self._check_amount(data, people)
        return data

    def _check_amount(self, data: dict, people: list) -> None:
        """The amount must be what each person owes for the fee (their pending payment's total,
        else the schedule's amount): a $25 cheque never settles a $300 fee."""
        owed = {}
        for person in people:
            try:
                owed[person] = amount_owed(
                    association=self.association,
                    payer=person,
                    fee_kind=data["fee_kind"],
                    category_code=data["category_code"],
                    on=data["received_on"],
                )
            except PaymentError:  # no fee schedule (``FEE_NOT_CONFIGURED``)
                self.add_error(
                    "category_code" if data["category_code"] else "fee_kind",
                    _(
                        "No fee schedule covers the %(fee)s on that day, and %(name)s has no "
                        "payment waiting for it. Add the fee schedule first."
                    )
                    % {
                        "fee": describe_fee(data["fee_kind"], data["category_code"]),
                        "name": person.display_name,
                    },
                )
                return
        if data.get("amount") is None:
            amounts = {o.amount_cents for o in owed.values()}
            if len(amounts) > 1:
                self.add_error(
                    "amount",
                    _("These people owe different amounts; record them one payment each."),
                )
                return
            data["amount_cents"] = amounts.pop()
            return
        data["amount_cents"] = to_cents(data["amount"])
        for person, fee in owed.items():
            if fee.amount_cents != data["amount_cents"]:
                self.add_error("amount", mismatch_message(fee, data["amount_cents"], person))
                return


class RefundForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the refund"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=gettext_lazy("The payer reads this in the refund email."),
    )


class PaymentFilterForm(forms.Form):
    search = forms.CharField(
        label=gettext_lazy("Name, email, receipt or reference"), required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False, choices=[("", "—"), *PaymentStatus.choices]
    )
    method = forms.ChoiceField(
        label=gettext_lazy("Method"), required=False, choices=[("", "—"), *PaymentMethod.choices]
    )
    fee_kind = forms.ChoiceField(
        label=gettext_lazy("Fee"), required=False, choices=[("", "—"), *FeeKind.choices]
    )
    paid_from = forms.DateField(
        label=gettext_lazy("Paid from"),
        required=False,
        widget=DateInput(),
    )
    paid_until = forms.DateField(
        label=gettext_lazy("Paid until"),
        required=False,
        widget=DateInput(),
    )

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


class CouponCodeForm(forms.Form):
    """For pages that take a fee: a coupon code checked with ``quote``; ``self.quote`` holds the
    result once valid."""

    coupon_code = forms.CharField(label=gettext_lazy("Coupon code"), required=False, max_length=40)

    def __init__(self, *args, payer, association, fee_kind, category_code, **kwargs):
        super().__init__(*args, **kwargs)
        self.payer, self.association = payer, association
        self.fee_kind, self.category_code = fee_kind, category_code
        self.quote = None

    def clean_coupon_code(self) -> str:
        code = self.cleaned_data.get("coupon_code", "").strip().upper()
        try:
            self.quote = quote(
                payer=self.payer,
                association=self.association,
                fee_kind=self.fee_kind,
                category_code=self.category_code,
                coupon_code=code,
            )
        except PaymentError as exc:
            if exc.code != PaymentError.COUPON:
                raise
            raise forms.ValidationError(exc.message, code=exc.reason) from exc
        return code

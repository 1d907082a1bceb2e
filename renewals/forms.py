"""Forms of the renewal: the year's answers, the signature, the coordinator's reasons, the
audit's proof of attendance. Log entries use the workspace's own row forms (``owner=``)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from easy.lib.forms import DateInput
from easy.lib.uploads import check_document

from .models import Renewal, RenewalSettings


class AnswersForm(forms.ModelForm):
    membership_proof_file = forms.FileField(
        label=_("Proof of membership (PDF, PNG or JPEG)"), required=False
    )

    class Meta:
        model = Renewal
        fields = ["provides_rsc", "membership_expires_on", "membership_number"]
        widgets = {"membership_expires_on": DateInput()}

    def clean_membership_proof_file(self):
        upload = self.cleaned_data.get("membership_proof_file")
        return check_document(upload) if upload else None


class SignEthicsForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Type your full name to sign the Code of Ethics for this year"), max_length=200
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the endorsee must change"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ProofForm(forms.Form):
    entry = forms.ChoiceField(label=_("Entry of your log"))
    file = forms.FileField(label=_("Proof of attendance (PDF, PNG or JPEG)"))

    def __init__(self, *args, trainings=(), sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {f"t:{t.uuid}": t for t in trainings} | {f"r:{s.uuid}": s for s in sessions}
        self.fields["entry"].choices = [
            (key, f"{e.date} — {getattr(e, 'title', None) or e.provider_name}")
            for key, e in self.entries.items()
        ]

    def clean_file(self):
        return check_document(self.cleaned_data["file"])

    def clean_entry(self):
        key = self.cleaned_data["entry"]
        if key not in self.entries:
            raise ValidationError(_("Choose an entry of your log."))
        return self.entries[key]


class SettingsForm(forms.ModelForm):
    """An association's renewal cycle, as this year's dates (kept as day and month, so the
    same dates come back every year), the automatic approval and the audit, the inactive
    status and its reactivation fee."""

    opens_on = forms.DateField(
        label=_("The renewal window opens on"),
        widget=DateInput(),
        help_text=_("Endorsees can renew from this day. Every year on the same day and month."),
    )
    deadline = forms.DateField(
        label=_("Deadline (the late fee applies after this day)"), widget=DateInput()
    )
    grace_ends_on = forms.DateField(
        label=_("The grace period ends on (unrenewed endorsements lapse the next day)"),
        widget=DateInput(),
        help_text=_("Renewals submitted between the deadline and this day pay the late fee."),
    )
    audit_percent = forms.IntegerField(
        label=_("Share of renewals drawn for the audit (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Enter a share from 0 to 100 (per cent)."),
            "max_value": _("Enter a share from 0 to 100 (per cent)."),
        },
    )
    inactive_max_years = forms.IntegerField(
        label=_("Longest inactive period (years)"), min_value=1, max_value=10
    )
    reactivation_fee = forms.DecimalField(
        label=_("Reactivation fee (US dollars)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("Paid to come back from inactive. A change applies from today."),
    )

    class Meta:
        model = RenewalSettings
        fields = [
            "auto_approve",
            "audit_percent",
            "archive_reactivation_years",
            "inactive_allowed",
            "inactive_max_years",
        ]

    field_order = [
        "opens_on",
        "deadline",
        "grace_ends_on",
        "auto_approve",
        "audit_percent",
        "archive_reactivation_years",
        "inactive_allowed",
        "inactive_max_years",
        "reactivation_fee",
    ]

    def __init__(self, *args, year: int, reactivation_cents: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cycle = self.instance
        self.initial.setdefault("opens_on", cycle.opens_on(year))
        self.initial.setdefault("deadline", cycle.deadline(year))
        self.initial.setdefault("grace_ends_on", cycle.grace_ends_on(year))
        if reactivation_cents is not None:
            self.initial.setdefault("reactivation_fee", Decimal(reactivation_cents) / 100)
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        opens, deadline, grace = (data.get(k) for k in ("opens_on", "deadline", "grace_ends_on"))
        if opens and deadline and (opens.month, opens.day) >= (deadline.month, deadline.day):
            self.add_error(
                "opens_on",
                _("The window must open before the deadline, in the same calendar year."),
            )
        if deadline and grace:
            if grace < deadline:
                self.add_error(
                    "grace_ends_on", _("The grace period cannot end before the deadline.")
                )
            elif (grace - deadline).days > 365:
                self.add_error(
                    "grace_ends_on",
                    _("The grace period can last at most a year after the deadline."),
                )
        if data.get("inactive_allowed") and data.get("reactivation_fee") is None:
            self.add_error(
                "reactivation_fee",
                _("Set the reactivation fee paid to come back from inactive (0 for none)."),
            )
        return data

    def save(self, commit: bool = True) -> RenewalSettings:
        cycle = super().save(commit=False)
        data = self.cleaned_data
        cycle.opens_month, cycle.opens_day = data["opens_on"].month, data["opens_on"].day
        cycle.deadline_month, cycle.deadline_day = data["deadline"].month, data["deadline"].day
        cycle.grace_days = (data["grace_ends_on"] - data["deadline"]).days
        if commit:
            cycle.save()
        return cycle

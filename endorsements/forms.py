from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from easy.lib.forms import DateInput, DateSpanMixin

from .models import ExamWeek, SubmissionPeriod
from .queries import categories_offered


class _CalendarForm(DateSpanMixin, forms.ModelForm):
    """A dated entry of one association's calendar; names are unique within the association."""

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = type(self.instance).objects.filter(association=self.association, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another entry already has this name."))
        return name


class SubmissionPeriodForm(_CalendarForm):
    date_span = ("opens_on", "closes_on")
    date_span_error = _("The deadline is before the day the period opens.")

    class Meta:
        model = SubmissionPeriod
        fields = ["name", "opens_on", "closes_on", "categories"]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "categories": forms.CheckboxSelectMultiple,
        }
        labels = {"opens_on": _("Opens on"), "closes_on": _("Deadline (last day to submit)")}
        help_texts = {"categories": _("Tick none for a period open to every category.")}

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, association=association, **kwargs)
        self.fields["categories"].queryset = categories_offered(association, timezone.localdate())
        # Ticked by code, not row id: a forged id past SQLite's integer range was a server error.
        self.fields["categories"].to_field_name = "code"
        self.fields["categories"].required = False


class ExamWeekForm(_CalendarForm):
    date_span = ("starts_on", "ends_on")
    date_span_error = _("The last day is before the first day of the exam week.")

    class Meta:
        model = ExamWeek
        fields = ["name", "starts_on", "ends_on", "registration_closes_on"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "registration_closes_on": DateInput(),
        }
        labels = {
            "starts_on": _("First day"),
            "ends_on": _("Last day"),
            "registration_closes_on": _("Registration closes on"),
        }

    def clean(self):
        data = super().clean()
        closes, starts = data.get("registration_closes_on"), data.get("starts_on")
        if closes and starts and closes > starts:
            self.add_error(
                "registration_closes_on", _("Registration must close before the exam week starts.")
            )
        return data


# --- Granted endorsements: the registry, revocation, transfers --------------------------------


class RegistryListingForm(forms.ModelForm):
    class Meta:
        from .models import RegistryListing

        model = RegistryListing
        fields = ["listed", "city", "state", "employer", "languages", "provides_rsc"]

    def clean(self):
        data = super().clean()
        if data.get("listed") and not (data.get("city") or data.get("state")):
            self.add_error("state", _("Give at least your city or state, so people can find you."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the ethics decision; the holder receives it)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=10,
    )


class TransferRequestForm(forms.Form):
    to_association = forms.ModelChoiceField(
        label=_("Move my endorsement to"), queryset=None, empty_label=None
    )
    note = forms.CharField(
        label=_("Why you are moving (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, endorsement, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Association

        self.fields["to_association"].queryset = Association.objects.filter(is_active=True).exclude(
            pk=endorsement.association_id
        )


class TransferDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Accept")), ("no", _("Decline"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Message to the endorsee (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssociationLogoForm(forms.ModelForm):
    """The administrator uploads the logo printed on certificates (validated on the model)."""

    class Meta:
        from .models import Association

        model = Association
        fields = ["logo"]

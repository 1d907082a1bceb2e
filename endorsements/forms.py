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

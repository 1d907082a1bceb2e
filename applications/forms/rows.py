"""Workspace row forms: education, work, training, RS/C, leadership and membership."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from easy.lib.forms import DateInput
from endorsements.catalog_text import catalog_text

from ..enums import TrainingTopic
from ..models import (
    Certificate,
    Degree,
    LeadershipActivity,
    Membership,
    RSCSession,
    Training,
    WorkPeriod,
)
from .base import (
    ENDORSEMENT_CHOICES,
    MAX_SESSION_HOURS,
    MAX_TRAINING_HOURS,
    ApplicationRowForm,
    DocumentField,
)

# --- Education ------------------------------------------------------------------------------


class DegreeForm(ApplicationRowForm):
    past_dates = ("completed_on",)

    transcript = DocumentField(
        label=gettext_lazy("Transcript (PDF, PNG or JPEG)"),
        required=False,
        help_text=gettext_lazy(
            "An official transcript. If your college sends it by post or email, the "
            "coordinator attaches it when it arrives."
        ),
    )

    class Meta:
        model = Degree
        fields = ["level", "name", "institution", "completed_on"]
        widgets = {"completed_on": DateInput()}


class CertificateForm(ApplicationRowForm):
    past_dates = ("completed_on",)

    document = DocumentField(label=gettext_lazy("Certificate (PDF, PNG or JPEG)"), required=False)

    class Meta:
        model = Certificate
        fields = ["kind", "name", "issuer", "completed_on"]
        widgets = {"completed_on": DateInput()}


class UploadForm(forms.Form):
    """A file for an existing degree, certificate or membership."""

    file = DocumentField(label=gettext_lazy("File (PDF, PNG or JPEG)"))


# --- Work -----------------------------------------------------------------------------------


class WorkPeriodForm(ApplicationRowForm):
    past_dates = ("start",)
    date_span = ("start", "end")

    internship_supervisor_endorsement = forms.ChoiceField(
        label=gettext_lazy("Internship supervisor's endorsement"),
        choices=ENDORSEMENT_CHOICES,
        required=False,
    )

    class Meta:
        model = WorkPeriod
        fields = [
            "title",
            "employer",
            "start",
            "end",
            "paid",
            "age_group",
            "service",
            "families_served",
            "internship",
            "internship_supervisor",
            "internship_supervisor_endorsement",
            "description",
        ]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_end(self):
        value = self.cleaned_data.get("end")
        if value and value > timezone.localdate():
            raise ValidationError(
                _("This date is in the future. If you still work there, leave the end date empty.")
            )
        return value

    def clean(self):
        data = super().clean()
        if data.get("internship") and not data.get("internship_supervisor"):
            self.add_error("internship_supervisor", _("Name the supervisor of your internship."))
        return data


# --- Training -------------------------------------------------------------------------------


class TrainingForm(ApplicationRowForm):
    past_dates = ("date",)

    topics = forms.MultipleChoiceField(
        label=gettext_lazy("This training was about"),
        choices=TrainingTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    competency_areas = forms.MultipleChoiceField(
        label=gettext_lazy("Competency areas it supports"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Training
        fields = ["date", "title", "provider", "hours", "topics", "competency_areas"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency_areas"].choices = [(a.code, catalog_text(a.name)) for a in areas]

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours <= 0:
            raise ValidationError(_("Enter the clock hours: more than 0."))
        if hours > MAX_TRAINING_HOURS:
            raise ValidationError(
                _(
                    "Enter at most %(max)s hours for one training; "
                    "log a longer programme as several entries."
                )
                % {"max": MAX_TRAINING_HOURS}
            )
        return hours

    def clean(self):
        data = super().clean()
        date, title = data.get("date"), data.get("title")
        if date and title:
            duplicate = Training.objects.filter(
                owner_id=self.owner_id, date=date, title__iexact=title
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error(
                    "title", _("You already logged a training with this title on this date.")
                )
        return data


# --- RS/C -----------------------------------------------------------------------------------


class RSCSessionForm(ApplicationRowForm):
    past_dates = ("date",)

    provider_endorsement = forms.ChoiceField(
        label=gettext_lazy("Provider's endorsement"), choices=ENDORSEMENT_CHOICES, required=False
    )

    class Meta:
        model = RSCSession
        fields = [
            "date",
            "hours",
            "format",
            "provider_name",
            "provider_endorsement",
            "provider_degree",
            "about_rsc_provided",
        ]
        widgets = {"date": DateInput()}

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours <= 0:
            raise ValidationError(_("Enter the length of the session: more than 0 hours."))
        if hours > MAX_SESSION_HOURS:
            raise ValidationError(_("A session cannot last more than 24 hours."))
        return hours

    def clean(self):
        data = super().clean()
        date, provider, fmt = data.get("date"), data.get("provider_name"), data.get("format")
        if date and provider and fmt:
            duplicate = RSCSession.objects.filter(
                owner_id=self.owner_id,
                date=date,
                provider_name__iexact=provider,
                format=fmt,
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error(
                    "date",
                    _("You already logged a session with this provider on this date (%(format)s).")
                    % {"format": dict(self.fields["format"].choices).get(fmt, fmt)},
                )
        return data


class ProvidesRSCForm(forms.Form):
    provides_rsc = forms.BooleanField(
        label=gettext_lazy("I provide reflective supervision/consultation to others"),
        required=False,
    )


# --- Leadership, membership -------------------------------------------------------------------


class LeadershipForm(ApplicationRowForm):
    past_dates = ("start",)
    date_span = ("start", "end")

    class Meta:
        model = LeadershipActivity
        fields = ["title", "level", "start", "end", "description"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class MembershipForm(ApplicationRowForm):
    proof = DocumentField(
        label=gettext_lazy("Proof of membership (PDF, PNG or JPEG)"), required=False
    )

    class Meta:
        model = Membership
        fields = ["association_name", "member_number", "expires_on"]
        widgets = {"expires_on": DateInput()}

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value < timezone.localdate():
            raise ValidationError(
                _("This membership has expired. Renew it, then enter the new date.")
            )
        return value

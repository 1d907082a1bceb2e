"""Forms of the applicant's portal. Each workspace section has its own form; a form that fails
validation is shown again with everything typed, and a message at the field."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from easy.accounts.enums import Role

from .enums import (
    ENDORSEMENT_CODES,
    ReferenceStatus,
    Section,
    SignatureKind,
    TrainingTopic,
)
from .models import (
    Certificate,
    Degree,
    LeadershipActivity,
    Membership,
    Reference,
    RSCSession,
    Training,
    WorkPeriod,
)
from .uploads import check_document

ENDORSEMENT_CHOICES = [("", gettext_lazy("Not endorsed")), *[(c, c) for c in ENDORSEMENT_CODES]]
MAX_TRAINING_HOURS = Decimal(200)
MAX_SESSION_HOURS = Decimal(24)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def not_in_future(value: dt.date | None) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future. Enter a date on or before today."))


class DocumentField(forms.FileField):
    """A PDF, PNG or JPEG (checked by content), at most DOCUMENT_MAX_BYTES."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            return check_document(upload)
        return None


class ApplicationRowForm(forms.ModelForm):
    """A workspace row form: knows its application (for duplicate checks).

    ``past_dates`` names date fields that may not lie in the future; ``period`` names a
    (start, end) pair whose end may not come before its start.
    """

    past_dates: tuple[str, ...] = ()
    period: tuple[str, str] | None = None

    def __init__(self, *args, application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        for name in self.past_dates:
            self.fields[name].validators.append(not_in_future)

    def clean(self):
        data = super().clean()
        if self.period:
            start, end = (data.get(name) for name in self.period)
            if start and end and end < start:
                self.add_error(self.period[1], _("The end date is before the start date."))
        return data


# --- Registration -------------------------------------------------------------------------


class RegistrationForm(forms.Form):
    category_code = forms.ChoiceField(
        label=gettext_lazy("Endorsement category"),
        help_text=gettext_lazy("Not sure? Use “Which endorsement fits me?” first."),
    )
    work_summary = forms.CharField(
        label=gettext_lazy("Your work"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Where you work, your role, the ages of the children and what you do with families."
        ),
        max_length=4000,
    )
    education_summary = forms.CharField(
        label=gettext_lazy("Your education"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Your degrees or certificates, with the year you finished them."),
        max_length=4000,
    )
    rsc_summary = forms.CharField(
        label=gettext_lazy("Your reflective supervision/consultation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Who provides it, how often, and since when. Write “none yet” if you have none."
        ),
        max_length=4000,
    )
    provides_rsc = forms.BooleanField(
        label=gettext_lazy("I provide reflective supervision/consultation to others"),
        required=False,
    )
    agree_terms = forms.BooleanField(
        label=gettext_lazy(
            "I am, or will become, a member of an infant or early childhood mental health "
            "association, and I agree to the association's membership terms."
        ),
        error_messages={"required": gettext_lazy("You must agree to the membership terms.")},
    )

    def __init__(self, *args, categories: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_code"].choices = [("", _("Choose a category")), *categories]


class CouponForm(forms.Form):
    coupon_code = forms.CharField(
        label=gettext_lazy("Coupon code"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("If the association gave you one. Leave empty otherwise."),
    )


class FitForm(forms.Form):
    """A few questions for "which endorsement fits me?"."""

    highest_degree = forms.ChoiceField(
        label=gettext_lazy("Your highest degree"),
        choices=[
            ("", gettext_lazy("None")),
            ("associate", gettext_lazy("Associate")),
            ("bachelor", gettext_lazy("Bachelor's")),
            ("master", gettext_lazy("Master's")),
            ("doctorate", gettext_lazy("Doctorate")),
        ],
        required=False,
    )
    age_group = forms.ChoiceField(
        label=gettext_lazy("The children you work with"),
        choices=[
            ("infant", gettext_lazy("Infants and toddlers (birth to 36 months)")),
            ("early_childhood", gettext_lazy("Young children (3 up to 6 years)")),
            ("both", gettext_lazy("Both")),
        ],
    )
    service = forms.ChoiceField(
        label=gettext_lazy("What your work mostly is"),
        choices=[
            ("promotion", gettext_lazy("Promoting healthy development (for example child care)")),
            (
                "prevention",
                gettext_lazy("Prevention or early intervention (for example home visiting)"),
            ),
            ("intervention", gettext_lazy("Intervention or treatment (for example therapy)")),
            ("rsc_provision", gettext_lazy("Providing reflective supervision/consultation")),
            ("policy_leadership", gettext_lazy("Policy or programme leadership")),
            ("research_faculty_leadership", gettext_lazy("University teaching or research")),
        ],
    )
    years_of_work = forms.DecimalField(
        label=gettext_lazy("Years of paid work with this age group"),
        min_value=0,
        max_value=60,
        decimal_places=1,
    )
    training_hours = forms.DecimalField(
        label=gettext_lazy("Hours of relationship-focused training so far"),
        min_value=0,
        max_value=2000,
        decimal_places=1,
    )
    rsc_hours = forms.DecimalField(
        label=gettext_lazy("Hours of reflective supervision/consultation received"),
        min_value=0,
        max_value=2000,
        decimal_places=1,
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


class StaffTranscriptForm(forms.Form):
    degree = forms.ChoiceField(label=gettext_lazy("Degree"))
    source = forms.ChoiceField(
        label=gettext_lazy("Received by"),
        choices=[("post", gettext_lazy("Post")), ("email", gettext_lazy("Email"))],
    )
    file = DocumentField(label=gettext_lazy("Scanned transcript (PDF, PNG or JPEG)"))

    def __init__(self, *args, degrees, **kwargs):
        super().__init__(*args, **kwargs)
        self.degrees = {str(d.uuid): d for d in degrees}
        self.fields["degree"].choices = [(str(d.uuid), str(d)) for d in degrees]

    def clean_degree(self):
        return self.degrees[self.cleaned_data["degree"]]


# --- Work -----------------------------------------------------------------------------------


class WorkPeriodForm(ApplicationRowForm):
    past_dates = ("start",)
    period = ("start", "end")

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
        self.fields["competency_areas"].choices = [(a.code, a.name) for a in areas]

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
                application=self.application, date=date, title__iexact=title
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error(
                    "title", _("You already logged a training with this title on this date.")
                )
        return data


class TrainingImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: date (YYYY-MM-DD), title, provider, hours, topics, competency_areas. "
            "Separate several topics or areas with a semicolon."
        ),
    )

    MAX_BYTES = 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The CSV file may be at most 1 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _("This file is not a CSV text file. Save it from your spreadsheet as “CSV UTF-8”.")
            ) from exc


CSV_COLUMNS = ("date", "title", "provider", "hours", "topics", "competency_areas")


def _split(value: str) -> list[str]:
    return [p.strip() for p in (value or "").split(";") if p.strip()]


def parse_training_csv(text: str, *, application, areas) -> tuple[list[dict], list[str]]:
    """Check every row of a training CSV like the form would.

    Returns (rows, file_errors); each row is {"line", "values", "errors", "training"} where
    ``training`` is an unsaved Training when the row is valid.
    """
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS[:4] if c not in header]
    if missing:
        return [], [_("The file has no column named: %(cols)s.") % {"cols": ", ".join(missing)}]
    reader.fieldnames = header
    by_name = {a.name.lower(): a.code for a in areas} | {a.code.lower(): a.code for a in areas}
    topic_codes = {c.lower(): c for c in TrainingTopic.values} | {
        str(label).lower(): c for c, label in TrainingTopic.choices
    }
    seen: set[tuple] = set()
    rows = []
    for line, raw in enumerate(reader, start=2):
        values = {c: (raw.get(c) or "").strip() for c in CSV_COLUMNS}
        errors = []
        topics = []
        for t in _split(values["topics"]):
            if t.lower() in topic_codes:
                topics.append(topic_codes[t.lower()])
            else:
                errors.append(_("Unknown topic “%(t)s”: use rsc_provision or dei.") % {"t": t})
        area_codes = []
        for a in _split(values["competency_areas"]):
            if a.lower() in by_name:
                area_codes.append(by_name[a.lower()])
            else:
                errors.append(_("Unknown competency area “%(a)s”.") % {"a": a})
        form = TrainingForm(
            data={**values, "topics": topics, "competency_areas": area_codes},
            application=application,
            areas=areas,
        )
        training = None
        if form.is_valid():
            key = (form.cleaned_data["date"], form.cleaned_data["title"].lower())
            if key in seen:
                errors.append(_("This row repeats an earlier row of the file."))
            seen.add(key)
            training = form.save(commit=False)
        else:
            for field, field_errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                errors.extend(f"{label}: {e}" if label else e for e in field_errors)
        rows.append(
            {
                "line": line,
                "values": values,
                "errors": errors,
                "training": None if errors else training,
            }
        )
    if not rows:
        return [], [_("The file has no rows below its header.")]
    return rows, []


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
                application=self.application,
                date=date,
                provider_name__iexact=provider,
                format=fmt,
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error(
                    "date",
                    _("You already logged a %(format)s session with this provider on this date.")
                    % {"format": fmt},
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
    period = ("start", "end")

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


# --- Competencies -----------------------------------------------------------------------------


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=gettext_lazy("How your work and training show this area"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=6000,
    )
    trainings = forms.MultipleChoiceField(
        label=gettext_lazy("Training that shows it"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    work_periods = forms.MultipleChoiceField(
        label=gettext_lazy("Work that shows it"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, trainings, work_periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.training_rows = {str(t.uuid): t for t in trainings}
        self.work_rows = {str(w.uuid): w for w in work_periods}
        self.fields["trainings"].choices = [(k, str(t)) for k, t in self.training_rows.items()]
        self.fields["work_periods"].choices = [(k, str(w)) for k, w in self.work_rows.items()]

    def clean_trainings(self):
        return [self.training_rows[k] for k in self.cleaned_data["trainings"]]

    def clean_work_periods(self):
        return [self.work_rows[k] for k in self.cleaned_data["work_periods"]]


# --- Signatures, references -----------------------------------------------------------------


class SignatureForm(forms.Form):
    kind = forms.ChoiceField(choices=SignatureKind.choices, widget=forms.HiddenInput)
    typed_name = forms.CharField(label=gettext_lazy("Type your full name to sign"), max_length=200)
    agree = forms.BooleanField(
        label=gettext_lazy("I have read this text and I agree to it."),
        error_messages={"required": gettext_lazy("Tick the box to show that you agree.")},
    )

    def __init__(self, *args, expected_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_name = expected_name

    def clean_typed_name(self):
        typed = " ".join(self.cleaned_data["typed_name"].split())
        if (
            self.expected_name
            and typed.casefold() != " ".join(self.expected_name.split()).casefold()
        ):
            raise ValidationError(
                _("Type your full name as it appears in your profile: %(name)s.")
                % {"name": self.expected_name}
            )
        return typed


class ReferenceForm(ApplicationRowForm):
    rater_endorsement = forms.ChoiceField(
        label=gettext_lazy("Rater's endorsement"), choices=ENDORSEMENT_CHOICES, required=False
    )
    waiver = forms.BooleanField(
        label=gettext_lazy(
            "I waive my right to see this person's rating. Ratings are read only by the "
            "association's coordinator and reviewers."
        ),
        error_messages={
            "required": gettext_lazy("The rating is confidential: tick the box to go on.")
        },
    )

    class Meta:
        model = Reference
        fields = ["rater_name", "email", "organisation", "relationship", "rater_endorsement"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if email == self.application.applicant.email.lower():
            raise ValidationError(_("A reference rater cannot be you. Enter the rater's address."))
        taken = (
            self.application.references.filter(email__iexact=email)
            .exclude(status=ReferenceStatus.REPLACED)
            .exclude(pk=self.instance.pk)
        )
        if taken.exists():
            raise ValidationError(_("You have already named a rater with this address."))
        return email


# --- Advisor and coordinator -------------------------------------------------------------------


class CommentForm(forms.Form):
    section = forms.ChoiceField(choices=Section.choices, widget=forms.HiddenInput)
    parent = forms.UUIDField(required=False, widget=forms.HiddenInput)
    body = forms.CharField(
        label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are you withdrawing? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that a withdrawn application cannot be reopened."),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )


class AdvisorForm(forms.Form):
    advisor = forms.ModelChoiceField(label=gettext_lazy("Advisor"), queryset=None, required=False)

    def __init__(self, *args, association, **kwargs):
        from easy.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = User.objects.filter(
            role_assignments__association=association, role_assignments__role=Role.ADVISOR
        ).distinct()
        self.fields["advisor"].empty_label = _("No advisor")

"""Competency narratives, signatures and references."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import ReferenceStatus, SignatureKind
from ..models import Reference
from .base import ENDORSEMENT_CHOICES, ApplicationRowForm

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
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the rater's emails"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=gettext_lazy("The invitation and the reminders are written in this language."),
    )
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
        fields = [
            "rater_name",
            "email",
            "language",
            "organisation",
            "relationship",
            "rater_endorsement",
        ]

    def clean_language(self):
        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE

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

"""Competency narratives and signatures. (The references section's form is
``references.workspace.ReferenceForm``.)"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import SignatureKind

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


# --- Signatures -----------------------------------------------------------------------------


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

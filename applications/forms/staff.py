"""Forms for staff: transcripts received, advisors, comments, reasons; and withdrawal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from easy.accounts.enums import Role

from ..enums import Section
from .base import DocumentField


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

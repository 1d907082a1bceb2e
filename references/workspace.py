"""The references section of the applicant's workspace: the form that names a rater.

``applications`` lists the raters among the workspace's rows without importing this app: when
it starts, this app registers the row kind (``applications.views.sections.register_row_kind``)
and how a rater is named and removed (``applications.services.register_row_writer``).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.forms.base import ENDORSEMENT_CHOICES, ApplicationRowForm

from .enums import ReferenceStatus
from .models import Reference


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

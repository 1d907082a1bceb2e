"""Forms of the reference ratings: the rater's form, declining, and the coordinator's forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.enums import ENDORSEMENT_CODES
from easy.lib.forms import DateInput

from .enums import NOT_ENOUGH_INFORMATION_LIMIT, Score
from .models import Rating

ENDORSEMENT_CHOICES = [("", gettext_lazy("Not endorsed"))] + [(c, c) for c in ENDORSEMENT_CODES]


class RatingForm(forms.ModelForm):
    """The rater's details, one answer per competency area, and comments.

    ``final=False`` (saving a draft) accepts anything partly filled in; ``final=True``
    (submitting) needs the rater's name and an answer for every area.
    """

    rater_endorsement = forms.ChoiceField(
        label=gettext_lazy("Your endorsement, if you hold one"),
        choices=ENDORSEMENT_CHOICES,
        required=False,
    )

    class Meta:
        model = Rating
        fields = list(Rating.RATER_FIELDS)
        widgets = {
            "relationship_note": forms.Textarea(attrs={"rows": 3}),
            "comments": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "known_for": gettext_lazy("For example: three years, as her programme supervisor."),
            "comments": gettext_lazy(
                "Anything that helps the reviewers understand the applicant's knowledge and "
                "skill: strengths, and areas still growing."
            ),
        }

    DETAILS = Rating.RATER_DETAILS

    def __init__(self, *args, areas, final: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        self.final = final
        saved = self.instance.answers if self.instance.pk else {}
        for name in self.Meta.fields:
            self.fields[name].required = False
        for area in self.areas:
            self.fields[self.area_field(area.code)] = forms.ChoiceField(
                label=area.name,
                choices=Score.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=saved.get(area.code),
            )
        #: Ticked by a rater who submits although the rating will not count (too many "not
        #: enough information" answers); shown with the warning.
        self.fields["nei_understood"] = forms.BooleanField(
            required=False,
            label=gettext_lazy("I understand: submit it anyway."),
        )
        if final:
            self.fields["rater_name"].required = True
            self.fields["rater_name"].error_messages["required"] = _("Enter your full name.")

    @staticmethod
    def area_field(code: str) -> str:
        return f"area_{code}"

    def clean(self):
        data = super().clean()
        if self.final:
            for area in self.areas:
                name = self.area_field(area.code)
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        _('Choose a rating for %(area)s, or "not enough information to rate".')
                        % {"area": area.name},
                    )
            if self.not_enough_information >= NOT_ENOUGH_INFORMATION_LIMIT and not data.get(
                "nei_understood"
            ):
                self.add_error("nei_understood", self.nei_warning())
        return data

    @property
    def not_enough_information(self) -> int:
        """How many areas are answered "not enough information" (as posted, or as saved)."""
        if self.is_bound:
            values = [self.data.get(self.add_prefix(self.area_field(a.code))) for a in self.areas]
        else:
            values = [self.fields[self.area_field(a.code)].initial for a in self.areas]
        return sum(1 for v in values if v == Score.NOT_ENOUGH_INFORMATION)

    @property
    def nei_limit(self) -> int:
        return NOT_ENOUGH_INFORMATION_LIMIT

    def nei_warning(self) -> str:
        return _(
            'With %(limit)s or more answers of "not enough information to rate", this rating '
            "will not count for the applicant, who will be asked to name another rater. Change "
            "some answers if you can, or tick the box to submit it anyway."
        ) % {"limit": NOT_ENOUGH_INFORMATION_LIMIT}

    def values(self) -> dict:
        """What the services take: the details, comments and ``answers`` by area code."""
        data = self.cleaned_data
        out = {name: data.get(name) or "" for name in self.Meta.fields}
        out["answers"] = {
            a.code: data.get(self.area_field(a.code))
            for a in self.areas
            if data.get(self.area_field(a.code))
        }
        return out

    def area_rows(self):
        """(area, bound field) pairs for the template's fieldsets."""
        return [(a, self[self.area_field(a.code)]) for a in self.areas]

    def detail_fields(self):
        return [self[name] for name in self.DETAILS]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are you declining?"),
        help_text=gettext_lazy(
            "The applicant and the coordinator read this. For example: I do not know the "
            "applicant's work well enough."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Tell the applicant briefly why.")},
    )


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=gettext_lazy("New deadline"),
        widget=DateInput(),
        help_text=gettext_lazy("The last day the rater can answer."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, required=False)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError(_("Choose a day from today on."))
        return deadline


class VettingForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("yes", gettext_lazy("Accepted: knows the Competency Guidelines and the work")),
            ("no", gettext_lazy("Not accepted")),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose accepted or not accepted.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        help_text=gettext_lazy("What you checked, for example during a phone call."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": gettext_lazy("Write down what you checked.")},
    )
    decided_on = forms.DateField(
        label=gettext_lazy("Date of the decision"),
        widget=DateInput(),
        initial=timezone.localdate,
    )

    def clean_decided_on(self):
        day: dt.date = self.cleaned_data["decided_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day

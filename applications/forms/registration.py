"""Registration: the category, the coupon and the fit questions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import AgeGroup, DegreeLevel, ServiceKind

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
        choices=[("", gettext_lazy("None")), *DegreeLevel.choices],
        required=False,
    )
    age_group = forms.ChoiceField(
        label=gettext_lazy("The children you work with"), choices=AgeGroup.choices
    )
    service = forms.ChoiceField(
        label=gettext_lazy("What your work mostly is"), choices=ServiceKind.choices
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

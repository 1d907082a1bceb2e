"""Forms of the review: queue filters, completeness check, assignment, scoring, decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus
from easy.accounts.models import User
from easy.lib.forms import DateInput
from endorsements.models import Category, SubmissionPeriod

from . import pool
from .enums import Score, recommendations_for
from .queries import DEFAULT_SORT, SORTS, QueueFilters
from .services import AreaAnswer

WAITING_CHOICES = [
    ("", _("Any time")),
    ("7", _("More than a week")),
    ("14", _("More than two weeks")),
    ("28", _("More than four weeks")),
    ("56", _("More than eight weeks")),
]
REFERENCE_CHOICES = [
    ("", _("Any")),
    ("complete", _("All three ratings in")),
    ("incomplete", _("Ratings missing")),
]


class QueueFilterForm(forms.Form):
    """The queue's filters (a GET form). A bad value is reported at its field and ignored."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Every status")), *ApplicationStatus.choices],
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    period = forms.ModelChoiceField(
        label=_("Submission period"),
        required=False,
        queryset=SubmissionPeriod.objects.none(),
        empty_label=_("Any period"),
    )
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        required=False,
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label=_("Any reviewer"),
    )
    waiting = forms.ChoiceField(
        label=_("Waiting since submission"), required=False, choices=WAITING_CHOICES
    )
    references = forms.ChoiceField(label=_("References"), required=False, choices=REFERENCE_CHOICES)
    sort = forms.ChoiceField(
        required=False,
        choices=[(k, k) for k in SORTS] + [(f"-{k}", f"-{k}") for k in SORTS],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Every category"))] + [
            (code, code)
            for code in Category.objects.order_by("position").values_list("code", flat=True)
        ]
        self.fields["period"].queryset = SubmissionPeriod.objects.filter(
            association=association
        ).order_by("-closes_on")
        self.fields["period"].label_from_instance = lambda period: period.name
        self.fields["reviewer"].queryset = pool.reviewers_of(association).order_by(
            "full_name", "email"
        )

    def filters(self) -> QueueFilters:
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        sort = data.get("sort") or DEFAULT_SORT
        return QueueFilters(
            status=data.get("status", ""),
            category=data.get("category", ""),
            period=data.get("period"),
            reviewer=data.get("reviewer"),
            waiting_days=int(data["waiting"]) if data.get("waiting") else None,
            references=data.get("references", ""),
            sort=sort.lstrip("-"),
            descending=sort.startswith("-"),
        )


class SaveFilterForm(forms.Form):
    name = forms.CharField(
        label=_("Name for these filters"),
        max_length=80,
        help_text=_("For example: IFS waiting over four weeks."),
    )
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the applicant should change"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The applicant reads this in the email and on the application."),
    )

    def __init__(self, *args, **kwargs):
        # Shares the coordinator's page with the decision form: ids of its own.
        kwargs.setdefault("auto_id", "return_%s")
        super().__init__(*args, **kwargs)


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=User.objects.none(), to_field_name="uuid")

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = pool.reviewers_of(association)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example a conflict of interest you noticed, or no time before the due date."
        ),
    )


class DueDateForm(forms.Form):
    due_on = forms.DateField(label=_("New due date"), widget=DateInput())


class AreaScoreForm(forms.Form):
    """One competency area of a review: the score, a comment for the applicant and a private
    note. A draft may leave anything empty; submitting the review needs every area scored.
    Field names carry the area's code (``score_<code>``), so each page's ids are the area's."""

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        code = area.code
        self.fields[f"score_{code}"] = forms.ChoiceField(
            label=_("Score for %(area)s") % {"area": area.name},
            required=False,
            choices=Score.choices,
            widget=forms.RadioSelect,
        )
        self.fields[f"comment_{code}"] = forms.CharField(
            label=_("Comment for the applicant"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("The applicant reads this with the decision, without your name."),
        )
        self.fields[f"note_{code}"] = forms.CharField(
            label=_("Private note"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Only you and the coordinator read this."),
        )

    @classmethod
    def initial_for(cls, area, score) -> dict:
        """What the reviewer saved for ``area`` (an ``AreaScore`` or None)."""
        if score is None:
            return {}
        return {
            f"score_{area.code}": score.score,
            f"comment_{area.code}": score.comment_for_applicant,
            f"note_{area.code}": score.private_note,
        }

    @property
    def score(self):
        return self[f"score_{self.area.code}"]

    @property
    def comment(self):
        return self[f"comment_{self.area.code}"]

    @property
    def note(self):
        return self[f"note_{self.area.code}"]

    def answer(self) -> AreaAnswer:
        data, code = self.cleaned_data, self.area.code
        return AreaAnswer(
            area_code=code,
            score=data.get(f"score_{code}") or "",
            comment_for_applicant=data.get(f"comment_{code}") or "",
            private_note=data.get(f"note_{code}") or "",
        )


class RecommendationForm(forms.Form):
    """The last step of a review: the recommendation and the overall comments."""

    recommendation = forms.ChoiceField(
        label=_("Your recommendation"), required=False, widget=forms.RadioSelect
    )
    comments_for_applicant = forms.CharField(
        label=_("Overall comments for the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant reads these with the decision, without your name."),
    )
    private_notes = forms.CharField(
        label=_("Private notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only you and the coordinator read these. The applicant and other reviewers never do."
        ),
    )

    def __init__(self, *args, exam_applies: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = recommendations_for(exam_applies)

    @classmethod
    def initial_for(cls, review) -> dict:
        return {
            "recommendation": review.recommendation,
            "comments_for_applicant": review.comments_for_applicant,
            "private_notes": review.private_notes,
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for the decision (kept in the record)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the decision is not what the reviewers settled on."),
    )
    message = forms.CharField(
        label=_("Message for the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the decision email and on the applicant's status page."),
    )

    def __init__(self, *args, exam_applies: bool, **kwargs):
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = recommendations_for(exam_applies)


class ReviewerProfileForm(forms.Form):
    category_code = forms.ChoiceField(label=_("Endorsement held"))
    employer = forms.CharField(label=_("Employer"), required=False, max_length=200)
    declared_conflicts = forms.CharField(
        label=_("Declared conflicts of interest"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Names or email addresses of people this reviewer must not review, one per line."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_code"].choices = [
            (c.code, str(c)) for c in Category.objects.order_by("position")
        ]


class SettingsForm(forms.Form):
    review_days = forms.IntegerField(
        label=_("Days a reviewer has"),
        min_value=1,
        max_value=180,
        help_text=_("A review is due this many days after the reviewer is assigned."),
    )
    reminder_days = forms.IntegerField(
        label=_("Remind reviewers this many days before the due date"), min_value=0, max_value=60
    )


class ReportFilterForm(forms.Form):
    """What the reports cover: dates, a category, a submission period, and how many weeks of
    waiting count as long."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("position"),
        to_field_name="code",
        required=False,
        empty_label=_("All categories"),
    )
    period = forms.ModelChoiceField(
        label=_("Submission period"),
        queryset=SubmissionPeriod.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("All periods"),
    )
    waiting_weeks = forms.IntegerField(
        label=_("Waiting counts as long after (weeks)"),
        min_value=1,
        max_value=104,
        required=False,
        initial=8,
    )

    def __init__(self, *args, associations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = SubmissionPeriod.objects.filter(
            association__in=associations
        ).order_by("-closes_on")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

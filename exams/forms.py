"""Forms of the exam's pages (the services do the checking that needs the database)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from endorsements.enums import Designation, Family
from endorsements.models import CompetencyArea

from .enums import OPTION_LETTERS
from .models import ExamSettings
from .services import ItemData, open_weeks


class RegisterForm(forms.Form):
    week = forms.ModelChoiceField(
        queryset=None, label=_("Exam week"), empty_label=None, widget=forms.RadioSelect
    )

    def __init__(self, approval, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from endorsements.models import ExamWeek

        weeks = open_weeks(approval)
        self.fields["week"].queryset = ExamWeek.objects.filter(pk__in=[w.pk for w in weeks])
        self.fields["week"].label_from_instance = lambda w: (
            _("%(name)s: %(start)s to %(end)s")
            % {
                "name": w.name,
                "start": w.starts_on.strftime("%-d %B %Y"),
                "end": w.ends_on.strftime("%-d %B %Y"),
            }
        )


class LetterForm(forms.Form):
    letter = forms.CharField(
        label=_("Your request to the coordinator"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


class AccommodationForm(forms.Form):
    extra_time_percent = forms.IntegerField(
        label=_("Extra time (percent of each part)"), min_value=0, max_value=100, initial=0
    )
    breaks = forms.CharField(
        label=_("Breaks you need"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    explanation = forms.CharField(
        label=_("Anything the coordinator should know"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtendForm(forms.Form):
    valid_until = forms.DateField(
        label=_("New last day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class ExamSettingsForm(forms.ModelForm):
    class Meta:
        model = ExamSettings
        fields = [
            "approval_days",
            "part_seconds",
            "mc_pass_percent",
            "essay_pass_percent",
            "grader_gap_points",
            "retake_wait_days",
            "retake_notice_days",
            "accommodation_notice_days",
        ]


class ItemForm(forms.Form):
    family = forms.ChoiceField(choices=Family.choices)
    area = forms.ModelChoiceField(queryset=CompetencyArea.objects.all(), label=_("Competency area"))
    stem = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    option_a = forms.CharField(label="A")
    option_b = forms.CharField(label="B")
    option_c = forms.CharField(label="C")
    option_d = forms.CharField(label="D")
    key = forms.ChoiceField(choices=[(i, letter) for i, letter in enumerate(OPTION_LETTERS)])

    def __init__(self, *args, instance_item=None, **kwargs):
        if instance_item is not None and not args[0]:
            kwargs["initial"] = {
                "family": instance_item.family,
                "area": instance_item.area_id,
                "stem": instance_item.stem,
                "option_a": instance_item.option_a,
                "option_b": instance_item.option_b,
                "option_c": instance_item.option_c,
                "option_d": instance_item.option_d,
                "key": instance_item.key,
            }
        super().__init__(*args, **kwargs)

    def item_data(self) -> ItemData:
        d = self.cleaned_data
        return ItemData(
            family=d["family"],
            area=d["area"],
            stem=d["stem"],
            options=[d["option_a"], d["option_b"], d["option_c"], d["option_d"]],
            key=int(d["key"]),
        )


class VignetteForm(forms.Form):
    family = forms.ChoiceField(choices=Family.choices)
    designation = forms.ChoiceField(
        choices=[("", _("IMHS / ECMHS (no designation)")), *Designation.choices], required=False
    )
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}))
    rubric = forms.CharField(
        label=_("Rubric"),
        help_text=_(
            "One criterion per line: the text, a bar, the points (e.g. “Names the risk | 5”)."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, vignette=None, **kwargs):
        if vignette is not None and not args[0]:
            kwargs["initial"] = {
                "family": vignette.family,
                "designation": vignette.designation,
                "title": vignette.title,
                "text": vignette.text,
                "rubric": "\n".join(f"{c.text} | {c.max_points}" for c in vignette.criteria.all()),
            }
        super().__init__(*args, **kwargs)

    def clean_rubric(self):
        criteria = []
        for n, line in enumerate(self.cleaned_data["rubric"].splitlines(), start=1):
            if not line.strip():
                continue
            text, _sep, points = line.rpartition("|")
            if not text.strip() or not points.strip().isdigit() or int(points) < 1:
                raise forms.ValidationError(
                    _("Line %(n)d: write the criterion, a bar and its points.") % {"n": n}
                )
            criteria.append((text.strip(), int(points), None))
        return criteria

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "family": d["family"],
            "designation": d["designation"],
            "title": d["title"],
            "text": d["text"],
            "criteria": d["rubric"],
        }


class BlueprintForm(forms.Form):
    name = forms.CharField(max_length=100)

    def __init__(self, *args, areas, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        counts = {r.area_id: r.count for r in current.rows.all()} if current else {}
        self.areas = areas
        if current:
            self.fields["name"].initial = current.name
        for area in areas:
            self.fields[f"area-{area.pk}"] = forms.IntegerField(
                label=area.name, min_value=0, max_value=60, initial=counts.get(area.pk, 0)
            )

    def clean(self):
        data = super().clean()
        total = sum(data.get(f"area-{a.pk}") or 0 for a in self.areas)
        if total != 60:
            raise forms.ValidationError(
                _("A form has 60 items; these counts add up to %(n)d.") % {"n": total}
            )
        return data

    def counts(self) -> dict:
        return {a: self.cleaned_data[f"area-{a.pk}"] for a in self.areas}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or JSON file"), required=False)
    text = forms.CharField(widget=forms.HiddenInput, required=False)
    fmt = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("text"):
            raise forms.ValidationError(_("Choose a file."))
        return data

    def text_and_format(self) -> tuple[str, str]:
        upload = self.cleaned_data.get("file")
        if upload:
            text = upload.read().decode("utf-8-sig", errors="replace")
            fmt = "json" if upload.name.lower().endswith(".json") else "csv"
            return text, fmt
        return self.cleaned_data["text"], self.cleaned_data.get("fmt") or "csv"

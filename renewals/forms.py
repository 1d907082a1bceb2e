"""Forms of the renewal: the year's answers, the signature, the coordinator's reasons, the
audit's proof of attendance. Log entries use the workspace's own row forms (``owner=``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from easy.lib.forms import DateInput
from easy.lib.uploads import check_document

from .models import Renewal


class AnswersForm(forms.ModelForm):
    membership_proof_file = forms.FileField(
        label=_("Proof of membership (PDF, PNG or JPEG)"), required=False
    )

    class Meta:
        model = Renewal
        fields = ["provides_rsc", "membership_expires_on", "membership_number"]
        widgets = {"membership_expires_on": DateInput()}

    def clean_membership_proof_file(self):
        upload = self.cleaned_data.get("membership_proof_file")
        return check_document(upload) if upload else None


class SignEthicsForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Type your full name to sign the Code of Ethics for this year"), max_length=200
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the endorsee must change"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ProofForm(forms.Form):
    entry = forms.ChoiceField(label=_("Entry of your log"))
    file = forms.FileField(label=_("Proof of attendance (PDF, PNG or JPEG)"))

    def __init__(self, *args, trainings=(), sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {f"t:{t.uuid}": t for t in trainings} | {f"r:{s.uuid}": s for s in sessions}
        self.fields["entry"].choices = [
            (key, f"{e.date} — {getattr(e, 'title', None) or e.provider_name}")
            for key, e in self.entries.items()
        ]

    def clean_file(self):
        return check_document(self.cleaned_data["file"])

    def clean_entry(self):
        key = self.cleaned_data["entry"]
        if key not in self.entries:
            raise ValidationError(_("Choose an entry of your log."))
        return self.entries[key]

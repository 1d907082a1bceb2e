"""What the portal's forms share: date inputs, past-only dates, document uploads and the
workspace row form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from easy.lib.forms import DateSpanMixin

from ..enums import ENDORSEMENT_CODES
from ..uploads import check_document

ENDORSEMENT_CHOICES = [("", gettext_lazy("Not endorsed")), *[(c, c) for c in ENDORSEMENT_CODES]]
MAX_TRAINING_HOURS = Decimal(200)
MAX_SESSION_HOURS = Decimal(24)


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


class ApplicationRowForm(DateSpanMixin, forms.ModelForm):
    """A workspace row form: knows its application (for duplicate checks).

    ``past_dates`` names date fields that may not lie in the future; ``date_span`` names a
    (start, end) pair whose end may not come before its start.
    """

    past_dates: tuple[str, ...] = ()

    def __init__(self, *args, application=None, owner=None, **kwargs):
        self.application = application
        # Log rows belong to the person: duplicates are checked across their whole log. A
        # renewal form passes ``owner`` (the person) instead of an application.
        self.owner_id = owner.pk if owner is not None else application.applicant_id
        super().__init__(*args, **kwargs)
        for name in self.past_dates:
            self.fields[name].validators.append(not_in_future)

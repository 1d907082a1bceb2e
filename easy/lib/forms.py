"""Form pieces shared by the apps: the browser's date picker, and a (first, last) date pair
whose last date may not come before the first."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """``<input type="date">``, which browsers show as a date picker (ISO values)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateSpanMixin:
    """Checks that ``date_span[1]`` is not before ``date_span[0]``; the message goes to the
    second field. Put it before the form class: ``class F(DateSpanMixin, forms.ModelForm)``."""

    date_span: tuple[str, str] | None = None
    date_span_error = _("The end date is before the start date.")

    def clean(self):
        data = super().clean()
        if self.date_span:
            first, last = (data.get(name) for name in self.date_span)
            if first and last and last < first:
                self.add_error(self.date_span[1], self.date_span_error)
        return data

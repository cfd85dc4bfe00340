"""The date range of an audit log export."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agency_sites.models import Agency


class AuditPeriodForm(forms.Form):
    """The agency (among those the user may export) and the days, both
    included; either day may be left empty."""

    agency = forms.ChoiceField(label=_("Agency"))
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [(agency.slug, str(agency)) for agency in agencies]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The last day comes before the first."))
        return cleaned

"""Admin forms of the service catalogue: rules that span a page and its
inline rows, reported on the rows the editor must correct."""

from __future__ import annotations

from typing import Any

from django.forms import BaseFormSet, Form
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from service_pages.opening_hours import Period, overlapping, repeated

# Agency homes sit right under the tree root: the first two path steps name
# the agency whose tree a page belongs to.
AGENCY_PATH_LENGTH = Page.steplen * 2


class ServicePageForm(WagtailAdminPageForm):
    """A service lists only offices of its own agency."""

    def clean(self) -> dict[str, Any]:
        cleaned_data: dict[str, Any] = super().clean()
        page_path = self.instance.path or self.parent_page.path
        for form in _kept_forms(self.formsets.get("offices")):
            office = form.cleaned_data.get("office")
            if office is not None and not _same_agency(office.path, page_path):
                form.add_error(
                    "office",
                    _(
                        "“%(office)s” is an office of another agency: choose one "
                        "of this agency's offices."
                    )
                    % {"office": office.title},
                )
        return cleaned_data


class OfficePageForm(WagtailAdminPageForm):
    """Opening hours of the same day must not overlap, and a special day is
    listed once."""

    def clean(self) -> dict[str, Any]:
        cleaned_data: dict[str, Any] = super().clean()
        hours = _valid_forms(self.formsets.get("opening_hours"), "weekday")
        for index in overlapping(
            [(form.cleaned_data["weekday"], _period(form)) for form in hours]
        ):
            hours[index].add_error(
                "weekday", _("These hours overlap other hours given for the same day.")
            )
        special_days = _valid_forms(self.formsets.get("special_days"), "date")
        for index in repeated([form.cleaned_data["date"] for form in special_days]):
            special_days[index].add_error(
                "date", _("This date is already listed: give each special day once.")
            )
        return cleaned_data


def _period(form: Form) -> Period:
    data = form.cleaned_data
    return Period(
        opens=data.get("opens"),
        closes=data.get("closes"),
        break_starts=data.get("break_starts"),
        break_ends=data.get("break_ends"),
    )


def _valid_forms(formset: BaseFormSet[Form] | None, day_field: str) -> list[Form]:
    """Kept inline forms with no error of their own and their day filled in."""
    return [
        form
        for form in _kept_forms(formset)
        if not form.errors and form.cleaned_data.get(day_field) is not None
    ]


def _kept_forms(formset: BaseFormSet[Form] | None) -> list[Form]:
    """The inline forms of a formset that are filled in and not deleted."""
    if formset is None:
        return []
    # The page form is cleaned before its inline formsets: clean them first.
    formset.is_valid()
    return [
        form
        for form in formset.forms
        if hasattr(form, "cleaned_data")
        and form.cleaned_data
        and not form.cleaned_data.get("DELETE")
    ]


def _same_agency(path: str, other_path: str) -> bool:
    return path[:AGENCY_PATH_LENGTH] == other_path[:AGENCY_PATH_LENGTH]

"""The audit log in the admin: a page to choose the agency and the days, and
the CSV it streams."""

import csv
from collections.abc import Iterator
from datetime import UTC
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from agency_sites.audit.forms import AuditPeriodForm
from agency_sites.audit.selectors import (
    AuditRow,
    agency_audit_rows,
    exportable_agencies,
    may_export_audit_log,
)
from agency_sites.models import Agency, AgencyGroup

# A spreadsheet runs a cell starting with one of these as a formula: such
# text (an object's title, a username) is written with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write returns the line, for streaming."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterator[AuditRow], *, language: str) -> Iterator[str]:
    """The CSV, line by line, in the editor's language (the response streams
    after the view, outside the admin's language override)."""
    with override(language):
        yield from _csv_body(rows)


def _csv_body(rows: Iterator[AuditRow]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark: spreadsheets then read UTF-8 Cyrillic
    yield writer.writerow(
        [
            _("Time (UTC)"),
            _("Action"),
            _("Action code"),
            _("User ID"),
            _("User"),
            _("Object type"),
            _("Object ID"),
            _("Object"),
            _("Revision ID"),
        ]
    )
    for row in rows:
        yield writer.writerow(
            [
                row.timestamp.astimezone(UTC).isoformat(timespec="seconds"),
                _cell(row.action_label),
                row.action,
                row.user_id or "",
                _cell(row.username),
                _cell(row.object_type),
                row.object_id,
                _cell(row.object_label),
                row.revision_id or "",
            ]
        )


@never_cache
def index(request: HttpRequest) -> HttpResponse:
    """The agencies the user may export and the days: the form sends the
    browser to the chosen agency's CSV."""
    agencies = list(exportable_agencies(request.user))
    if not agencies:
        raise PermissionDenied
    bound = "agency" in request.GET
    form = AuditPeriodForm(request.GET if bound else None, agencies=agencies)
    if bound and form.is_valid():
        query = urlencode(
            {
                name: form.cleaned_data[name].isoformat()
                for name in ("since", "until")
                if form.cleaned_data[name]
            }
        )
        target = reverse("agency_audit:export", args=[form.cleaned_data["agency"]])
        return redirect(f"{target}?{query}" if query else target)
    return TemplateResponse(
        request,
        "agency_sites/audit/index.html",
        {"page_title": _("Audit log"), "form": form},
        status=400 if bound else 200,
    )


@never_cache
def export_csv(
    request: HttpRequest, agency_slug: str
) -> HttpResponse | StreamingHttpResponse:
    """The agency's admin actions in the chosen days, as a streamed CSV.
    Another agency's log is not found (404); a member of the agency who is
    not its administrator is refused (403)."""
    agency = get_object_or_404(Agency.objects.select_related("site"), slug=agency_slug)
    user = request.user
    if not may_export_audit_log(user, agency):
        if AgencyGroup.objects.filter(group__user=user.pk, agency=agency).exists():
            raise PermissionDenied
        raise Http404
    form = AuditPeriodForm(
        {**request.GET.dict(), "agency": agency.slug}, agencies=[agency]
    )
    if not form.is_valid():
        return TemplateResponse(
            request,
            "agency_sites/audit/index.html",
            {"page_title": _("Audit log"), "form": form},
            status=400,
        )
    since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    rows = agency_audit_rows(agency=agency, since=since, until=until)
    response = StreamingHttpResponse(
        _csv_lines(rows, language=get_language()),
        content_type="text/csv; charset=utf-8",
    )
    period = "-".join(day.isoformat() for day in (since, until) if day is not None)
    filename = f"audit-{agency.slug}{'-' + period if period else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

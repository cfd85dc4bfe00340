"""Content health in the admin: an agency's report for its own members, the
ranking of every agency for portal administrators, and its CSV export."""

import csv
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from openpyxl import Workbook

from agency_sites.models import Agency, AgencyGroup, AgencyKind, Region
from agency_sites.permissions import User, is_portal_administrator
from cms.contracts.health import declared_rules
from compliance.charts import trend_svg
from compliance.models import RuleResult
from compliance.selectors import (
    agency_report,
    agency_trend,
    latest_reports,
    platform_trend,
    trends_of,
)


def sees_every_agency(user: User) -> bool:
    """Portal administrators (the Civil Service Agency) and superusers."""
    return bool(user.is_superuser) or is_portal_administrator(user)


def member_agencies(user: User) -> list[Agency]:
    """The online agencies in which the user holds a role."""
    if not user.is_authenticated:
        return []
    return list(
        Agency.objects.filter(
            pk__in=AgencyGroup.objects.filter(group__user=user).values("agency"),
            site__isnull=False,
            deprovisioned_at__isnull=True,
        ).order_by("slug")
    )


def agency_is_reachable(user: User, slug: str) -> bool:
    """Whether the user may read this agency's content-health report."""
    if sees_every_agency(user):
        return True
    return any(agency.slug == slug for agency in member_agencies(user))


def index(request: HttpRequest) -> HttpResponse:
    """Portal administrators: the ranking. An agency member: their report."""
    if sees_every_agency(request.user):
        return ranking(request)
    agencies = member_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    return redirect("compliance_admin:agency", agency_slug=agencies[0].slug)


def _filters(request: HttpRequest) -> tuple[str, str]:
    kind = request.GET.get("kind", "")
    region = request.GET.get("region", "")
    return (
        kind if kind in AgencyKind.values else "",
        region if region in Region.values else "",
    )


def ranking(request: HttpRequest) -> HttpResponse:
    kind, region = _filters(request)
    reports = latest_reports(kind=kind, region=region)
    trends = trends_of(agencies=[report.agency for report in reports])
    rows = [
        {
            "rank": position,
            "report": report,
            "trend": trend_svg(
                trends.get(report.agency_id, []),
                title=report.agency.name(),
                width=120,
                height=28,
            ),
        }
        for position, report in enumerate(reports, start=1)
    ]
    context: dict[str, Any] = {
        "rows": rows,
        "kind": kind,
        "region": region,
        "kinds": AgencyKind.choices,
        "regions": Region.choices,
        "platform_trend": trend_svg(
            platform_trend(),
            title=_("Average score of all agencies"),
            width=480,
            height=120,
        ),
        "export_url": reverse("compliance_admin:export")
        + (f"?{request.GET.urlencode()}" if request.GET else ""),
        "xlsx_url": reverse("compliance_admin:export_xlsx")
        + (f"?{request.GET.urlencode()}" if request.GET else ""),
        "page_title": _("Content health of every agency"),
    }
    return TemplateResponse(request, "compliance/admin/ranking.html", context)


def agency_detail(request: HttpRequest, agency_slug: str) -> HttpResponse:
    """One agency's latest report: score, trend, each rule and what to fix,
    with a link to each page to fix it."""
    if not agency_is_reachable(request.user, agency_slug):
        raise Http404
    agency = get_object_or_404(
        Agency, slug=agency_slug, site__isnull=False, deprovisioned_at__isnull=True
    )
    report = agency_report(agency=agency)
    rules = {rule.code: rule for rule in declared_rules()}
    results = []
    for result in report.results.all() if report else []:
        rule = rules.get(result.rule)
        findings = result.rendered_findings()
        for finding in findings:
            if finding["page_id"]:
                finding["edit_url"] = reverse(
                    "wagtailadmin_pages:edit", args=[finding["page_id"]]
                )
        results.append({"result": result, "rule": rule, "findings": findings})
    context: dict[str, Any] = {
        "agency": agency,
        "report": report,
        "results": results,
        "trend": trend_svg(
            agency_trend(agency=agency), title=agency.name(), width=480, height=120
        ),
        "others": member_agencies(request.user),
        "page_title": _("Content health: %(agency)s") % {"agency": agency.name()},
    }
    return TemplateResponse(request, "compliance/admin/agency.html", context)


def export_rows(request: HttpRequest) -> list[list[object]]:
    """The ranking (with the request's filters) as rows: a header, then one
    row per agency with its score and each rule's result."""
    kind, region = _filters(request)
    reports = latest_reports(kind=kind, region=region)
    codes = [rule.code for rule in declared_rules()]
    results = {
        (report_id, rule): passed
        for report_id, rule, passed in RuleResult.objects.filter(
            report__in=reports
        ).values_list("report_id", "rule", "passed")
    }
    labels = {True: _("pass"), False: _("fail"), None: ""}
    header: list[object] = [
        _("Rank"),
        _("Agency"),
        _("Slug"),
        _("Kind"),
        _("Region"),
        _("Day"),
        _("Score"),
        *codes,
    ]
    rows = [header]
    for position, report in enumerate(reports, start=1):
        agency = report.agency
        rows.append(
            [
                position,
                agency.name(),
                agency.slug,
                agency.get_kind_display(),
                agency.get_region_display(),
                report.day.isoformat(),
                report.score,
                *(labels[results.get((report.pk, code))] for code in codes),
            ]
        )
    return rows


def export_csv(request: HttpRequest) -> HttpResponse:
    """The ranking (with the same filters) as a CSV file."""
    if not sees_every_agency(request.user):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="content-health.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (Tajik, Russian) with a BOM
    writer = csv.writer(response)
    writer.writerows(export_rows(request))
    return response


def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The ranking (with the same filters) as an Excel workbook."""
    if not sees_every_agency(request.user):
        raise PermissionDenied
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="content-health")
    for row in export_rows(request):
        sheet.append([str(cell) if not isinstance(cell, int) else cell for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
    response["Content-Disposition"] = 'attachment; filename="content-health.xlsx"'
    return response

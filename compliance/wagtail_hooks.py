"""Content health in the admin: its pages, its menu item, the dashboard
panel of an agency's members, and the thresholds snippet."""

from typing import Any

from django.http import HttpRequest
from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from compliance import admin_views
from compliance.charts import trend_svg
from compliance.models import RuleSetting
from compliance.selectors import agency_report, agency_trend


@hooks.register("register_admin_urls")
def register_health_urls() -> list[URLResolver]:
    urls = [
        path("", admin_views.index, name="index"),
        path("export.csv", admin_views.export_csv, name="export"),
        path("export.xlsx", admin_views.export_xlsx, name="export_xlsx"),
        path("<slug:agency_slug>/", admin_views.agency_detail, name="agency"),
    ]
    return [
        path(
            "content-health/",
            include((urls, "compliance_admin"), namespace="compliance_admin"),
        )
    ]


class HealthMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.sees_every_agency(request.user) or bool(
            admin_views.member_agencies(request.user)
        )


@hooks.register("register_admin_menu_item")
def register_health_menu_item() -> MenuItem:
    return HealthMenuItem(
        _("Content health"),
        reverse("compliance_admin:index"),
        icon_name="tasks",
        order=450,
        name="content-health",
    )


class HealthPanel(Component):
    """The dashboard panel of an agency's members: its score, its trend and
    how many rules it fails, with a link to the report."""

    name = "content_health"
    order = 90
    template_name = "compliance/admin/dashboard_panel.html"

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"rows": self.rows}


@hooks.register("construct_homepage_panels")
def add_health_panel(request: HttpRequest, panels: list[Component]) -> None:
    if admin_views.sees_every_agency(request.user):
        return
    agencies = admin_views.member_agencies(request.user)
    if not agencies:
        return
    reports = [
        report
        for report in (agency_report(agency=agency) for agency in agencies)
        if report is not None
    ]
    rows = [
        {
            "report": report,
            "failing": sum(1 for result in report.results.all() if not result.passed),
            "trend": trend_svg(
                agency_trend(agency=report.agency), title=report.agency.name()
            ),
            "url": reverse("compliance_admin:agency", args=[report.agency.slug]),
        }
        for report in reports
    ]
    panels.append(HealthPanel(rows))


class RuleSettingViewSet(SnippetViewSet):
    """The thresholds of the content rules, for portal administrators."""

    model = RuleSetting
    icon = "cog"
    menu_label = _("Content-health thresholds")
    list_display = ["__str__", "value"]


register_snippet(RuleSetting, viewset=RuleSettingViewSet)

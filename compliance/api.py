"""Content health in the portal API: /api/v1/health/ (every online agency's
latest score) and /api/v1/agencies/{slug}/health/ (one agency's rules and
trend). Public: scores and rule results; findings only for signed-in staff
who may read the agency's report in the admin."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from ninja import Field, Query, Router, Schema

from agency_sites.models import Agency, AgencyKind, Region
from cms.api import ERROR_RESPONSES, Language, Out, not_found, register_router
from cms.contracts.health import Severity, declared_rules
from compliance.admin_views import agency_is_reachable
from compliance.models import HealthReport
from compliance.selectors import agency_report, agency_trend, latest_reports


class TrendOut(Out):
    day: date
    score: int


class FindingOut(Out):
    message: str
    fix: str
    field: str
    page_id: int | None


class RuleOut(Out):
    rule: str = Field(description="Stable code of the rule.")
    title: str
    severity: str = Field(description="advice, important or critical.")
    passed: bool
    findings: list[FindingOut] | None = Field(
        description="What to fix: only for signed-in staff of the agency."
    )


class HealthSummary(Out):
    agency: str
    name: str
    kind: AgencyKind
    region: str
    day: date | None
    score: int | None = Field(description="0–100, weighted by rule severity.")


class HealthDetail(HealthSummary):
    rules: list[RuleOut]
    trend: list[TrendOut] = Field(description="Daily scores of the last 30 days.")


class HealthList(Out):
    items: list[HealthSummary]


class HealthFilters(Schema):
    locale: Language = Field(
        default=settings.LANGUAGE_CODE, description="Language of names and titles."
    )
    kind: AgencyKind | None = Field(default=None, description="Central or local.")
    region: Region | None = Field(default=None, description="Region code.")


class HealthParams(Schema):
    locale: Language = Field(
        default=settings.LANGUAGE_CODE, description="Language of names and titles."
    )


def _summary(
    agency: Agency, report: HealthReport | None, language: str
) -> dict[str, object]:
    return {
        "agency": agency.slug,
        "name": agency.name(language),
        "kind": agency.kind,
        "region": agency.region,
        "day": report.day if report else None,
        "score": report.score if report else None,
    }


list_router = Router(tags=["content health"])
detail_router = Router(tags=["content health"])


@list_router.get(
    "/",
    response={200: HealthList, **ERROR_RESPONSES},
    summary="Content health of every online agency",
)
def list_health(request: HttpRequest, filters: Query[HealthFilters]) -> HttpResponse:
    """The latest score of each online agency, best first."""
    reports = latest_reports(kind=filters.kind or "", region=filters.region or "")
    return HttpResponse(
        HealthList.model_validate(
            {
                "items": [
                    _summary(report.agency, report, filters.locale)
                    for report in reports
                ]
            }
        ).model_dump_json(),
        content_type="application/json",
    )


@detail_router.get(
    "/{slug}/health/",
    response={200: HealthDetail, **ERROR_RESPONSES},
    summary="Content health of one agency",
)
def agency_health(
    request: HttpRequest, slug: str, params: Query[HealthParams]
) -> HttpResponse:
    """The agency's latest score, each rule's result and its 30-day trend."""
    agency = Agency.objects.filter(
        slug=slug, site__isnull=False, deprovisioned_at__isnull=True
    ).first()
    if agency is None:
        raise not_found(_("No online agency has this slug."))
    report = agency_report(agency=agency)
    staff = request.user.is_authenticated and agency_is_reachable(request.user, slug)
    titles = {rule.code: rule.title for rule in declared_rules()}
    with translation.override(params.locale):
        rules = [
            {
                "rule": result.rule,
                "title": str(titles.get(result.rule, result.rule)),
                "severity": Severity(result.severity).name.lower(),
                "passed": result.passed,
                "findings": result.rendered_findings() if staff else None,
            }
            for result in (report.results.all() if report else [])
        ]
    payload = {
        **_summary(agency, report, params.locale),
        "rules": rules,
        "trend": [
            {"day": point.day, "score": point.score}
            for point in agency_trend(agency=agency)
        ],
    }
    response = HttpResponse(
        HealthDetail.model_validate(payload).model_dump_json(),
        content_type="application/json",
    )
    # Findings depend on who asks: a shared cache keys on the session, and
    # never keeps an answer that holds them.
    patch_vary_headers(response, ("Cookie",))
    if staff:
        response["Cache-Control"] = "private, no-store"
    return response


register_router("health", list_router)
register_router("agencies", detail_router)

"""The public transparency page on the portal: every agency's content-health
score and its trend, and the platform's."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import Site

from agency_sites.models import AgencyKind, Region
from cms.models import PAGE_CONTEXT_HOOK, LanguageVersion
from compliance.charts import trend_svg
from compliance.selectors import latest_reports, platform_trend, trends_of


def transparency(request: HttpRequest) -> HttpResponse:
    """Scores of every online agency, best first, on the portal's own site
    only (agency sites answer 404). Filterable by kind and region."""
    site = Site.find_for_request(request)
    if site is None or not site.is_default_site:
        raise Http404
    kind = request.GET.get("kind", "")
    region = request.GET.get("region", "")
    kind = kind if kind in AgencyKind.values else ""
    region = region if region in Region.values else ""
    language = get_language()
    reports = latest_reports(kind=kind, region=region)
    trends = trends_of(agencies=[report.agency for report in reports])
    rows = [
        {
            "rank": position,
            "name": report.agency.name(language),
            "url": f"//{report.agency.hostname}/{language}/",
            "report": report,
            "trend": trend_svg(
                trends.get(report.agency_id, []),
                title=report.agency.name(language),
                width=120,
                height=28,
            ),
        }
        for position, report in enumerate(reports, start=1)
    ]
    context = {
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
        "language_versions": [
            LanguageVersion(
                language_code=code,
                name=capfirst(get_language_info(code)["name_local"]),
                url=f"/{code}/content-health/",
                full_url=None,
                is_current=code == language,
            )
            for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        ],
    }
    root = site.root_page.localized
    for hook in hooks.get_hooks(PAGE_CONTEXT_HOOK):
        hook(page=root, request=request, context=context)
    return TemplateResponse(request, "compliance/public/transparency.html", context)

"""Views of a site outside its page tree (search, sitemap) answer like its
pages when the agency is offline."""

from django.http import HttpRequest
from django.template.response import TemplateResponse

from wagtail.models import Site

from agency_sites.selectors import is_site_offline


def offline_response(
    request: HttpRequest, site: Site | None
) -> TemplateResponse | None:
    """The 410 page of a deprovisioned agency's site, or None when online."""
    if site is None or not is_site_offline(site_id=site.pk):
        return None
    return TemplateResponse(
        request,
        "agency_sites/site_offline.html",
        {"site_name": site.site_name},
        status=410,
    )

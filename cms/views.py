"""Site-wide views of the citizen sites: sitemap.xml, robots.txt and the
error pages, in the site's design and language."""

import sys

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.text import capfirst
from django.utils.translation import get_language_info

from wagtail.models import Site

from agency_sites.selectors import is_site_offline
from cms.caching.conditional import answer_conditionally
from cms.chrome import cached_site_chrome
from cms.models import LanguageVersion
from cms.outage import database_unavailable_response, is_database_outage
from cms.site_status import offline_response
from cms.sitemaps import sitemap_entries


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """The sitemap of the request's site, every language in one file, its
    addresses from the site's own hostname and port (never the request's
    Host); answers If-None-Match and If-Modified-Since with 304."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    offline = offline_response(request, site)
    if offline is not None:
        return offline
    response = render(
        request,
        "cms/sitemap.xml",
        {
            "entries": sitemap_entries(site=site, request=request),
            "default_language": settings.LANGUAGE_CODE,
        },
        content_type="application/xml; charset=utf-8",
    )
    return answer_conditionally(request, response)


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl rules of the request's site: everything but the admin and
    search results, and where its sitemap is.

    A deprovisioned agency's site answers 410 like all its addresses, and
    names no sitemap: crawlers read a robots.txt that is gone as "no rule",
    so they go on to its pages, find them gone (410) and drop them from
    their index, which ``Disallow: /`` would keep them from ever seeing."""
    site = Site.find_for_request(request)
    offline = site is not None and is_site_offline(site_id=site.pk)
    root_url = site.root_url if site else request.build_absolute_uri("/")[:-1]
    response = render(
        request,
        "cms/robots.txt",
        {
            "sitemap_url": None if offline else f"{root_url}/sitemap.xml",
            "language_codes": [code for code, _name in settings.LANGUAGES],
        },
        content_type="text/plain; charset=utf-8",
        status=410 if offline else 200,
    )
    return answer_conditionally(request, response)


def language_homes() -> list[LanguageVersion]:
    """The site's home in each language, for pages that exist in none."""
    return [
        LanguageVersion(
            language_code=code,
            name=capfirst(get_language_info(code)["name_local"]),
            url=f"/{code}/",
            full_url=None,
            is_current=False,
        )
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    ]


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page in the site's design and the language of the address."""
    return render(
        request,
        "404.html",
        {"language_versions": language_homes(), "request_path": request.path},
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, in the site's design when the site's frame is in the
    cache; it never reads the database, which may be what failed. A
    database outage raised before any view ran (in a middleware) gets the
    designed 503 instead (cms.outage)."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable_response(request)
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render(
            {"site_chrome": cached_site_chrome(request=request), "is_error_page": True},
            request,
        )
    )

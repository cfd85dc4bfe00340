"""Site-wide views of the citizen sites: sitemap.xml, robots.txt and the
error pages, in the site's design and language."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.text import capfirst
from django.utils.translation import get_language_info

from wagtail.models import Site

from cms.chrome import cached_site_chrome
from cms.models import LanguageVersion
from cms.site_status import offline_response
from cms.sitemaps import sitemap_entries


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """The sitemap of the request's site, every language in one file."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    offline = offline_response(request, site)
    if offline is not None:
        return offline
    return render(
        request,
        "cms/sitemap.xml",
        {
            "entries": sitemap_entries(site=site, request=request),
            "default_language": settings.LANGUAGE_CODE,
        },
        content_type="application/xml; charset=utf-8",
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl rules of the request's site: everything but the admin and
    search results, and where its sitemap is."""
    site = Site.find_for_request(request)
    root_url = site.root_url if site else request.build_absolute_uri("/")[:-1]
    return render(
        request,
        "cms/robots.txt",
        {
            "sitemap_url": f"{root_url}/sitemap.xml",
            "language_codes": [code for code, _name in settings.LANGUAGES],
        },
        content_type="text/plain; charset=utf-8",
    )


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
    cache; it never reads the database, which may be what failed."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render(
            {"site_chrome": cached_site_chrome(request=request), "is_error_page": True},
            request,
        )
    )

"""The portal's national pages: /<language>/<listing>/ on the bare domain,
and their RSS and Atom feeds. On an agency's site the same addresses are
that site's own pages, served by Wagtail."""

import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

from wagtail import hooks
from wagtail.models import Site
from wagtail.views import serve

from cms.caching.lifetime import limit_page_cache
from cms.contracts.portal import ListingQuery, NationalListing, national_listing
from cms.listings import query_string_without_page
from cms.models import PAGE_CONTEXT_HOOK, LanguageVersion
from cms.site_status import offline_response

FEED_SIZE = 30
FEEDS: dict[str, tuple[type[SyndicationFeed], str]] = {
    "rss": (Rss201rev2Feed, "application/rss+xml; charset=utf-8"),
    "atom": (Atom1Feed, "application/atom+xml; charset=utf-8"),
}


def _served_by_wagtail(request: HttpRequest, path: str) -> HttpResponse:
    """The page at ``path`` of the request's site, as Wagtail serves it."""
    response: HttpResponse = serve(request, path)
    return response


def _portal_listing(request: HttpRequest, slug: str) -> NationalListing | None:
    """The listing at ``slug`` when the request is for the portal's own
    site (the default site), else None."""
    site = Site.find_for_request(request)
    if site is None or not site.is_default_site:
        return None
    return national_listing(slug)


def listing(request: HttpRequest, slug: str) -> HttpResponse:
    """A national listing, filtered by the query's parameters."""
    found = _portal_listing(request, slug)
    if found is None:
        return _served_by_wagtail(request, f"{slug}/")
    site = Site.find_for_request(request)
    offline = offline_response(request, site)
    if offline is not None:
        return offline
    language_code = get_language()
    result = found.read(
        ListingQuery(language_code=language_code, params=request.GET, request=request)
    )
    if result.valid_until is not None:
        limit_page_cache(request, until=result.valid_until)
    structured = [entry.structured_data for entry in result.entries]
    context: dict[str, Any] = {
        "listing": found,
        "result": result,
        "groups": _grouped(result.entries),
        "is_filtered": any(item.is_active for item in result.filters),
        # The filters, kept by the links to the other pages.
        "query_string": query_string_without_page(request.GET),
        # The base template's JSON-LD slot.
        "schema_org": _json_ld([data for data in structured if data]),
        "language_versions": _language_versions(slug, language_code),
    }
    if site is not None:
        root = site.root_page.localized
        context["page"] = None
        for hook in hooks.get_hooks(PAGE_CONTEXT_HOOK):
            hook(page=root, request=request, context=context)
    return TemplateResponse(request, "portal/listing.html", context)


def feed(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The RSS or Atom feed of a national listing, newest first."""
    found = _portal_listing(request, slug)
    if found is None:
        return _served_by_wagtail(request, f"{slug}/{kind}/")
    if not found.has_feeds or kind not in FEEDS:
        raise Http404
    language_code = get_language()
    result = found.read(
        ListingQuery(
            language_code=language_code,
            params=request.GET,
            request=request,
            limit=FEED_SIZE,
        )
    )
    feed_class, content_type = FEEDS[kind]
    address = request.build_absolute_uri(f"/{language_code}/{slug}/")
    syndication = feed_class(
        title=str(found.title),
        link=address,
        description=str(found.description),
        language=language_code,
        feed_url=request.build_absolute_uri(),
    )
    for entry in result.entries:
        syndication.add_item(
            title=entry.title,
            link=entry.url,
            description=entry.summary,
            unique_id=entry.url,
            pubdate=entry.published,
            author_name=entry.agency or None,
        )
    response = HttpResponse(content_type=content_type)
    syndication.write(response, "utf-8")
    return response


def _grouped(entries: list[Any]) -> list[tuple[str, list[Any]]]:
    """Entries under their group headings, in their order."""
    groups: list[tuple[str, list[Any]]] = []
    for entry in entries:
        if not groups or groups[-1][0] != entry.group:
            groups.append((entry.group, []))
        groups[-1][1].append(entry)
    return groups


def _language_versions(slug: str, language_code: str) -> list[LanguageVersion]:
    return [
        LanguageVersion(
            language_code=code,
            name=capfirst(get_language_info(code)["name_local"]),
            url=f"/{code}/{slug}/",
            full_url=None,
            is_current=code == language_code,
        )
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    ]


def _json_ld(items: list[dict[str, Any]]) -> SafeString | str:
    """The entries' JSON-LD as one graph, escaped to sit inside <script>."""
    if not items:
        return ""
    text = json.dumps(
        {"@context": "https://schema.org", "@graph": items},
        ensure_ascii=False,
        default=str,
    )
    for character in "<>&":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return mark_safe(text)  # noqa: S308 - escaped for <script> just above

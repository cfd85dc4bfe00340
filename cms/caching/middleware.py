"""Serve anonymous pages from the cache, without touching the database.

The key is decided from the request alone (host, path with its language
prefix) and the generation tokens of the host and of every site, all read in
one round trip to the cache (with the next expiry time of a page: once it
has come, every generation is renewed, see ``expiry``). Requests that could
see anything personal bypass the cache: any method but GET, a session cookie
(a logged-in editor), a path outside the language prefixes, a query string
(except on the paths of ``PAGE_CACHE_QUERY_PARAMETERS``, such as the search
page, whose answers are kept by their parameters, each given once, in a
canonical order: any other parameter bypasses).
A response is stored only when nothing in it is personal: a 200 that sets no
cookie, used no CSRF token, does not vary on cookies and is not marked
private, served for the exact hostname of its site.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.cache import (  # type: ignore[attr-defined]  # cc_delim_re: private
    cc_delim_re,
    get_conditional_response,
    get_max_age,
    patch_cache_control,
)
from django.utils.http import parse_http_date_safe

from wagtail.models import Site

from .conditional import content_etag
from .expiry import read_generations_at
from .generations import Generations, read_generations
from .lifetime import page_cache_seconds

STATUS_HEADER = "X-Page-Cache"
# Headers that belong to one response only, or are added again on the way out.
_NOT_STORED = {"set-cookie", "x-page-cache", "date"}


@dataclass(frozen=True)
class CachedPage:
    """A stored response and the generations it was rendered under."""

    generations: Generations
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str


def cacheable_prefixes() -> tuple[str, ...]:
    """Paths that may be cached: every page under a language prefix, and
    the site-wide files that search engines read."""
    return (
        *(f"/{code}/" for code, _name in settings.LANGUAGES),
        *settings.PAGE_CACHE_EXTRA_PATHS,
    )


class PageCacheMiddleware:
    """Whole-response cache for anonymous visitors (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = cacheable_prefixes()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        hostname = self.cacheable_hostname(request)
        address = cached_address(request)
        if hostname is None or address is None:
            return self.get_response(request)
        key = entry_key(hostname, address)
        generations, (entry,) = read_generations_at(
            hostname, extra_keys=(key,), now=timezone.now()
        )
        if entry is not None and entry.generations == generations:
            return self.from_cache(request, entry)
        if generations is None:
            # No token yet (first request, or lost from the cache): only a
            # site's own hostname gets them, so other hosts leave no key.
            if hostname not in site_hostnames():
                return self.get_response(request)
            generations, _values = read_generations(hostname, create=True)
        response = self.get_response(request)
        if generations is not None and self.storable(request, response, hostname):
            self.store(request, response, key, generations)
        return response

    def cacheable_hostname(self, request: HttpRequest) -> str | None:
        """The hostname to key on, or None when this request bypasses."""
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or request.method != "GET"
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not request.path.startswith(self.prefixes)
        ):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # let the view refuse it as usual
        return split_domain_port(host)[0]

    def from_cache(self, request: HttpRequest, entry: CachedPage) -> HttpResponse:
        response = HttpResponse(entry.content, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        # A 304 without a body when the client's copy is current: by ETag,
        # or by date for the responses that carry one (feeds, sitemaps).
        conditional = get_conditional_response(
            request,
            etag=entry.etag,
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
        # Django gives back ``response`` itself unless it answers 304 or 412.
        if conditional is not None:
            response = conditional
        response[STATUS_HEADER] = "hit"
        return response

    def storable(
        self, request: HttpRequest, response: HttpResponse, hostname: str
    ) -> bool:
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or request.META.get("CSRF_COOKIE_USED")
        ):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        if get_max_age(response) == 0:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
        if "cookie" in vary or "*" in vary:
            return False
        # Only for the site's own hostname: hosts that fall back to the
        # default site are not invalidated with it.
        site = Site.find_for_request(request)
        return site is not None and site.hostname == hostname

    def store(
        self,
        request: HttpRequest,
        response: HttpResponse,
        key: str,
        generations: Generations,
    ) -> None:
        seconds = page_cache_seconds(request, now=timezone.now())
        if seconds <= 0:
            return
        etag = content_etag(response.content)
        response["ETag"] = etag
        # Browsers may keep a copy but must ask again each time: an unchanged
        # page then costs a 304, not the whole page. A cache tier in front
        # (EDGE_CACHE_SECONDS) may serve it for as long as it is cached here,
        # banned with it when it changes (cms.caching.edge).
        edge_seconds = min(settings.EDGE_CACHE_SECONDS, seconds)
        if edge_seconds > 0:
            patch_cache_control(
                response, max_age=0, must_revalidate=True, s_maxage=edge_seconds
            )
        else:
            patch_cache_control(response, no_cache=True)
        headers = tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in _NOT_STORED
        )
        cache.set(
            key,
            CachedPage(
                generations=generations,
                status=response.status_code,
                headers=headers,
                content=response.content,
                etag=etag,
            ),
            seconds,
        )
        response[STATUS_HEADER] = "miss"


def site_hostnames() -> set[str]:
    """Hostnames of every site, from Wagtail's cached list of site roots (a
    query only when that list is not cached, on a request that misses)."""
    return {
        split_domain_port(urlsplit(root.root_url).netloc)[0]
        for root in Site.get_site_root_paths()
    }


def cached_address(request: HttpRequest) -> str | None:
    """The path a response is kept under: the path alone, or on the paths
    of ``PAGE_CACHE_QUERY_PARAMETERS`` (after the language prefix) the path
    and its known parameters in a canonical order; None when the request
    has a query string the cache does not keep answers for (another
    parameter, one given twice)."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return request.path
    after_language = request.path.split("/", 2)[-1]
    known = settings.PAGE_CACHE_QUERY_PARAMETERS.get(after_language)
    if not known:
        return None
    # Decoded as the view reads them (however the client encoded them).
    given = dict(request.GET.lists())
    if not set(given) <= set(known) or any(len(v) != 1 for v in given.values()):
        return None
    canonical = urlencode(sorted((name, values[0]) for name, values in given.items()))
    return f"{request.path}?{canonical}"


def entry_key(hostname: str, path: str) -> str:
    digest = hashlib.sha256(f"{hostname}\n{path}".encode()).hexdigest()
    return f"pagecache:page:{digest}"

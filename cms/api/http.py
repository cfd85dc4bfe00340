"""HTTP behaviour of the headless APIs (/api/v1/ and Wagtail's /api/v2/):
validators and conditional answers, shared caching, CORS for the portal's
origins, gzip, and JSON errors even for addresses no endpoint matches."""

import functools
import hashlib
from collections.abc import Callable
from datetime import datetime, time
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string
from django.utils.translation import gettext as _

from cms.caching import content_changed_at

from . import cache as api_cache
from .errors import error_response

CACHE_CONTROL = "public, max-age=60"
# Smaller bodies are not worth a gzip header.
GZIP_MIN_LENGTH = 200
CORS_EXPOSED = "ETag, Last-Modified"
#: Characters of a query string kept as they are in a redirect's Location.
QUERY_SAFE = "/?&=%+:;,@!$'()*[]~"
#: What every address of the APIs answers: reads, HEAD as GET, and OPTIONS.
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def last_modified() -> float:
    """Last-Modified of every API answer: the last change of public content,
    or the start of today in Dushanbe if later (a competition's status turns
    at midnight there)."""
    zone = timezone.get_default_timezone()  # Asia/Dushanbe
    midnight = datetime.combine(timezone.localdate(), time(), zone)
    return max(content_changed_at(), midnight.timestamp())


class HeadlessApiMiddleware:
    """Applies to paths under ``settings.HEADLESS_API_PREFIXES``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(settings.HEADLESS_API_PREFIXES)
        self.origins = frozenset(settings.PORTAL_API_CORS_ORIGINS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.prefixes):
            return self.get_response(request)
        # HEAD is answered as GET, with the same headers and no body.
        is_head = request.method == "HEAD"
        if is_head:
            request.method = "GET"
        compressed: bytes | None = None
        if self._is_preflight(request) or (
            request.method == "OPTIONS" and is_endpoint(request.path_info)
        ):
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = (
                "If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
        else:
            lookup, entry = self._cache_lookup(request)
            if entry is not None:
                response = self._from_cache(request, entry)
                compressed = entry.gzipped
            else:
                response, compressed = self._answer(request, lookup)
        self._cors(request, response)
        response = self._gzip(request, response, compressed)
        if is_head and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    def _cache_lookup(
        self, request: HttpRequest
    ) -> tuple[api_cache.Lookup | None, api_cache.CachedAnswer | None]:
        """What the API's cache knows of this request (see
        :mod:`cms.api.cache`): nothing for requests it does not apply to,
        nor for a host the view would refuse."""
        if not (api_cache.enabled() and api_cache.applies_to(request)):
            return None, None
        try:
            request.get_host()
        except DisallowedHost:
            return None, None
        return api_cache.begin(request)

    def _answer(
        self, request: HttpRequest, lookup: api_cache.Lookup | None
    ) -> tuple[HttpResponse, bytes | None]:
        """The answer of the endpoint (or of the cache, through a cached
        view that found an equivalent query's), and its gzipped body when
        it was compressed to be stored."""
        if request.method not in ("GET", "OPTIONS") and is_endpoint(request.path_info):
            # Every endpoint only reads (openapi.json and the docs
            # included, which would otherwise answer any method).
            response = HttpResponse(status=405)
        else:
            if lookup is not None:
                request.api_cache = lookup  # type: ignore[attr-defined]  # read by cached views
            response = self.get_response(request)
        if response.status_code >= 400:
            language = translation.get_language_from_request(request)
            with translation.override(language):
                response = self._json_errors(response)
        if request.method != "GET" or response.status_code != 200:
            response["Cache-Control"] = "no-store"
            return response, None
        if response.streaming:
            return response, None
        if lookup is not None and lookup.found is not None:
            # A cached view found an equivalent query's answer.
            api_cache.learn(lookup)
            return self._from_cache(request, lookup.found), lookup.found.gzipped
        etag, modified = self._stamp(response)
        compressed = None
        if lookup is not None and lookup.canonical is not None and modified is not None:
            compressed = compressed_body(response.content)
            stored = api_cache.remember(
                lookup,
                response,
                etag=etag,
                last_modified=modified,
                gzipped=compressed,
            )
            if stored is not None:
                response[api_cache.STATUS_HEADER] = "miss"
        return self._conditional(request, response, etag, modified), compressed

    def _from_cache(
        self, request: HttpRequest, entry: api_cache.CachedAnswer
    ) -> HttpResponse:
        response = api_cache.answer_from(entry)
        response = self._conditional(request, response, entry.etag, entry.last_modified)
        response[api_cache.STATUS_HEADER] = "hit"
        return response

    def _is_preflight(self, request: HttpRequest) -> bool:
        return (
            request.method == "OPTIONS"
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
        )

    def _json_errors(self, response: HttpResponse) -> HttpResponse:
        """Errors raised outside an endpoint (no such address, a method not
        allowed) in the API's one error shape."""
        if response.status_code < 400 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        if response.status_code == 404:
            return error_response(404, "not_found", _("No such address in the API."))
        if response.status_code == 405:
            replaced = error_response(
                405, "method_not_allowed", _("Only reads are allowed: use GET.")
            )
            replaced["Allow"] = ALLOWED_METHODS
            return replaced
        return response

    def _stamp(self, response: HttpResponse) -> tuple[str, int | None]:
        """Give a 200 its validators and caching headers; returns them (no
        date when the endpoint chose its own caching)."""
        digest = hashlib.sha256(response.content).hexdigest()[:32]
        # Weak: the same entity is also sent gzipped, byte for byte different.
        etag = f'W/"{digest}"'
        response["ETag"] = etag
        patch_vary_headers(response, ("Accept-Encoding",))
        if response.has_header("Cache-Control"):
            # The endpoint chose its own caching: the change feed (which the
            # last change of content does not date: its ETag alone validates
            # it), content health's findings for an agency's staff (private).
            return etag, None
        modified = int(last_modified())
        response["Last-Modified"] = http_date(modified)
        response["Cache-Control"] = CACHE_CONTROL
        return etag, modified

    def _conditional(
        self,
        request: HttpRequest,
        response: HttpResponse,
        etag: str,
        modified: int | None,
    ) -> HttpResponse:
        conditional = get_conditional_response(
            request, etag=etag, last_modified=modified, response=response
        )
        # Django gives back ``response`` itself unless it answers 304 or 412.
        return conditional if conditional is not None else response

    def _cors(self, request: HttpRequest, response: HttpResponse) -> None:
        patch_vary_headers(response, ("Origin",))
        origin = request.headers.get("Origin")
        if origin and origin in self.origins:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = CORS_EXPOSED

    def _gzip(
        self,
        request: HttpRequest,
        response: HttpResponse,
        compressed: bytes | None = None,
    ) -> HttpResponse:
        """The body gzipped when the client accepts it (``compressed``: the
        body already gzipped, by the cache)."""
        if (
            response.streaming
            or response.has_header("Content-Encoding")
            or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
        ):
            return response
        if compressed is None or response.status_code != 200:
            compressed = compressed_body(response.content)
        if compressed is None:
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = "gzip"
        return response


def compressed_body(content: bytes) -> bytes | None:
    """``content`` gzipped, or None when that is not worth it."""
    if len(content) < GZIP_MIN_LENGTH:
        return None
    compressed = compress_string(content)
    return compressed if len(compressed) < len(content) else None


def is_endpoint(path: str) -> bool:
    """Whether an endpoint of the APIs answers ``path`` (not the 404 of
    :func:`unknown_address`)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.func is not unknown_address


def unknown_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any address under /api/ that no endpoint answers: a 308 to the
    endpoint's canonical address (with its final slash, the query string
    kept) when only the slash is missing, otherwise a JSON 404."""
    if not request.path_info.endswith("/") and is_endpoint(f"{request.path_info}/"):
        target = f"{request.path}/"
        if query_string := request.META.get("QUERY_STRING", ""):
            # As received (WSGI hands its bytes over as latin-1), non-ASCII
            # bytes escaped.
            target += "?" + quote(query_string.encode("latin-1"), safe=QUERY_SAFE)
        response = HttpResponse(status=308)
        response["Location"] = target
        return response
    return error_response(404, "not_found", _("No such address in the API."))


@functools.cache
def _unprefixed() -> tuple[str, ...]:
    """Where addresses never take a language prefix: the headless APIs and
    the admin (which speaks each editor's own language)."""
    return (*settings.HEADLESS_API_PREFIXES, reverse("wagtailadmin_home"))


class LocaleMiddlewareOutsideApis(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 of an API or of the
    admin stays a 404: the stock one redirects it to a language-prefixed
    address, which the page tree's catch-all route would answer with a
    citizen page (an editor asking for another agency's page, or one
    deleted, would land on a site's "not found" instead of the admin's)."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path.startswith(_unprefixed()):
            return response
        return super().process_response(request, response)

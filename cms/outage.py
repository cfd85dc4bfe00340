"""A designed answer when the database cannot be reached.

While PostgreSQL restarts (or a network partition cuts it off) every request
that needs it fails with ``OperationalError`` or ``InterfaceError``. Instead
of the 500 page, such a request gets a 503 with ``Retry-After``: the page
"temporarily unavailable" in the site's design when its frame is in the cache
(the database is never read for it), or the APIs' JSON error under
``settings.HEADLESS_API_PREFIXES``. A cache in front (Varnish) treats a 503 as
a reason to serve its stale copy, and clients know to come back.

Errors raised by a view reach :class:`DatabaseOutageMiddleware`; errors raised
by a middleware before any view runs reach ``handler500``
(:func:`cms.views.server_error`), which answers the same way.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

from cms.api.errors import UNAVAILABLE_RETRY_AFTER, error_response
from cms.chrome import cached_site_chrome

logger = logging.getLogger(__name__)

#: Seconds a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = UNAVAILABLE_RETRY_AFTER


def is_database_outage(error: BaseException | None) -> bool:
    """Whether ``error`` means the database could not be reached or could
    not answer (a connection refused or lost, a server shutting down)."""
    return isinstance(error, OperationalError | InterfaceError)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 for ``request``: JSON under the APIs, the HTML page elsewhere."""
    if request.path.startswith(tuple(settings.HEADLESS_API_PREFIXES)):
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response: HttpResponse = error_response(
                503,
                "unavailable",
                _("The service is temporarily unavailable. Try again shortly."),
            )
    else:
        # In the address's language: the error may have come before
        # LocaleMiddleware activated it.
        language = translation.get_language_from_path(
            request.path_info
        ) or translation.get_language_from_request(request)
        with translation.override(language):
            template = loader.get_template("503.html")
            response = HttpResponse(
                template.render(
                    {
                        "site_chrome": cached_site_chrome(request=request),
                        "is_error_page": True,
                    },
                    request,
                ),
                status=503,
            )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Turns a view's database outage error into the designed 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not is_database_outage(exception):
            return None
        logger.warning(
            "database unavailable, answered 503: %s %s: %s",
            request.method,
            request.path,
            exception,
        )
        return database_unavailable_response(request)

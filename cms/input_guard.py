"""The one boundary where text from an address enters the platform.

A query parameter (name or value) that is not valid UTF-8 or holds a control
character (NUL among them: PostgreSQL refuses it in any text) never reaches
a view, a form or a query:

- under the headless APIs (``settings.HEADLESS_API_PREFIXES``) it is a 400 in
  the APIs' error shape, naming the parameter;
- on the citizen sites and the admin the parameter is dropped, as any filter
  with a value it does not know is ignored: the page is served unfiltered.

A path holding a control character names no page: a 404.
"""

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from cms.api.errors import error_response

#: C0 controls (NUL, tab and line breaks among them), DEL and C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _decoded(raw: bytes) -> str | None:
    """A query string field as text (``+`` is a space), or None when it is
    not valid UTF-8 (lone surrogates included) or holds a control character."""
    try:
        text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if CONTROL_CHARACTERS.search(text) else text


def split_query_string(query_string: bytes) -> tuple[list[bytes], list[str]]:
    """The fields of a raw query string that are readable text, and the names
    of those that are not (as well as a broken name can be shown)."""
    kept: list[bytes] = []
    refused: list[str] = []
    for field in query_string.split(b"&"):
        if not field:
            continue
        raw_name, _equals, raw_value = field.partition(b"=")
        name = _decoded(raw_name)
        if name is not None and _decoded(raw_value) is not None:
            kept.append(field)
            continue
        shown = unquote_to_bytes(raw_name.replace(b"+", b" ")).decode(
            "utf-8", errors="replace"
        )
        refused.append(CONTROL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", shown))
    return kept, refused


class InputGuardMiddleware:
    """Refuses (APIs) or drops (pages) unreadable query parameters; a 404 for
    a path with control characters."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.api_prefixes = tuple(settings.HEADLESS_API_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path.startswith(self.api_prefixes)
        if CONTROL_CHARACTERS.search(request.path):
            if is_api:
                with translation.override(_request_language(request)):
                    return error_response(
                        404, "not_found", _("No such address in the API.")
                    )
            raise Http404
        query_string = request.META.get("QUERY_STRING", "")
        if not query_string:
            return self.get_response(request)
        # WSGI and ASGI hand the query string over as latin-1 text of its bytes.
        kept, refused = split_query_string(query_string.encode("latin-1", "replace"))
        if not refused:
            return self.get_response(request)
        if is_api:
            with translation.override(_request_language(request)):
                return error_response(
                    400,
                    "invalid_parameter",
                    _("%(param)s must be text without control characters, in UTF-8.")
                    % {"param": refused[0]},
                    refused[0],
                )
        request.META["QUERY_STRING"] = b"&".join(kept).decode("latin-1")
        # Read again from the cleaned query string if it was read already.
        request.__dict__.pop("GET", None)
        return self.get_response(request)


def _request_language(request: HttpRequest) -> str:
    return translation.get_language_from_request(request)

"""Errors of the portal API: always JSON of one shape,
``{"error": {"code": ..., "message": ..., "param": ...}}``."""

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from .responses import Out

logger = logging.getLogger(__name__)


class ErrorDetail(Out):
    """What went wrong, and which parameter caused it (null if none)."""

    code: str
    message: str
    param: str | None = None


class ErrorBody(Out):
    """The body of every error response."""

    error: ErrorDetail


#: Seconds a client is asked to wait after a 503 (the database unreachable).
UNAVAILABLE_RETRY_AFTER = 10

#: The error answers every endpoint documents besides its 200.
ERROR_RESPONSES = {400: ErrorBody, 404: ErrorBody, 503: ErrorBody}


class ApiError(Exception):
    """An error to answer with its status and the one error shape."""

    def __init__(
        self, status: int, code: str, message: str, param: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.param = param


def bad_parameter(param: str, message: str) -> ApiError:
    return ApiError(400, "invalid_parameter", message, param)


def not_found(message: str | None = None) -> ApiError:
    return ApiError(404, "not_found", message or _("No such item."))


def error_response(
    status: int, code: str, message: str, param: str | None = None
) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, "param": param}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _parameter_of(location: Sequence[int | str]) -> str | None:
    """The parameter a pydantic error location points at: the innermost
    name, so ``("query", "filters", "agency", 0)`` (the first value of
    ``agency`` in the schema ninja calls ``filters``) is ``agency``."""
    names = [part for part in location[1:] if isinstance(part, str)]
    return names[-1] if names else None


def _validation_message(error: Mapping[str, Any], param: str | None) -> str:
    """A translated message for every mistake: pydantic's own messages are
    English, so none of them is ever shown."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    values = {
        "param": param or "?",
        **{key: str(value) for key, value in context.items()},
    }
    if kind == "missing":
        return _("%(param)s is required.") % values
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        bound = (
            values.get("le") or values.get("ge") or values.get("lt") or values.get("gt")
        )
        values["bound"] = str(bound)
        if kind.startswith("less"):
            return _("%(param)s must be at most %(bound)s.") % values
        return _("%(param)s must be at least %(bound)s.") % values
    if kind in ("literal_error", "enum"):
        # pydantic lists them as "'tg', 'ru' or 'en'": no English "or".
        choices = re.findall(r"'([^']*)'", values.get("expected", ""))
        values["expected"] = ", ".join(choices) or values.get("expected", "")
        return _("%(param)s must be one of: %(expected)s.") % values
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("%(param)s must be a whole number.") % values
    if kind.startswith(("date_", "datetime_")) or kind == "iso_date":
        return _("%(param)s must be a date (YYYY-MM-DD).") % values
    if kind.startswith("bool_"):
        return _("%(param)s must be true or false.") % values
    if kind in ("string_too_long", "too_long"):
        return _("%(param)s is too long (at most %(max_length)s characters).") % values
    if kind in ("string_too_short", "too_short"):
        return _("%(param)s must not be empty.") % values
    if kind == "string_pattern_mismatch":
        return _("%(param)s must be a slug: Latin letters, digits and dashes.") % values
    if kind == "control_characters":
        return (
            _("%(param)s must be text without control characters, in UTF-8.") % values
        )
    return _("%(param)s has an invalid value.") % values


def install_handlers(api: NinjaAPI) -> None:
    """Answer every failure of ``api`` with the one error shape."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.code, exc.message, exc.param)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        param = _parameter_of(first.get("loc", ()))
        return error_response(
            400, "invalid_parameter", _validation_message(first, param), param
        )

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", _("No such item."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(exc.status_code, "http_error", str(exc))

    @api.exception_handler(Exception)
    def failure(request: HttpRequest, exc: Exception) -> HttpResponse:
        if isinstance(exc, OperationalError | InterfaceError):
            logger.warning("Portal API: database unavailable: %s", exc)
            unavailable = error_response(
                503,
                "unavailable",
                _("The service is temporarily unavailable. Try again shortly."),
            )
            # As cms.outage answers outside the portal API's endpoints.
            unavailable["Retry-After"] = str(UNAVAILABLE_RETRY_AFTER)
            return unavailable
        if isinstance(exc, DatabaseError):
            logger.exception("Portal API: database error")
        else:
            logger.exception("Portal API: unexpected error")
        return error_response(
            500, "server_error", _("Something went wrong on our side.")
        )

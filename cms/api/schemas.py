"""Schemas shared by every endpoint of the portal API."""

import re
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ninja import Field, Path, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .responses import Out

if TYPE_CHECKING:  # built from the settings at run time: a str to mypy
    Language = str
else:
    Language = Literal[
        tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)
    ]

MAX_LIMIT = 100
# Dates the filters accept: wide enough for any content, narrow enough that
# converting them between time zones never overflows.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
# Page ids are PostgreSQL integers.
MAX_PAGE_ID = 2**31 - 1
DEFAULT_LIMIT = 20


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _printable(value: str) -> str:
    # cms.input_guard refuses these before any view; kept for text that
    # reaches a schema another way.
    if CONTROL_CHARACTERS.search(value):
        raise PydanticCustomError("control_characters", "control characters")
    return value


def _iso_date(value: Any) -> Any:
    """Only a calendar date as ISO 8601 writes it (YYYY-MM-DD): pydantic
    would also read a number as seconds since 1970."""
    if isinstance(value, date) or (
        isinstance(value, str) and ISO_DATE.fullmatch(value)
    ):
        return value
    raise PydanticCustomError("iso_date", "not a date (YYYY-MM-DD)")


def _within_dates(value: date) -> date:
    if value < EARLIEST:
        raise PydanticCustomError(
            "greater_than_equal", "too early", {"ge": EARLIEST.isoformat()}
        )
    if value > LATEST:
        raise PydanticCustomError(
            "less_than_equal", "too late", {"le": LATEST.isoformat()}
        )
    return value


#: Free text from a query string: no control characters (PostgreSQL refuses
#: NUL), as the published pattern says.
Text = Annotated[
    str,
    AfterValidator(_printable),
    Field(json_schema_extra={"pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"}),
]
Slug = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,100}$")]
#: A list's cursor: base64url, as next_cursor gives it; what it encodes is
#: checked when it is decoded (cms.api.pagination), with its own message.
Cursor = Annotated[
    str,
    AfterValidator(_printable),
    Field(json_schema_extra={"pattern": "^[A-Za-z0-9_-]*$"}),
]
#: A date parameter: YYYY-MM-DD only, from 1900 to 2999, as published.
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    AfterValidator(_within_dates),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": "^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$",
        }
    ),
]
#: A time of day at an office, local (Asia/Dushanbe, no daylight saving):
#: ``"08:00"``. Written without an offset, as a time zone's clocks read, so
#: declared a pattern, not ``format: time`` (RFC 3339 requires an offset).
LocalTime = Annotated[
    time,
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d$",
            "description": "Local time in Dushanbe, 24-hour HH:MM.",
            "examples": ["08:00"],
        }
    ),
]


class ListFilters(Schema):
    """Parameters of every list endpoint."""

    agency: list[Slug] = Field(
        default=[],
        description="Only these agencies (slug; repeat the parameter for several).",
    )
    locale: Language = Field(
        default=settings.LANGUAGE_CODE,
        description=(
            "Language of names and text. An item missing in it is served in "
            "Tajik, then Russian, then English, with is_fallback true."
        ),
    )
    limit: int = Field(
        default=DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"Items per page, at most {MAX_LIMIT}.",
    )
    cursor: Cursor | None = Field(
        default=None,
        max_length=500,
        description="The next_cursor of the previous page (opaque).",
    )


class DetailParams(Schema):
    """Parameters of every detail endpoint."""

    locale: Language | None = Field(
        default=None,
        description="Serve this language of the item (with fallback); "
        "default: the language of the page with this id.",
    )


class TextFilter(Schema):
    q: Text | None = Field(
        default=None,
        max_length=200,
        description="Free text, matched against titles and summaries.",
    )


class DateFilters(Schema):
    since: IsoDate | None = Field(
        default=None, description="On or after this date (YYYY-MM-DD)."
    )
    until: IsoDate | None = Field(
        default=None, description="On or before this date (YYYY-MM-DD)."
    )

    def published_within(self) -> Q:
        """Pages last published between ``since`` and ``until`` (inclusive
        days in Dushanbe), as bounds the planner can compare to an index."""
        zone = timezone.get_default_timezone()
        condition = Q()
        if self.since:
            start = datetime.combine(self.since, time(), zone)
            condition &= Q(last_published_at__gte=start)
        if self.until:
            end = datetime.combine(self.until, time.max, zone)
            condition &= Q(last_published_at__lte=end)
        return condition


class AgencyRef(Out):
    """The agency an item belongs to."""

    slug: str
    name: str = Field(description="Official name in the requested language.")


class ItemBase(Out):
    """What every content item carries: where it is, in which languages."""

    id: int = Field(description="Page id of the translation served.")
    translation_key: str = Field(description="Shared by every translation of the item.")
    title: str
    url: str = Field(description="Address of the page on the agency's site.")
    locale: str = Field(description="Language served.")
    is_fallback: bool = Field(
        description="True when the requested language was missing."
    )
    locales: list[str] = Field(description="Languages the item is published in.")
    agency: AgencyRef
    last_published_at: datetime | None


class ListPage(Out):
    next_cursor: str | None = Field(
        description="Pass as cursor for the next page; null on the last page."
    )


#: The id of a page in an address: a 400 beyond what the database holds.
PageId = Annotated[int, Path(ge=1, le=MAX_PAGE_ID)]

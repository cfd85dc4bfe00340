"""Cursor (keyset) pagination: a page ends where the next one starts, in a
stable order, so items published meanwhile never shift or repeat a page."""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .errors import bad_parameter


@dataclass(frozen=True)
class Keyset:
    """An order on unique keys: ``fields`` (the last one unique) all
    ascending or all descending, with the parsers that read a cursor's
    values back."""

    fields: tuple[str, ...]
    parsers: tuple[Callable[[Any], Any], ...]
    descending: bool = False

    def order_by(self) -> list[str]:
        sign = "-" if self.descending else ""
        return [f"{sign}{field}" for field in self.fields]

    def after(self, values: Sequence[Any]) -> Q:
        """Rows strictly after the row with these key values."""
        beyond = "lt" if self.descending else "gt"
        condition = Q()
        for position, field in enumerate(self.fields):
            equal = {name: values[i] for i, name in enumerate(self.fields[:position])}
            step = Q(**equal, **{f"{field}__{beyond}": values[position]})
            condition = step if position == 0 else condition | step
        return condition


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_plain(value) for value in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def decode_cursor(cursor: str, keyset: Keyset) -> list[Any]:
    """The key values a cursor carries; a 400 naming ``cursor`` when it was
    not made by this endpoint."""
    invalid = bad_parameter(
        "cursor", _("Invalid cursor: use the next_cursor of a previous response.")
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        raise invalid from None
    if not isinstance(values, list) or len(values) != len(keyset.fields):
        raise invalid
    try:
        return [
            parse(value) for parse, value in zip(keyset.parsers, values, strict=True)
        ]
    except (TypeError, ValueError, OverflowError):
        raise invalid from None


def cursor_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(value)
    if not -(2**31) <= value < 2**31:  # the database's integers
        raise OverflowError(value)
    return value


def cursor_text(value: Any) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise TypeError(value)
    return value


def cursor_date(value: Any) -> date:
    return date.fromisoformat(cursor_text(value))


@dataclass(frozen=True)
class KeysetPage:
    rows: list[dict[str, Any]]
    next_cursor: str | None


def keyset_page(
    queryset: QuerySet[Any],
    *,
    keyset: Keyset,
    cursor: str | None,
    limit: int,
    fields: Sequence[str],
) -> KeysetPage:
    """``limit`` rows (as dicts of ``fields``) after the cursor, and the
    cursor of the next page (None on the last). One query."""
    if cursor:
        queryset = queryset.filter(keyset.after(decode_cursor(cursor, keyset)))
    columns = list(dict.fromkeys([*fields, *keyset.fields]))
    rows = list(queryset.order_by(*keyset.order_by()).values(*columns)[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1][field] for field in keyset.fields])
    return KeysetPage(rows=rows, next_cursor=next_cursor)

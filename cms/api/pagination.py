"""Cursor (keyset) pagination: a page ends where the next one starts, in a
stable order, so items published meanwhile never shift or repeat a page."""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db import connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
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
    prepared: bool = False,
) -> KeysetPage:
    """``limit`` rows (as dicts of ``fields``) after the cursor, and the
    cursor of the next page (None on the last). One query (``prepared``: a
    statement PostgreSQL plans once per connection, see
    :func:`prepared_values`)."""
    if cursor:
        queryset = queryset.filter(keyset.after(decode_cursor(cursor, keyset)))
    columns = list(dict.fromkeys([*fields, *keyset.fields]))
    listed = queryset.order_by(*keyset.order_by()).values(*columns)[: limit + 1]
    rows = prepared_values(listed) if prepared else list(listed)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1][field] for field in keyset.fields])
    return KeysetPage(rows=rows, next_cursor=next_cursor)


def prepared_values(queryset: QuerySet[Any]) -> list[dict[str, Any]]:
    """The rows of a ``values()`` queryset, as a statement PostgreSQL parses
    and plans once per connection and then only executes.

    A list's statement carries the public scope's conditions (a subquery per
    fallback language, the restricted and offline trees): parsing and
    planning it took PostgreSQL as long as running it. Its parameters are
    bound on the server (psycopg prepares what a server-binding cursor runs,
    ``prepare_threshold`` in ``settings/base.py``; Django's own cursors bind
    on the client and prepare nothing); it still goes through Django's
    cursor wrapper, so its errors, time limits and query log are the same.
    Elsewhere (SQLite) the queryset's own rows."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return list(queryset)
    import psycopg

    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    with connection.cursor() as cursor:
        client_bound = cursor.cursor
        cursor.cursor = psycopg.Cursor(connection.connection)
        try:
            if isinstance(cursor, CursorDebugWrapper):
                # A server-binding cursor does not tell the statement it ran
                # (the query log would read None): logged as the client
                # would have sent it.
                logged = cast(Any, connection.ops).compose_sql(sql, params)
                with cursor.debug_sql(logged):
                    CursorWrapper.execute(cursor, sql, params)
            else:
                cursor.execute(sql, params)
            fetched = cursor.fetchall()
        finally:
            cursor.cursor.close()
            cursor.cursor = client_bound
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    rows = compiler.results_iter([fetched])
    return [dict(zip(names, row, strict=True)) for row in rows]

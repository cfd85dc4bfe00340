"""Raw-SQL baselines of the portal API: each view answers with one
hand-written SQL statement and ``json.dumps``, returning the rows, fields and
order that /api/v1/ returns for the same parameters (``bench/api_latency.py``
checks that the two answers are equal before measuring them).

The same filters as the API: live, not expired, under no view restriction
(a restricted page, or the source of an alias, whose path is a prefix of the
row's), in the tree of an online agency, one translation per item (the
requested language, else the first public one of the fallback order), in
the same keyset order. Only the parameters the benchmark uses are read:
``locale``, ``limit``, ``agency`` (repeatable) and, for search, ``q``. The
bench dataset has no images or document forms, so the views do not read
them.

The statements are written so that PostgreSQL can walk an index in the
list's order and stop after ``limit`` rows: every filter is checked per row
through an index (a view restriction by equality on the row's own path
prefixes; the agency trees by excluding the trees that are not online, or,
for given agencies, by a range scan of their trees' paths). Search starts
from the pages whose title or text contains ``q``: the ids matching each
column, read from its trigram index, united, as the API does.
"""

import base64
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import HttpRequest, HttpResponse

from wagtail.rich_text import expand_db_html

LANGUAGES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def public(page: str) -> str:
    """SQL: the page aliased ``page`` is live, unexpired, and under no view
    restriction, on itself, an ancestor or an alias's source among them."""
    return f"""{page}.live AND NOT {page}.expired
        AND ({page}.expire_at IS NULL OR {page}.expire_at > now())
        AND NOT EXISTS (
            SELECT 1 FROM wagtailcore_page ancestor
            JOIN wagtailcore_pageviewrestriction vr
                ON vr.page_id IN (ancestor.id, ancestor.alias_of_id)
            WHERE ancestor.path = ANY(ARRAY(
                SELECT substr({page}.path, 1, 4 * level)
                FROM generate_series(1, {page}.depth) level
            ))
        )"""


# Home pages (one per language) of the sites of online agencies.
HOMES = """
    home AS (
        SELECT h.path, h.url_path, hl.language_code, a.slug, a.names,
            CASE s.port
                WHEN 80 THEN 'http://' || s.hostname
                WHEN 443 THEN 'https://' || s.hostname
                ELSE 'http://' || s.hostname || ':' || s.port
            END AS root_url
        FROM agency_sites_agency a
        JOIN wagtailcore_site s ON s.id = a.site_id
        JOIN wagtailcore_page r ON r.id = s.root_page_id
        JOIN wagtailcore_page h ON h.depth = 2 AND h.translation_key = r.translation_key
        JOIN wagtailcore_locale hl ON hl.id = h.locale_id
        WHERE a.deprovisioned_at IS NULL
    )"""

# Where the rows come from. All agencies: every page of the type (in the
# list's order, where an index or a sort of the type's table alone gives
# it), minus the trees that are not online agencies' (a negative test, which
# the planner does not mistake for a selective one, so it walks the rows in
# order and stops at the limit). Given agencies: a range scan of each of
# their trees (paths are in the C collation, where "~" sorts after every
# path character), fenced by OFFSET 0 so that the planner does not walk the
# whole type in order instead.
ALL_AGENCIES = """
    FROM {rows}
    JOIN wagtailcore_locale l ON l.id = p.locale_id
    WHERE NOT EXISTS (
        SELECT 1 FROM wagtailcore_page outside
        WHERE outside.path = substr(p.path, 1, 8)
            AND outside.path NOT IN (SELECT path FROM home)
    )"""
GIVEN_AGENCIES = """
    FROM home t
    CROSS JOIN LATERAL (
        SELECT * FROM wagtailcore_page tree
        WHERE tree.path > t.path AND tree.path < t.path || '~'
        OFFSET 0
    ) p
    {type_join}
    JOIN wagtailcore_locale l ON l.id = p.locale_id
    WHERE t.slug = ANY(%(agencies)s::text[])"""

# The translation served: no public one comes earlier in the fallback order.
SERVED = f"""
    l.language_code = ANY(%(order)s::text[])
    AND NOT EXISTS (
        SELECT 1 FROM wagtailcore_page b
        JOIN wagtailcore_locale bl ON bl.id = b.locale_id
        WHERE b.translation_key = p.translation_key
            AND array_position(%(order)s::text[], bl.language_code)
                < array_position(%(order)s::text[], l.language_code)
            AND {public("b")}
    )"""

# The languages each item (c) is public in, in the settings' order, and
# where it is: its agency and address.
ITEM_COLUMNS = f"""
    ARRAY(
        SELECT tl.language_code FROM wagtailcore_page t
        JOIN wagtailcore_locale tl ON tl.id = t.locale_id
        WHERE t.translation_key = c.translation_key
            AND tl.language_code = ANY(%(languages)s::text[])
            AND substr(t.path, 1, 8) IN (SELECT path FROM home)
            AND {public("t")}
        ORDER BY array_position(%(languages)s::text[], tl.language_code)
    ) AS locales,
    h.slug AS agency_slug,
    COALESCE(NULLIF(h.names ->> c.locale, ''), h.names ->> 'tg', h.slug)
        AS agency_name,
    h.root_url || '/' || h.language_code || substr(c.url_path, length(h.url_path))
        AS url"""

PAGE_COLUMNS = """
    p.id, p.translation_key, p.title, p.last_published_at, p.path, p.url_path,
    p.locale_id, l.language_code AS locale"""

SERVICE_COLUMNS = """
    s.service_code, s.category_id, s.audience, s.summary, s.is_free, s.fee_amount,
    s.fee_note, s.processing_time, s.online_url, s.phone, s.is_most_requested,
    s.last_reviewed"""

SERVICE_EXTRAS = """
    cat.slug AS category_slug, COALESCE(cat_l.name, cat.name) AS category_name,
    EXISTS (SELECT 1 FROM service_pages_serviceoffice so WHERE so.page_id = c.id)
        AS has_offices"""


def category_join(language: str) -> str:
    """SQL: the item's category (c.category_id), named in ``language``."""
    return f"""
    LEFT JOIN service_pages_servicecategory cat ON cat.id = c.category_id
    LEFT JOIN service_pages_servicecategory cat_l
        ON cat_l.translation_key = cat.translation_key
        AND cat_l.locale_id = {language}"""


REQUESTED_LOCALE = (
    "(SELECT id FROM wagtailcore_locale WHERE language_code = %(locale)s)"
)


def list_sql(
    *,
    type_join: str,
    columns: str,
    order: str,
    ordered_rows: str | None = None,
    where: str = "",
    extras: str = "",
    joins: str = "",
) -> dict[bool, str]:
    """The statement of a list, for all agencies (False) and for given ones
    (True): served pages (p) with their type's row (``type_join``), in
    ``order``, limited; then, over the limited rows (c), what every item
    carries, ``extras`` and ``joins``. ``ordered_rows`` replaces
    ``wagtailcore_page p {type_join}`` for all agencies."""
    sources = {
        False: ALL_AGENCIES.format(
            rows=ordered_rows or f"wagtailcore_page p {type_join}"
        ),
        True: GIVEN_AGENCIES.format(type_join=type_join),
    }
    return {
        given: f"""
WITH {HOMES}
SELECT c.*, {ITEM_COLUMNS} {extras}
FROM (
    SELECT {PAGE_COLUMNS}, {columns}
    {source}
        AND {public("p")} AND {SERVED} {where}
    ORDER BY {order}
    LIMIT %(limit)s
) c
JOIN home h ON h.path = substr(c.path, 1, 8)
{joins}
ORDER BY {order.replace("p.", "c.")}
"""
        for given, source in sources.items()
    }


SERVICES_SQL = list_sql(
    type_join="JOIN service_pages_servicepage s ON s.page_ptr_id = p.id",
    columns=SERVICE_COLUMNS,
    order="service_code, p.id",
    extras=f", {SERVICE_EXTRAS}",
    joins=category_join(REQUESTED_LOCALE),
)

# News have no index on their date: the news table alone is sorted, then
# walked in that order (OFFSET 0 keeps the planner from flattening it).
NEWS_SQL = list_sql(
    type_join="JOIN news_newspage n ON n.page_ptr_id = p.id",
    ordered_rows="""(
        SELECT page_ptr_id, date FROM news_newspage
        ORDER BY date DESC, page_ptr_id DESC OFFSET 0
    ) n
    JOIN wagtailcore_page p ON p.id = n.page_ptr_id""",
    columns="n.date",
    order="date DESC, p.id DESC",
    extras=f""",
    (SELECT lead FROM news_newspage WHERE page_ptr_id = c.id) AS lead,
    COALESCE((
        SELECT json_agg(json_build_object(
            'slug', topic.slug, 'name', COALESCE(topic_l.name, topic.name)
        ) ORDER BY link.sort_order)
        FROM news_newspagetopic link
        JOIN news_newstopic topic ON topic.id = link.topic_id
        LEFT JOIN news_newstopic topic_l
            ON topic_l.translation_key = topic.translation_key
            AND topic_l.locale_id = {REQUESTED_LOCALE}
        WHERE link.page_id = c.id
    ), '[]') AS topics""",
)

SEARCH_SQL = list_sql(
    type_join="""
    LEFT JOIN service_pages_servicepage s ON s.page_ptr_id = p.id
    LEFT JOIN service_pages_officepage o ON o.page_ptr_id = p.id
    LEFT JOIN news_newspage n ON n.page_ptr_id = p.id
    LEFT JOIN news_competitionpage k ON k.page_ptr_id = p.id""",
    columns="""CASE
        WHEN s.page_ptr_id IS NOT NULL THEN 'service'
        WHEN o.page_ptr_id IS NOT NULL THEN 'office'
        WHEN n.page_ptr_id IS NOT NULL THEN 'news'
        WHEN k.page_ptr_id IS NOT NULL THEN 'competition'
    END AS kind""",
    where="""
        AND (s.page_ptr_id IS NOT NULL OR o.page_ptr_id IS NOT NULL
            OR n.page_ptr_id IS NOT NULL OR k.page_ptr_id IS NOT NULL)
        AND p.id IN (
            SELECT id FROM wagtailcore_page
            WHERE UPPER(title) LIKE UPPER(%(pattern)s)
            UNION SELECT page_ptr_id FROM service_pages_servicepage
            WHERE UPPER(summary) LIKE UPPER(%(pattern)s)
            UNION SELECT page_ptr_id FROM service_pages_officepage
            WHERE UPPER(address) LIKE UPPER(%(pattern)s)
            UNION SELECT page_ptr_id FROM news_newspage
            WHERE UPPER(lead) LIKE UPPER(%(pattern)s)
            UNION SELECT page_ptr_id FROM news_competitionpage
            WHERE UPPER(position) LIKE UPPER(%(pattern)s)
            UNION SELECT page_ptr_id FROM news_competitionpage
            WHERE UPPER(unit) LIKE UPPER(%(pattern)s)
        )""",
    order="p.id DESC",
)

SERVICE_DETAIL_SQL = f"""
WITH {HOMES}
SELECT c.*, {ITEM_COLUMNS}, {SERVICE_EXTRAS},
    (
        SELECT COALESCE(json_agg(json_build_object(
            'id', COALESCE(lo.id, src.id),
            'title', COALESCE(lo.title, src.title),
            'url', oh.root_url || '/' || oh.language_code
                || substr(COALESCE(lo.url_path, src.url_path), length(oh.url_path))
        ) ORDER BY so.sort_order), '[]')
        FROM service_pages_serviceoffice so
        JOIN service_pages_officepage office ON office.page_ptr_id = so.office_id
        JOIN wagtailcore_page src ON src.id = so.office_id
        LEFT JOIN LATERAL (
            SELECT t.id, t.title, t.path, t.url_path FROM wagtailcore_page t
            JOIN service_pages_officepage translated ON translated.page_ptr_id = t.id
            WHERE t.translation_key = src.translation_key
                AND t.locale_id = c.locale_id AND {public("t")}
            LIMIT 1
        ) lo ON true
        JOIN home oh ON oh.path = substr(COALESCE(lo.path, src.path), 1, 8)
        WHERE so.page_id = c.id AND {public("src")}
    ) AS offices
FROM (
    SELECT {PAGE_COLUMNS}, {SERVICE_COLUMNS},
        s.eligibility, s.legal_basis, s.responsible_unit, s.required_documents,
        s.steps
    FROM service_pages_servicepage s
    JOIN wagtailcore_page p ON p.id = s.page_ptr_id
    JOIN wagtailcore_locale l ON l.id = p.locale_id
    WHERE p.id = %(id)s AND {public("p")}
) c
JOIN home h ON h.path = substr(c.path, 1, 8)
{category_join("c.locale_id")}
"""


def fetch(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows as dicts (jsonb columns stay text: Django's connection leaves
    decoding them to model fields)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def list_rows(
    statements: dict[bool, str], request: HttpRequest, **extra: object
) -> tuple[list[dict[str, Any]], str, int]:
    """The rows of a list request (one more than the limit, to know whether
    a next page exists), the language asked for, and the limit."""
    language = request.GET.get("locale", settings.LANGUAGE_CODE)
    agencies = request.GET.getlist("agency")
    limit = int(request.GET.get("limit", "20"))
    params = {
        "locale": language,
        "order": list(dict.fromkeys([language, settings.LANGUAGE_CODE, *LANGUAGES])),
        "languages": LANGUAGES,
        "agencies": agencies,
        "limit": limit + 1,
        **extra,
    }
    return fetch(statements[bool(agencies)], params), language, limit


def base_item(row: dict[str, Any], requested: str | None) -> dict[str, Any]:
    return {
        "id": row["id"],
        "translation_key": str(row["translation_key"]),
        "title": row["title"],
        "url": row["url"],
        "locale": row["locale"],
        "is_fallback": requested is not None and row["locale"] != requested,
        "locales": row["locales"],
        "agency": {"slug": row["agency_slug"], "name": row["agency_name"]},
        "last_published_at": row["last_published_at"],
    }


def service_fields(row: dict[str, Any]) -> dict[str, Any]:
    channels = [
        name
        for name, offered in (
            ("online", row["online_url"]),
            ("in_person", row["has_offices"]),
            ("phone", row["phone"]),
        )
        if offered
    ]
    category = None
    if row["category_slug"] is not None:
        category = {"slug": row["category_slug"], "name": row["category_name"]}
    return {
        "service_code": row["service_code"],
        "category": category,
        "audience": row["audience"],
        "summary": row["summary"],
        "is_free": row["is_free"],
        "fee_amount": row["fee_amount"],
        "fee_note": row["fee_note"],
        "processing_time": row["processing_time"],
        "channels": channels,
        "online_url": row["online_url"],
        "phone": row["phone"],
        "is_most_requested": row["is_most_requested"],
        "last_reviewed": row["last_reviewed"],
    }


class ApiJsonEncoder(DjangoJSONEncoder):
    """Values written as the API's JSON writes them (pydantic's): times in
    UTC with a Z and every digit of the microseconds."""

    def default(self, o: object) -> object:
        if isinstance(o, datetime):
            return o.isoformat().replace("+00:00", "Z")
        return super().default(o)


def json_response(body: object, status: int = 200) -> HttpResponse:
    """The same bytes the API sends: UTF-8 text, no spaces."""
    return HttpResponse(
        json.dumps(body, cls=ApiJsonEncoder, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def page_of(
    rows: list[dict[str, Any]], limit: int, keys: Sequence[str]
) -> tuple[list[dict[str, Any]], str | None]:
    """The rows of the page, and the API's cursor of the next one."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    values = [
        value.isoformat() if isinstance(value, date) else value
        for value in (rows[-1][key] for key in keys)
    ]
    raw = json.dumps(values, separators=(",", ":"))
    return rows, base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def services(request: HttpRequest) -> HttpResponse:
    rows, language, limit = list_rows(SERVICES_SQL, request)
    rows, cursor = page_of(rows, limit, ("service_code", "id"))
    items = [{**base_item(row, language), **service_fields(row)} for row in rows]
    return json_response({"next_cursor": cursor, "items": items})


def news(request: HttpRequest) -> HttpResponse:
    rows, language, limit = list_rows(NEWS_SQL, request)
    rows, cursor = page_of(rows, limit, ("date", "id"))
    items = [
        {
            **base_item(row, language),
            "date": row["date"],
            "lead": row["lead"],
            "image": None,
            "topics": row["topics"],
        }
        for row in rows
    ]
    return json_response({"next_cursor": cursor, "items": items})


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows, language, limit = list_rows(SEARCH_SQL, request, pattern=f"%{escaped}%")
    rows, cursor = page_of(rows, limit, ("id",))
    items = [{**base_item(row, language), "type": row["kind"]} for row in rows]
    return json_response({"next_cursor": cursor, "items": items})


def service_detail(request: HttpRequest, service_id: int) -> HttpResponse:
    rows = fetch(SERVICE_DETAIL_SQL, {"id": service_id, "languages": LANGUAGES})
    if not rows:
        return json_response({"error": {"code": "not_found"}}, status=404)
    row = rows[0]
    return json_response(
        {
            **base_item(row, None),
            **service_fields(row),
            "eligibility": expand_db_html(row["eligibility"]),
            "legal_basis": expand_db_html(row["legal_basis"]),
            "responsible_unit": row["responsible_unit"],
            "required_documents": [
                {
                    "name": block["value"]["name"],
                    "note": block["value"]["note"],
                    "form": None,
                }
                for block in json.loads(row["required_documents"])
            ],
            "steps": [
                {
                    "title": block["value"]["title"],
                    "text": expand_db_html(block["value"]["text"])
                    if block["value"]["text"]
                    else "",
                }
                for block in json.loads(row["steps"])
            ],
            "offices": row["offices"],
        }
    )

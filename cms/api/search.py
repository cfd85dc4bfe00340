"""/api/v1/search/: one free-text search across every registered page type."""

from typing import Any

from django.db.models import Case, CharField, Value, When
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail.query import PageQuerySet

from ninja import Field, Query, Router

from .cache import cached_answers
from .errors import ERROR_RESPONSES, bad_parameter
from .items import Narrowing, served_list
from .pagination import Keyset, cursor_int
from .registry import searchable_types
from .responses import respond
from .schemas import DateFilters, ItemBase, ListFilters, ListPage, Text
from .text import TextSource, containing

router = Router(tags=["search"])

NEWEST_FIRST = Keyset(fields=("id",), parsers=(cursor_int,), descending=True)


def _known_types(schema: dict[str, Any]) -> None:
    """Publish the registered types as the values ``type`` takes (read when
    the OpenAPI document is written, after every content app registered)."""
    schema["items"] = {"type": "string", "enum": sorted(searchable_types)}


class SearchFilters(ListFilters, DateFilters):
    q: Text = Field(
        min_length=1,
        max_length=200,
        description="Free text, matched against titles and summaries.",
    )
    type: list[str] = Field(
        default=[],
        description="Only these types (repeat for several).",
        json_schema_extra=_known_types,
    )


class SearchHit(ItemBase):
    type: str = Field(description="service, news, competition or office.")


class SearchResults(ListPage):
    items: list[SearchHit]


def _narrow(filters: SearchFilters) -> Narrowing:
    unknown = [name for name in filters.type if name not in searchable_types]
    if unknown:
        raise bad_parameter(
            "type",
            _("Unknown type: %(types)s. Known: %(known)s.")
            % {
                "types": ", ".join(unknown),
                "known": ", ".join(sorted(searchable_types)),
            },
        )
    # Each type once: a type repeated in the query is asked for once (a long
    # list of repeats overflowed SQLite's parser).
    names = list(dict.fromkeys(filters.type)) or list(searchable_types)
    chosen = [searchable_types[name] for name in names]
    text = filters.q.strip()

    def narrow(queryset: PageQuerySet) -> PageQuerySet:
        # A page's type is read from its own content_type_id (Wagtail's
        # type_q, subclasses included): joining each type's table to find it
        # cost four index lookups per match, before the newest were kept.
        sources: list[TextSource] = [(Page, "title")]
        for entry in chosen:
            sources += [(entry.model, field) for field in entry.text_fields]
        queryset = queryset.filter(
            queryset.type_q(*(entry.model for entry in chosen)),
            containing(text, sources),
            filters.published_within(),
        )
        return queryset.annotate(
            kind=Case(
                *(
                    When(queryset.type_q(entry.model), then=Value(entry.name))
                    for entry in chosen
                ),
                output_field=CharField(),
            )
        )

    return narrow


@router.get(
    "/",
    response={200: SearchResults, **ERROR_RESPONSES},
    summary="Search every type of content",
)
@cached_answers("search")
def search(request: HttpRequest, filters: Query[SearchFilters]) -> HttpResponse:
    """Services, news, competitions and offices whose title or summary
    contains ``q``, newest first."""
    served, next_cursor = served_list(
        Page,
        filters=filters,
        keyset=NEWEST_FIRST,
        fields=("kind",),
        narrow=_narrow(filters),
    )
    return respond(
        SearchResults,
        {
            "items": [{**item.base, "type": item.row["kind"]} for item in served],
            "next_cursor": next_cursor,
        },
    )

"""A page type in the portal API, declared once: its list at
/api/v1/<prefix>/ and its detail at /api/v1/<prefix>/{<name>_id}/.

A content app declares what is its own (the page type, the schemas, the
order, its filters and the fields its items add) as a :class:`PageResource`
and registers it with :func:`register_resource`. Everything else is here,
the same for every type: the common filters (agency, language, cursor and
limit, ``q`` and ``since``/``until``), keyset pagination, the fields every
item carries, 400s and 404s in the one error shape, and the operations as
the OpenAPI document publishes them. Conditional requests (ETag,
Last-Modified, 304) are answered for every endpoint by
:class:`cms.api.http.HeadlessApiMiddleware`, and answers are kept in the
cache until public content changes (:mod:`cms.api.cache`).
"""

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from wagtail.models import Page

from ninja import Router, Schema
from ninja.params.functions import Query

from . import item_cache
from .cache import Lookup, cached_answers
from .content import public_scope
from .errors import ERROR_RESPONSES
from .items import (
    Served,
    ServedPage,
    listed_page,
    rows_by_id,
    served_detail,
    served_list,
    served_rows,
)
from .pagination import Keyset
from .registry import register_router, register_searchable
from .responses import JSON, Out, respond
from .schemas import (
    DateFilters,
    DetailParams,
    ListFilters,
    ListPage,
    PageId,
    TextFilter,
)
from .text import TextSource, containing

ModelT = TypeVar("ModelT", bound=Page)
FiltersT = TypeVar("FiltersT", bound=ListFilters)

#: The fields an item adds to those every item carries, by name.
Fields = Mapping[str, object]

REQUEST = inspect.Parameter(
    "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest
)


def _unchanged(queryset: QuerySet[ModelT], filters: ListFilters) -> QuerySet[ModelT]:
    return queryset


@dataclass(frozen=True)
class PageResource(Generic[ModelT, FiltersT]):
    """A page type served as a list and a detail endpoint."""

    model: type[ModelT]
    #: One item, as search results name its type: the detail's path
    #: parameter is ``<name>_id``.
    name: str
    #: Where it is mounted: /api/v1/<prefix>/ (also the operations' tag).
    prefix: str
    #: The list's query parameters: :class:`ListFilters` and, where the type
    #: has them, :class:`TextFilter` and :class:`DateFilters`, which are
    #: applied here, plus the type's own, applied by ``narrow``.
    filters: type[FiltersT]
    list_schema: type[ListPage]
    detail_schema: type[Out]
    keyset: Keyset
    #: The columns of the list's rows besides those every item carries.
    fields: tuple[str, ...]
    #: The fields each listed item adds, computed for the whole page at once
    #: (a fixed number of queries, whatever the limit). They may depend on
    #: the items and the filters' language only: an item's JSON is kept per
    #: language and reused by every list that shows it.
    items: Callable[[list[Served], FiltersT], list[Fields]]
    #: The fields the detail adds.
    detail: Callable[[ServedPage[ModelT]], Fields]
    list_summary: str
    list_description: str
    detail_summary: str
    #: The type's own filters.
    narrow: Callable[[QuerySet[ModelT], FiltersT], QuerySet[ModelT]] = _unchanged
    #: Text fields (besides the title) that ``q`` and /api/v1/search/ match.
    text_fields: tuple[str, ...] = ()
    #: A boolean field whose true pages rank first among equal matches in
    #: the cross-type search (most requested services).
    featured_field: str | None = None
    #: The date field ``since`` and ``until`` compare; by default the last
    #: publication, as days in Dushanbe.
    dated_by: str | None = None

    @property
    def operation_prefix(self) -> str:
        """Operation ids as the API has published them since version 1:
        ``<app>_api_list_<prefix>`` and ``<app>_api_<name>_detail``."""
        return f"{self.model._meta.app_label}_api"

    def text_sources(self) -> list[TextSource]:
        return [(Page, "title"), *((self.model, field) for field in self.text_fields)]

    def narrowing(
        self, filters: FiltersT
    ) -> Callable[[QuerySet[ModelT]], QuerySet[ModelT]]:
        """The list's filters as one function of the public items."""

        def narrow(queryset: QuerySet[ModelT]) -> QuerySet[ModelT]:
            queryset = queryset.filter(self.dated(filters))
            queryset = self.narrow(queryset, filters)
            if isinstance(filters, TextFilter) and filters.q and filters.q.strip():
                queryset = queryset.filter(
                    containing(filters.q.strip(), self.text_sources())
                )
            return queryset

        return narrow

    def dated(self, filters: ListFilters) -> Q:
        """Items within ``since`` and ``until`` (inclusive), if asked."""
        if not isinstance(filters, DateFilters):
            return Q()
        if self.dated_by is None:
            return filters.published_within()
        condition = Q()
        if filters.since:
            condition &= Q(**{f"{self.dated_by}__gte": filters.since})
        if filters.until:
            condition &= Q(**{f"{self.dated_by}__lte": filters.until})
        return condition

    def serve_list(
        self, filters: FiltersT, *, generation: str | None = None
    ) -> HttpResponse:
        """A page of the public items, in keyset order: assembled from the
        items' kept JSON (:mod:`cms.api.item_cache`) where it is on, kept
        under ``generation`` (the public generation read before anything
        else, by default now)."""
        if not item_cache.enabled():
            return self.computed_list(filters)
        if generation is None:
            generation = item_cache.current_generation()
        scope = public_scope()
        # Which items, in which order: their ids only, the rest is kept.
        page = listed_page(
            self.model,
            scope=scope,
            filters=filters,
            keyset=self.keyset,
            narrow=self.narrowing(filters),
            compiled=True,
            keys_only=True,
        )
        ids = [row["id"] for row in page.rows]
        kept = item_cache.KeptItems(
            endpoint=self.prefix, language=filters.locale, generation=generation
        )
        found = kept.read(ids)
        missing = [page_id for page_id in ids if page_id not in found]
        if missing:
            rows = rows_by_id(
                self.model, ids=missing, fields=[*self.fields, *self.keyset.fields]
            )
            served = served_rows(
                self.model, scope=scope, rows=rows, requested=filters.locale
            )
            schema = item_cache.item_schema(self.list_schema)
            written = {
                item.row["id"]: item_cache.item_json(schema, {**item.base, **fields})
                for item, fields in zip(
                    served, self.items(served, filters), strict=True
                )
            }
            kept.write(written)
            found.update(written)
        body = item_cache.assembled_list(
            self.list_schema,
            [found[page_id] for page_id in ids if page_id in found],
            next_cursor=page.next_cursor,
        )
        return HttpResponse(body, content_type=JSON)

    def computed_list(self, filters: FiltersT) -> HttpResponse:
        """A page of the public items, every item computed, every statement
        compiled: the code path before :mod:`cms.api.item_cache`, kept for
        ``API_ITEM_CACHE_SECONDS=0`` (and the bench's comparison)."""
        served, next_cursor = served_list(
            self.model,
            filters=filters,
            keyset=self.keyset,
            fields=self.fields,
            narrow=self.narrowing(filters),
        )
        added = self.items(served, filters)
        return respond(
            self.list_schema,
            {
                "items": [
                    {**item.base, **fields}
                    for item, fields in zip(served, added, strict=True)
                ],
                "next_cursor": next_cursor,
            },
        )

    def serve_detail(self, page_id: int, params: DetailParams) -> HttpResponse:
        """One public item, by the id of one of its translations."""
        served = served_detail(self.model, page_id=page_id, language=params.locale)
        return respond(self.detail_schema, {**served.base, **self.detail(served)})

    def router(self) -> Router:
        """The two operations, as ninja reads them from their signatures."""
        router = Router(tags=[self.prefix])
        router.add_api_operation(
            "/",
            ["GET"],
            _endpoint(
                cached_answers(f"{self.prefix}:list")(self._list_view),
                [_parameter("filters", _in_query(self.filters))],
            ),
            response={200: self.list_schema, **ERROR_RESPONSES},
            operation_id=f"{self.operation_prefix}_list_{self.prefix}",
            url_name=f"list_{self.prefix}",
            summary=self.list_summary,
            description=self.list_description,
        )
        path_parameter = f"{self.name}_id"
        router.add_api_operation(
            f"/{{{path_parameter}}}/",
            ["GET"],
            _endpoint(
                cached_answers(f"{self.prefix}:detail")(self._detail_view),
                [
                    _parameter(path_parameter, PageId),
                    _parameter("params", _in_query(DetailParams)),
                ],
            ),
            response={200: self.detail_schema, **ERROR_RESPONSES},
            operation_id=f"{self.operation_prefix}_{self.name}_detail",
            url_name=f"{self.name}_detail",
            summary=self.detail_summary,
        )
        return router

    def _list_view(self, request: HttpRequest, filters: FiltersT) -> HttpResponse:
        # The response cache's lookup read the generation before anything.
        lookup: Lookup | None = getattr(request, "api_cache", None)
        return self.serve_list(
            filters, generation=lookup.generation if lookup is not None else None
        )

    def _detail_view(
        self, request: HttpRequest, params: DetailParams, **path: int
    ) -> HttpResponse:
        return self.serve_detail(path[f"{self.name}_id"], params)


def _parameter(name: str, annotation: object) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation
    )


def _in_query(schema: type[Schema]) -> object:
    """``Query[schema]``, for a schema known at run time."""
    return Annotated[schema, Query()]


def _endpoint(
    view: Callable[..., HttpResponse], parameters: Sequence[inspect.Parameter]
) -> Callable[..., HttpResponse]:
    """``view`` with the signature ninja reads its parameters from (the
    annotations name each resource's own schemas and path parameter, so
    they are made at run time; ``inspect.signature`` reads
    ``__signature__``). Ninja calls it with those parameters by name."""

    def endpoint(request: HttpRequest, **parameters: Any) -> HttpResponse:
        return view(request, **parameters)

    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]  # read by inspect.signature
        [REQUEST, *parameters]
    )
    return endpoint


def register_resource(resource: PageResource[ModelT, FiltersT]) -> None:
    """Mount ``resource`` at /api/v1/<prefix>/ and include its page type in
    /api/v1/search/ as results of type ``name``."""
    register_router(resource.prefix, resource.router())
    register_searchable(
        resource.name,
        resource.model,
        text_fields=resource.text_fields,
        featured_field=resource.featured_field,
    )

"""The rows behind list and detail endpoints, with the fields every item
carries (where it is, which languages it exists in, which one was served)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypedDict

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from wagtail.models import Page

from cms.selectors import localized_in_order

from .content import (
    PageT,
    PublicScope,
    Tenancy,
    public_in_trees,
    public_locales,
    public_scope,
    served_translations,
)
from .errors import bad_parameter, not_found
from .pagination import Keyset, KeysetPage, keyset_page
from .schemas import ListFilters

BASE_FIELDS = (
    "id",
    "translation_key",
    "title",
    "path",
    "url_path",
    "locale__language_code",
    "last_published_at",
)

Narrowing = Callable[[QuerySet[Any]], QuerySet[Any]]


@dataclass(frozen=True)
class Served:
    """One item as served: its row and the fields every item carries."""

    row: dict[str, Any]
    base: dict[str, Any]


def checked_agencies(tenancy: Tenancy, slugs: Sequence[str]) -> list[str]:
    """The agencies asked for, all online; a 400 naming ``agency`` otherwise.
    A deprovisioned agency is as unknown as one that never existed."""
    unknown = [slug for slug in slugs if slug not in tenancy.agencies]
    if unknown:
        raise bad_parameter(
            "agency",
            _("Unknown agency: %(slugs)s. GET /api/v1/agencies/ lists them.")
            % {"slugs": ", ".join(unknown)},
        )
    return list(dict.fromkeys(slugs))


def base_item(
    row: dict[str, Any],
    *,
    tenancy: Tenancy,
    requested: str | None,
    locales: dict[Any, list[str]],
) -> dict[str, Any]:
    home = tenancy.home_of(row["path"])
    if home is None:  # rows come from in_trees(): each is in an agency's tree
        raise ValueError(f"page {row['id']} is in no agency's tree")
    language = row["locale__language_code"]
    return {
        "id": row["id"],
        "translation_key": str(row["translation_key"]),
        "title": row["title"],
        "url": tenancy.page_url(path=row["path"], url_path=row["url_path"]),
        "locale": language,
        "is_fallback": requested is not None and language != requested,
        "locales": locales.get(row["translation_key"], [language]),
        "agency": {"slug": home.agency.slug, "name": home.agency.name(language)},
        "last_published_at": row["last_published_at"],
    }


def served_list(
    model: type[Page],
    *,
    filters: ListFilters,
    keyset: Keyset,
    fields: Sequence[str] = (),
    narrow: Narrowing | None = None,
) -> tuple[list[Served], str | None]:
    """A page of public items of ``model`` and the next cursor. Two queries
    while content is unchanged, whatever the limit or the number of agencies
    (see :func:`public_scope`)."""
    scope = public_scope()
    page = listed_page(
        model, scope=scope, filters=filters, keyset=keyset, fields=fields, narrow=narrow
    )
    served = served_rows(model, scope=scope, rows=page.rows, requested=filters.locale)
    return served, page.next_cursor


def listed_page(
    model: type[Page],
    *,
    scope: PublicScope,
    filters: ListFilters,
    keyset: Keyset,
    fields: Sequence[str] = (),
    narrow: Narrowing | None = None,
    compiled: bool = False,
    keys_only: bool = False,
) -> KeysetPage:
    """The rows of a page of public items of ``model`` (the columns every
    item needs and ``fields``; ``keys_only``: the id and the keyset's
    columns, for items whose JSON is kept) and the next cursor. One query
    while content is unchanged (``compiled``: the public scope's conditions
    compiled once per scope, see :func:`served_translations`)."""
    agencies = checked_agencies(scope.tenancy, filters.agency)
    queryset = served_translations(
        model,
        scope=scope,
        language=filters.locale,
        agencies=agencies,
        compiled=compiled,
    )
    if narrow is not None:
        queryset = narrow(queryset)
    return keyset_page(
        queryset,
        keyset=keyset,
        cursor=filters.cursor,
        limit=filters.limit,
        fields=["id"] if keys_only else [*BASE_FIELDS, *fields],
        prepared=compiled,
    )


def rows_by_id(
    model: type[Page], *, ids: Sequence[int], fields: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The rows of these pages (the columns every item needs and ``fields``)
    in the order of ``ids``, for ids a list query found public. A page
    deleted since is left out. One query."""
    found = {
        row["id"]: row
        for row in model.objects.filter(pk__in=ids)
        .order_by()
        .values(*dict.fromkeys([*BASE_FIELDS, *fields]))
    }
    return [found[page_id] for page_id in ids if page_id in found]


def served_rows(
    model: type[Page],
    *,
    scope: PublicScope,
    rows: list[dict[str, Any]],
    requested: str | None,
) -> list[Served]:
    """Listed rows of ``model`` (found in ``scope``) with the fields every
    item carries, asked in ``requested``. One query."""
    locales = public_locales(
        model, translation_keys=[row["translation_key"] for row in rows], scope=scope
    )
    return [
        Served(
            row=row,
            base=base_item(
                row, tenancy=scope.tenancy, requested=requested, locales=locales
            ),
        )
        for row in rows
    ]


class PageLink(TypedDict):
    """A public page an item links to, on its agency's site."""

    id: int
    title: str
    url: str


@dataclass(frozen=True)
class ServedPage(Generic[PageT]):
    """One public item as served: the page (the translation chosen), the
    fields every item carries, and the public scope it was found in."""

    page: PageT
    base: dict[str, Any]
    scope: PublicScope

    @property
    def tenancy(self) -> Tenancy:
        return self.scope.tenancy

    def linked(self, model: type[Page], *, ids: Sequence[int]) -> list[PageLink]:
        """The public pages of ``model`` with these ids (as the item's links
        keep them: the source language's), each in the item's language
        where translated, in the order of ``ids``. One query."""
        pages = localized_in_order(
            public_in_trees(model, scope=self.scope),
            ids=ids,
            locale_id=self.page.locale_id,
        )
        return [
            {
                "id": page.pk,
                "title": page.title,
                "url": self.tenancy.page_url(path=page.path, url_path=page.url_path),
            }
            for page in pages
        ]


def served_detail(
    model: type[PageT], *, page_id: int, language: str | None
) -> ServedPage[PageT]:
    """The public item whose translation has id ``page_id``, in ``language``
    (with fallback) or, without one, that translation itself; a 404 for
    anything not public. Two queries while content is unchanged."""
    scope = public_scope()
    tenancy = scope.tenancy
    matching = public_in_trees(model, scope=scope).filter(pk=page_id)
    if language is None:
        queryset = matching
    else:
        queryset = served_translations(
            model, scope=scope, language=language, agencies=()
        ).filter(translation_key__in=matching.values("translation_key"))
    page = queryset.select_related("locale").first()
    if page is None:
        raise not_found()
    row = {field: getattr(page, field) for field in BASE_FIELDS if "__" not in field}
    row["locale__language_code"] = page.locale.language_code
    locales = public_locales(
        model, translation_keys=[page.translation_key], scope=scope
    )
    return ServedPage(
        page=page,
        base=base_item(row, tenancy=tenancy, requested=language, locales=locales),
        scope=scope,
    )


def localized_terms(
    model: type[Model], *, ids: Sequence[int], language: str
) -> dict[int, dict[str, str]]:
    """Slug and name of taxonomy terms (linked by id from source pages), in
    ``language`` where translated. One query."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    keys = model._default_manager.filter(pk__in=wanted).values("translation_key")
    rows = list(
        model._default_manager.filter(translation_key__in=keys)
        .filter(Q(pk__in=wanted) | Q(locale__language_code=language))
        .values("pk", "translation_key", "slug", "name", "locale__language_code")
    )
    translated = {
        row["translation_key"]: row["name"]
        for row in rows
        if row["locale__language_code"] == language
    }
    return {
        row["pk"]: {
            "slug": row["slug"],
            "name": translated.get(row["translation_key"], row["name"]),
        }
        for row in rows
        if row["pk"] in wanted
    }

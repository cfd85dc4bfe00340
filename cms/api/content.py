"""What the portal API may show: public, live, unexpired pages of online
agencies, one translation of each item (the requested language, or an
explicit fallback), in keyset order.

Every function here costs a fixed number of queries, whatever the number of
agencies, languages or items asked for.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    F,
    Func,
    Model,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Now, Substr
from django.db.models.sql.compiler import SQLCompiler

from wagtail.models import Locale, Page, PageViewRestriction, Site

from agency_sites.models import Agency
from cms.caching import content_changed_at
from cms.selectors import live_now

PageT = TypeVar("PageT", bound=Page)

# The characters of treebeard's materialised paths.
PATH_CHARACTERS = frozenset(Page.alphabet)


class PrefixIn(Func):
    """True when the first ``length`` characters of a page's path are one of
    ``paths``. On PostgreSQL the paths travel as one array parameter, so the
    statement's text (and the work of building, sending and planning it) is
    the same for 39 restricted pages or 3,900; elsewhere it is an IN list."""

    output_field = BooleanField()

    def __init__(self, length: int, paths: Iterable[str]) -> None:
        super().__init__(Substr("path", 1, length))
        self.paths = sorted(paths)
        if not all(PATH_CHARACTERS.issuperset(path) for path in self.paths):
            raise ValueError("not tree paths")
        # The array literal, written once: paths need no quoting in it, and
        # the database driver would otherwise re-quote every element of a
        # list on every request.
        self.array = "{" + ",".join(self.paths) + "}"

    def as_sql(  # type: ignore[override]  # never called with Func's template options
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        prefix, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"{prefix} = ANY(%s::text[])", (*params, self.array)
        placeholders = ", ".join(["%s"] * len(self.paths))
        return f"{prefix} IN ({placeholders})", (*params, *self.paths)


# Page paths are materialised with four characters a level: the home page of
# one language of an agency site (depth 2) is the first eight.
HOME_PATH_LENGTH = Page.steplen * 2


def content_languages() -> list[str]:
    """The content languages, the default first."""
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def fallback_order(language: str) -> list[str]:
    """The languages an item is served in, best first: the one asked for,
    then the default (Tajik), then the others in the settings' order."""
    default = settings.LANGUAGE_CODE
    rest = [code for code in content_languages() if code not in (language, default)]
    return list(dict.fromkeys([language, default, *rest]))


@dataclass(frozen=True)
class OnlineAgency:
    """A provisioned agency whose site is online, as the API shows it."""

    pk: int
    slug: str
    kind: str
    region: str
    names: dict[str, str]
    root_url: str
    updated_at: datetime

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get(
            settings.LANGUAGE_CODE, self.slug
        )


@dataclass(frozen=True)
class AgencyHome:
    """The home page of one language of an agency's site."""

    agency: OnlineAgency
    language: str
    url_path: str


@dataclass(frozen=True)
class Tenancy:
    """The online agencies and the page subtrees (one per language) that
    belong to each: the only places public content comes from."""

    agencies: dict[str, OnlineAgency]
    homes: dict[str, AgencyHome]  # by the home page's path
    # The other top-level pages: the portal's own home pages, deprovisioned
    # agencies' and any tree that is no agency's.
    outside: frozenset[str]

    def prefixes(self, slugs: Iterable[str] | None = None) -> list[str]:
        """The path prefixes of the trees of these agencies (default: all)."""
        wanted = None if slugs is None else set(slugs)
        return [
            path
            for path, home in self.homes.items()
            if wanted is None or home.agency.slug in wanted
        ]

    @cached_property
    def _languages(self) -> dict[str, list[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for home in self.homes.values():
            found[home.agency.slug].add(home.language)
        order = content_languages()
        return {slug: sorted(codes, key=order.index) for slug, codes in found.items()}

    def languages_of(self, slug: str) -> list[str]:
        """The languages an agency's site has, in the settings' order."""
        return self._languages.get(slug, [])

    def home_of(self, path: str) -> AgencyHome | None:
        return self.homes.get(path[:HOME_PATH_LENGTH])

    def page_url(self, *, path: str, url_path: str) -> str:
        """The public address of a page on its agency's site, in its language."""
        home = self.homes[path[:HOME_PATH_LENGTH]]
        return (
            f"{home.agency.root_url}/{home.language}"
            f"{url_path[len(home.url_path) - 1 :]}"
        )


def _load_tenancy() -> Tenancy:
    """Every provisioned, online agency and its home pages. Two queries."""
    rows = Agency.objects.filter(
        site__isnull=False, deprovisioned_at__isnull=True
    ).values(
        "pk",
        "slug",
        "kind",
        "region",
        "names",
        "updated_at",
        "site__hostname",
        "site__port",
        "site__root_page__translation_key",
    )
    by_key = {}
    agencies = {}
    for row in rows:
        site = Site(hostname=row["site__hostname"], port=row["site__port"])
        agency = OnlineAgency(
            pk=row["pk"],
            slug=row["slug"],
            kind=row["kind"],
            region=row["region"],
            names=dict(row["names"]),
            root_url=site.root_url,
            updated_at=row["updated_at"],
        )
        agencies[agency.slug] = agency
        by_key[row["site__root_page__translation_key"]] = agency
    homes = {}
    outside: set[str] = set()
    for home in Page.objects.filter(depth=2).values(
        "path", "url_path", "translation_key", "locale__language_code"
    ):
        owner = by_key.get(home["translation_key"])
        if owner is None:
            outside.add(home["path"])
            continue
        homes[home["path"]] = AgencyHome(
            agency=owner,
            language=home["locale__language_code"],
            url_path=home["url_path"],
        )
    return Tenancy(agencies=agencies, homes=homes, outside=frozenset(outside))


def _load_restricted_paths() -> frozenset[str]:
    """Paths of the pages under a view restriction and of their aliases (an
    alias shows its source's content). One query."""
    restricted = PageViewRestriction.objects.values("page_id")
    # A union of two index lookups: one OR of the two tests reads every page.
    # Unordered (Wagtail's page manager orders by path): SQLite refuses an
    # ORDER BY inside a compound statement, and a union's order means nothing.
    return frozenset(
        Page.objects.filter(pk__in=restricted)
        .order_by()
        .values_list("path", flat=True)
        .union(
            Page.objects.filter(alias_of__in=restricted)
            .order_by()
            .values_list("path", flat=True)
        )
    )


@dataclass(frozen=True)
class PublicScope:
    """Where public content may come from: the online agencies' trees, minus
    every subtree under a view restriction."""

    tenancy: Tenancy
    restricted_paths: frozenset[str]
    # Querysets built from this scope, kept with it (see ``built``).
    _built: dict[Hashable, QuerySet[Page]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def built(
        self, key: Hashable, build: Callable[[], QuerySet[Page]]
    ) -> QuerySet[Page]:
        """The queryset ``build`` makes, built once per scope: building the
        public-content conditions (a few hundred ORM objects) costs more
        than running the statement. Each caller gets its own copy, so the
        kept one is never evaluated and never holds rows. Bounded, for keys
        made of request parameters."""
        queryset = self._built.get(key)
        if queryset is None:
            queryset = build()
            if len(self._built) < MAX_BUILT_QUERYSETS:
                self._built[key] = queryset
        return queryset.all()

    def unrestricted(self) -> Q:
        """Pages with no restricted page among themselves and their
        ancestors. A page's ancestors' paths are prefixes of its own, so this
        is one hashed equality test per depth, not a pattern match per
        restriction and page."""
        by_length: dict[int, list[str]] = defaultdict(list)
        for path in self.restricted_paths:
            by_length[len(path)].append(path)
        condition = Q()
        for length, paths in sorted(by_length.items()):
            condition &= ~Q(PrefixIn(length, paths))
        return condition


MAX_BUILT_QUERYSETS = 256

# The scope read from the database is reused while no content has changed
# (any publication, unpublication, restriction or deprovisioning renews the
# page cache's generations, and with them this marker), and never longer
# than this, in case a change reached the database some other way.
SCOPE_MAX_AGE = 30.0
_scope_cache: dict[str, tuple[float, float, PublicScope]] = {}


def public_scope() -> PublicScope:
    """The current public scope: no query while content is unchanged, three
    when it has changed."""
    marker = content_changed_at()
    cached = _scope_cache.get("scope")
    now = time.monotonic()
    if cached and cached[0] == marker and now - cached[1] < SCOPE_MAX_AGE:
        return cached[2]
    scope = PublicScope(
        tenancy=_load_tenancy(), restricted_paths=_load_restricted_paths()
    )
    _scope_cache["scope"] = (marker, now, scope)
    return scope


def online_tenancy() -> Tenancy:
    """The online agencies and their trees (see :func:`public_scope`)."""
    return public_scope().tenancy


def public_live(
    queryset: QuerySet[PageT], *, scope: PublicScope, at: datetime | None = None
) -> QuerySet[PageT]:
    """Pages of ``queryset`` that anyone may see now: live, not expired (the
    platform's one rule, :func:`cms.selectors.live_now`), under no view
    restriction. Expiry is counted by the database's clock, so that the
    condition can be built once, unless ``at`` is given: citizen pages pass
    the application's, the clock the page cache's lifetimes are counted in."""
    return queryset.filter(
        live_now(at=Now() if at is None else at),
        scope.unrestricted(),
    )


# Past every path under a tree's top: paths are made of 0-9 and A-Z.
PATH_END = "Z" * (Page._meta.get_field("path").max_length - HOME_PATH_LENGTH)


def in_trees(
    queryset: QuerySet[PageT], *, tenancy: Tenancy, agencies: Sequence[str] = ()
) -> QuerySet[PageT]:
    """Pages of ``queryset`` in the trees of these agencies (default: every
    online agency).

    Every agency: by leaving out the few trees that are not an online
    agency's, a test the planner does not mistake for a selective one, so
    that a list walks the index of its order and stops at its limit. Given
    agencies: one range of paths per tree, read from the path index."""
    if agencies:
        condition = Q(pk__in=[])  # no tree, no page
        for path in tenancy.prefixes(agencies):
            condition |= Q(path__range=(path, path + PATH_END), path__startswith=path)
        return queryset.filter(condition)
    return queryset.filter(in_every_tree(tenancy))


def in_every_tree(tenancy: Tenancy) -> Q:
    """Pages in the tree of an online agency (see :func:`in_trees`): the
    few trees that are not one's left out."""
    if not tenancy.outside:
        return Q()
    return ~Q(PrefixIn(HOME_PATH_LENGTH, tenancy.outside))


class Precompiled(Expression):
    """A condition as the database reads it, compiled once: the public
    scope's conditions (a few hundred ORM objects, with a subquery per
    fallback language) cost Django more to compile on every request than
    PostgreSQL takes to run the statement. Its columns are the model's own
    and its parents' tables, under their names, which any query of the
    model joins first under those names; ``joined`` names a column of each
    parent table, so that the query joins them even when it selects none of
    their columns (a list of ids)."""

    output_field = BooleanField()

    def __init__(
        self,
        sql: str,
        params: tuple[Any, ...],
        vendor: str,
        joined: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.sql = sql
        self.params = params
        self.vendor = vendor
        self.joined: list[Any] = [F(name) for name in joined]

    def get_source_expressions(self) -> list[Any]:
        # Resolved with the query (which joins their tables), never written.
        return self.joined

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.joined = list(exprs)

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        if connection.vendor != self.vendor:
            raise ValueError(f"compiled for {self.vendor}, not {connection.vendor}")
        return self.sql, self.params


def precompiled(queryset: QuerySet[PageT]) -> QuerySet[PageT]:
    """The pages of ``queryset`` (filters on its model's and parents'
    columns only, no join) as a queryset whose condition is compiled once."""
    query = queryset.query
    tables = {
        query.alias_map[alias].table_name
        for alias, count in query.alias_refcount.items()
        if count
    }
    own = {model._meta.db_table for model in queryset.model._meta.get_parent_list()}
    if not tables <= {*own, queryset.model._meta.db_table}:
        raise ValueError("a condition with joins cannot be precompiled")
    compiler = query.get_compiler(using=queryset.db)
    sql, params = compiler.compile(query.where)
    if compiler.connection.vendor == "postgresql":
        # Its values written into the text (quoted by psycopg), so that a
        # prepared statement (cms.api.pagination.prepared_values) holds them
        # as constants: as parameters, a plan made once re-read the arrays
        # of restricted and offline paths for every row it tested, and
        # could not hash them (a list on 100k pages took twice as long).
        sql = cast(Any, compiler.connection.ops).compose_sql(sql, params)
        sql, params = sql.replace("%", "%%"), ()
    joined = [
        next(
            field.name
            for field in parent._meta.local_concrete_fields
            if not field.primary_key
        )
        for parent in queryset.model._meta.get_parent_list()
    ]
    condition = Precompiled(sql, tuple(params), compiler.connection.vendor, joined)
    manager: Any = queryset.model._default_manager
    return cast(QuerySet[PageT], manager.filter(condition))


def served_translations(
    model: type[Page],
    *,
    scope: PublicScope,
    language: str,
    agencies: Sequence[str],
    compiled: bool = False,
) -> QuerySet[Page]:
    """One public translation of every item of ``model`` in the agencies'
    trees: the one in ``language`` if it is public, else the first public one
    of the fallback order. Deprovisioned agencies have no trees here, so none
    of their pages can be served. ``compiled``: its condition compiled once
    per scope (:class:`Precompiled`), after one query for the locales."""
    key = ("served", model, language, tuple(sorted(agencies)))
    if compiled:
        return scope.built(
            ("compiled", *key),
            lambda: precompiled(
                _served_translations(
                    model, scope, language, agencies, by_locale_id=True
                )
            ),
        )
    return scope.built(
        key, lambda: _served_translations(model, scope, language, agencies)
    )


def public_in_trees(model: type[Page], *, scope: PublicScope) -> QuerySet[Page]:
    """Every public page of ``model`` in an online agency's tree."""
    return scope.built(
        ("public", model),
        lambda: in_trees(
            public_live(model.objects.all(), scope=scope), tenancy=scope.tenancy
        ),
    )


def _served_translations(
    model: type[Page],
    scope: PublicScope,
    language: str,
    agencies: Sequence[str],
    *,
    by_locale_id: bool = False,
) -> QuerySet[Page]:
    """``by_locale_id``: the languages tested on the page's own column (no
    join), for :func:`precompiled`."""
    candidates = in_trees(
        public_live(model.objects.all(), scope=scope),
        tenancy=scope.tenancy,
        agencies=agencies,
    )
    order = fallback_order(language)
    locale_ids = _locale_ids(order) if by_locale_id else {}

    def in_language(code: str) -> Q:
        if by_locale_id:
            return Q(locale_id=locale_ids.get(code))
        return Q(locale__language_code=code)

    chosen: Q | Combinable = in_language(order[0])
    for position, code in enumerate(order[1:], start=1):
        better = public_live(
            model.objects.filter(
                translation_key=OuterRef("translation_key"),
                locale__language_code__in=order[:position],
            ),
            scope=scope,
        )
        chosen |= in_language(code) & ~Exists(better)
    return candidates.filter(chosen)


def _locale_ids(languages: Sequence[str]) -> dict[str, int]:
    """The locales' ids by language code (a language without a locale is
    absent: no page is in it). One query, once per public scope."""
    return dict(
        Locale.objects.filter(language_code__in=languages).values_list(
            "language_code", "pk"
        )
    )


def public_locales(
    model: type[Model], *, translation_keys: Iterable[object], scope: PublicScope
) -> dict[object, list[str]]:
    """The languages each item is public in, in the settings' order. One
    query."""
    keys = set(translation_keys)
    if not keys:
        return {}
    found = defaultdict(set)
    rows = (
        public_in_trees(model, scope=scope)
        .filter(translation_key__in=keys)
        .order_by()
        .values_list("translation_key", "locale__language_code")
    )
    for key, code in rows:
        found[key].add(code)
    return {
        key: [code for code in content_languages() if code in codes]
        for key, codes in found.items()
    }

"""National listings: how content apps put every agency's items on the
portal's own pages (the bare domain): the service catalogue, the board of
competitions, news across agencies, the offices.

A content app registers a :class:`NationalListing` in ``national_listings``
from its ``AppConfig.ready()``. The portal (the ``portal`` app) serves each
at ``/<language>/<slug>/`` on the bare domain, with its filters and, when
the listing says so, RSS and Atom feeds; the portal's home shows the first
entries of each (``home_limit``). A listing reads only public, live content
of online agencies, through :mod:`cms.api.content` (the API's rule), in a
fixed number of queries whatever the number of agencies.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agency_sites.models import Region
from cms.api.content import Tenancy
from cms.contracts import Registry
from cms.listings import FilterOption, filter_options

#: Entries on one page of a national listing (``?page=`` for the next).
ENTRIES_PER_PAGE = 50


@dataclass(frozen=True)
class ListingFilter:
    """One filter of a listing: a query parameter and its choices."""

    name: str
    label: str
    options: list[FilterOption]

    @property
    def is_active(self) -> bool:
        return any(option.selected and option.value for option in self.options)


@dataclass(frozen=True, kw_only=True)
class ListingEntry:
    """One item of a national listing, as the portal shows it."""

    title: str
    url: str
    agency: str
    summary: str = ""
    # The heading the entry is listed under (a category, a region), if any.
    group: str = ""
    # Label and value lines (how to apply, deadline, today's hours).
    details: tuple[tuple[str, str], ...] = ()
    # Label and address of links (the office on the map).
    links: tuple[tuple[str, str], ...] = ()
    # Short labels shown as tags ("Most requested", "Open now").
    badges: tuple[str, ...] = ()
    # When it was published (the feeds' date).
    published: datetime | None = None
    # schema.org JSON-LD of the item, if it has one worth publishing.
    structured_data: dict[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class ListingQuery:
    """What a listing is asked for: a language, the filters' parameters
    (unvalidated: a listing ignores values it does not know), and at most
    ``limit`` entries (the home, the feeds), or with None the page of
    :data:`ENTRIES_PER_PAGE` entries that ``?page=`` names."""

    language_code: str
    params: QueryDict
    request: HttpRequest | None = None
    limit: int | None = None
    # Read for the portal's home: only what the home shows (the most
    # requested services, the competitions closing soonest).
    for_home: bool = False


@dataclass(frozen=True, kw_only=True)
class ListingResult:
    entries: list[ListingEntry]
    filters: list[ListingFilter] = field(default_factory=list)
    # Entries left out because they are past (closed competitions), for the
    # link to the archive; 0 when the listing has no archive.
    archived: int = 0
    # When what the entries say stops being true (an office opens or
    # closes): the page is not kept in the cache past it.
    valid_until: datetime | None = None
    # The page of entries shown, when the listing is read a page at a time
    # (None: asked for a limited number, as the home and the feeds are).
    pagination: PaginatorPage[Any] | None = None

    @property
    def total(self) -> int:
        """How many entries match, on every page."""
        if self.pagination is not None:
            return self.pagination.paginator.count
        return len(self.entries)


@dataclass(frozen=True, kw_only=True)
class NationalListing:
    """A national listing (see the module)."""

    slug: str
    title: str | Promise
    description: str | Promise
    order: int
    read: Callable[[ListingQuery], ListingResult]
    # Whether the portal publishes RSS and Atom feeds of it.
    has_feeds: bool = False
    # How many entries the portal's home shows (0: not on the home), and
    # the heading there.
    home_limit: int = 0
    home_title: str | Promise = ""


national_listings: Registry[NationalListing] = Registry("national listings")


def national_listing(slug: str) -> NationalListing | None:
    """The listing published at ``slug``, if any."""
    return next((entry for entry in national_listings if entry.slug == slug), None)


def declared_listings() -> list[NationalListing]:
    """Every listing, in the portal's order."""
    return sorted(national_listings, key=lambda entry: entry.order)


@dataclass(frozen=True, kw_only=True)
class PortalLink:
    """A page of the portal a content app wants citizens to find (the
    transparency page of content health): listed on the portal's home and
    in the footer of every site. ``path`` follows the language prefix
    (``content-health/`` is served at ``/<language>/content-health/``)."""

    path: str
    title: str | Promise
    description: str | Promise = ""
    order: int = 0


portal_links: Registry[PortalLink] = Registry("portal links")


def declared_portal_links() -> list[PortalLink]:
    """Every portal link, in order."""
    return sorted(portal_links, key=lambda link: (link.order, link.path))


# --- shared by listings: the filters every national listing offers ---------


def rows_shown(
    rows: "QuerySet[Any, dict[str, Any]]", query: ListingQuery
) -> tuple[list[dict[str, Any]], PaginatorPage[Any] | None]:
    """The rows of an ordered ``values()`` query the listing shows: the
    first ``query.limit``, or the page ``?page=`` names (the first or the
    last when the number is missing or out of range) and that page, which
    costs one query more (the count)."""
    if query.limit is not None:
        return list(rows[: query.limit]), None
    page = Paginator(rows, ENTRIES_PER_PAGE).get_page(query.params.get("page"))
    return list(page.object_list), page


def chosen(params: QueryDict, name: str, known: Iterable[str]) -> str:
    """The value of filter ``name`` if it is one of ``known``, else empty
    (an unknown value filters nothing rather than failing)."""
    value = params.get(name, "")
    return value if value in set(known) else ""


def agency_filter(
    tenancy: Tenancy, *, params: QueryDict, language_code: str
) -> tuple[str, ListingFilter]:
    """The agency chosen (a slug, or empty) and the filter listing every
    online agency by name."""
    slug = chosen(params, "agency", tenancy.agencies)
    agencies = sorted(
        tenancy.agencies.values(), key=lambda agency: agency.name(language_code)
    )
    return slug, ListingFilter(
        name="agency",
        label=str(_("Agency")),
        options=filter_options(
            [
                *((agency.slug, agency.name(language_code)) for agency in agencies),
            ],
            chosen=slug,
        ),
    )


def region_filter(
    tenancy: Tenancy, *, params: QueryDict, everywhere: bool = False
) -> tuple[str, ListingFilter]:
    """The region chosen (or empty) and the filter of the regions where an
    online agency is (every region with ``everywhere``)."""
    region = chosen(params, "region", Region.values)
    present = {agency.region for agency in tenancy.agencies.values()} | {region}
    regions = [
        (value, label)
        for value, label in Region.choices
        if everywhere or value in present
    ]
    return region, ListingFilter(
        name="region",
        label=str(_("Region")),
        options=filter_options([*regions], chosen=region),
    )


def agencies_in(tenancy: Tenancy, *, agency: str, region: str) -> list[str] | None:
    """The agencies a listing reads: None for all, else the chosen one
    and/or those of the chosen region (possibly none)."""
    if not agency and not region:
        return None
    return [
        slug
        for slug, online in tenancy.agencies.items()
        if (not agency or slug == agency) and (not region or online.region == region)
    ]


@dataclass(frozen=True)
class NationalPanel:
    """The first entries of a listing, on the portal's home page."""

    listing: NationalListing
    entries: list[ListingEntry]
    url: str

    @property
    def title(self) -> str:
        return str(self.listing.home_title or self.listing.title)


def national_panels(
    *, language_code: str, request: HttpRequest | None = None
) -> list[NationalPanel]:
    """What the portal's home shows of each listing (the most requested
    services, the newest news, the competitions closing soonest); the
    listings that have nothing to show are left out."""
    panels = []
    for listing in declared_listings():
        if not listing.home_limit:
            continue
        result = listing.read(
            ListingQuery(
                language_code=language_code,
                params=QueryDict(),
                request=request,
                limit=listing.home_limit,
                for_home=True,
            )
        )
        if result.entries:
            panels.append(
                NationalPanel(
                    listing=listing,
                    entries=result.entries,
                    url=f"/{language_code}/{listing.slug}/",
                )
            )
    return panels

"""The agencies in the portal API: /api/v1/agencies/."""

from typing import TypedDict

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ninja import Field, Query, Router, Schema

from agency_sites.models import AgencyKind, Region
from cms.api import (
    ERROR_RESPONSES,
    Language,
    ListFilters,
    ListPage,
    Out,
    TextFilter,
    bad_parameter,
    not_found,
    online_tenancy,
    register_router,
    respond,
)
from cms.api.cache import cached_answers
from cms.api.content import OnlineAgency, Tenancy
from cms.api.pagination import Keyset, cursor_text, decode_cursor, encode_cursor

BY_SLUG = Keyset(fields=("slug",), parsers=(cursor_text,))


class AgencyFilters(ListFilters, TextFilter):
    kind: AgencyKind | None = Field(default=None, description="Central or local.")
    region: Region | None = Field(default=None, description="Region code.")


class AgencyItem(Out):
    slug: str
    name: str = Field(description="Official name in the requested language.")
    names: dict[str, str] = Field(description="Official name in every language.")
    kind: AgencyKind
    region: str
    url: str = Field(description="Home page of the agency's site in the language.")
    locales: list[str]


class AgencyList(ListPage):
    items: list[AgencyItem]


class AgencyItemData(TypedDict):
    """The fields of an :class:`AgencyItem`."""

    slug: str
    name: str
    names: dict[str, str]
    kind: str
    region: str
    url: str
    locales: list[str]


def _item(agency: OnlineAgency, tenancy: Tenancy, language: str) -> AgencyItemData:
    locales = tenancy.languages_of(agency.slug)
    served = language if language in locales else (locales or [language])[0]
    return {
        "slug": agency.slug,
        "name": agency.name(language),
        "names": agency.names,
        "kind": agency.kind,
        "region": agency.region,
        "url": f"{agency.root_url}/{served}/",
        "locales": locales,
    }


router = Router(tags=["agencies"])


@router.get(
    "/", response={200: AgencyList, **ERROR_RESPONSES}, summary="List online agencies"
)
@cached_answers("agencies:list")
def list_agencies(request: HttpRequest, filters: Query[AgencyFilters]) -> HttpResponse:
    """Every provisioned agency whose site is online, by slug."""
    tenancy = online_tenancy()
    agencies = sorted(tenancy.agencies.values(), key=lambda agency: agency.slug)
    unknown = [slug for slug in filters.agency if slug not in tenancy.agencies]
    if unknown:
        raise bad_parameter(
            "agency", _("Unknown agency: %(slugs)s.") % {"slugs": ", ".join(unknown)}
        )
    if filters.agency:
        agencies = [agency for agency in agencies if agency.slug in filters.agency]
    if filters.kind:
        agencies = [agency for agency in agencies if agency.kind == filters.kind]
    if filters.region:
        agencies = [agency for agency in agencies if agency.region == filters.region]
    text = (filters.q or "").strip().casefold()
    if text:
        agencies = [
            agency
            for agency in agencies
            if any(text in name.casefold() for name in agency.names.values())
            or text in agency.slug
        ]
    if filters.cursor:
        (after,) = decode_cursor(filters.cursor, BY_SLUG)
        agencies = [agency for agency in agencies if agency.slug > after]
    page = agencies[: filters.limit]
    more = len(agencies) > filters.limit
    return respond(
        AgencyList,
        {
            "items": [_item(agency, tenancy, filters.locale) for agency in page],
            "next_cursor": encode_cursor([page[-1].slug]) if more else None,
        },
    )


class AgencyParams(Schema):
    locale: Language = Field(
        default=settings.LANGUAGE_CODE, description="Language of the name."
    )


@router.get(
    "/{slug}/",
    response={200: AgencyItem, **ERROR_RESPONSES},
    summary="One online agency",
)
@cached_answers("agencies:detail")
def agency_detail(
    request: HttpRequest, slug: str, params: Query[AgencyParams]
) -> HttpResponse:
    tenancy = online_tenancy()
    agency = tenancy.agencies.get(slug)
    if agency is None:
        raise not_found(_("No online agency has this slug."))
    return respond(AgencyItem, _item(agency, tenancy, params.locale))


register_router("agencies", router)

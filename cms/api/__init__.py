"""The portal API framework: public content selection, pagination, errors
and HTTP behaviour shared by the routers each content app registers."""

from .content import PublicScope, Tenancy, online_tenancy, public_scope
from .errors import ERROR_RESPONSES, ApiError, ErrorBody, bad_parameter, not_found
from .items import (
    Narrowing,
    PageLink,
    Served,
    ServedPage,
    localized_terms,
    served_detail,
    served_list,
)
from .pagination import Keyset, cursor_date, cursor_int, cursor_text
from .registry import register_router, register_searchable
from .resources import Fields, PageResource, register_resource
from .responses import Out, respond
from .schemas import (
    AgencyRef,
    DateFilters,
    DetailParams,
    ItemBase,
    Language,
    ListFilters,
    ListPage,
    LocalTime,
    PageId,
    Slug,
    Text,
    TextFilter,
)
from .text import TextSource, containing

__all__ = [
    "ERROR_RESPONSES",
    "AgencyRef",
    "ApiError",
    "DateFilters",
    "DetailParams",
    "ErrorBody",
    "Fields",
    "ItemBase",
    "Keyset",
    "Language",
    "ListFilters",
    "ListPage",
    "LocalTime",
    "Narrowing",
    "Out",
    "PageId",
    "PageLink",
    "PageResource",
    "PublicScope",
    "Served",
    "ServedPage",
    "Slug",
    "Tenancy",
    "Text",
    "TextSource",
    "TextFilter",
    "bad_parameter",
    "containing",
    "cursor_date",
    "cursor_int",
    "cursor_text",
    "localized_terms",
    "not_found",
    "online_tenancy",
    "public_scope",
    "register_resource",
    "register_router",
    "register_searchable",
    "respond",
    "served_detail",
    "served_list",
]

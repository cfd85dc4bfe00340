"""Test data builders."""

from .content import (
    WORKING_WEEK,
    AgencyTree,
    DocumentFactory,
    ImageFactory,
    competition,
    news_item,
    news_topic,
    office,
    provisioned_agency,
    service,
    service_category,
)
from .registry import agency_entry, registry_file
from .tenancy import PASSWORD, AgencyWorld, build_tenancy_world

__all__ = [
    "PASSWORD",
    "WORKING_WEEK",
    "AgencyTree",
    "AgencyWorld",
    "DocumentFactory",
    "ImageFactory",
    "agency_entry",
    "build_tenancy_world",
    "competition",
    "news_item",
    "news_topic",
    "office",
    "provisioned_agency",
    "registry_file",
    "service",
    "service_category",
]

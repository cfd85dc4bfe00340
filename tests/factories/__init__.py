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

__all__ = [
    "WORKING_WEEK",
    "AgencyTree",
    "DocumentFactory",
    "ImageFactory",
    "agency_entry",
    "competition",
    "news_item",
    "news_topic",
    "office",
    "provisioned_agency",
    "registry_file",
    "service",
    "service_category",
]

"""Models of the service catalogue: categories, services, offices."""

from .catalogue import ServiceIndexPage
from .categories import ServiceCategory
from .offices import (
    OfficeIndexPage,
    OfficeKind,
    OfficeOpeningHours,
    OfficePage,
    OfficeSpecialDay,
)
from .services import Audience, Channel, ServiceOffice, ServicePage

__all__ = [
    "Audience",
    "Channel",
    "OfficeIndexPage",
    "OfficeKind",
    "OfficeOpeningHours",
    "OfficePage",
    "OfficeSpecialDay",
    "ServiceCategory",
    "ServiceIndexPage",
    "ServiceOffice",
    "ServicePage",
]

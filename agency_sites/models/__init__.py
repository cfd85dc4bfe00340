"""Tenancy records: the agency registry, agency roles, per-site settings and
the mixin for agency-owned content."""

from .ownership import AgencyOwnedMixin
from .registry import (
    HOSTNAME_PATTERN,
    SLUG_PATTERN,
    Agency,
    AgencyGroup,
    AgencyKind,
    AgencyRole,
    Region,
)
from .settings import ACCENT_PALETTE, AccentColour, AgencySettings

__all__ = [
    "ACCENT_PALETTE",
    "HOSTNAME_PATTERN",
    "SLUG_PATTERN",
    "AccentColour",
    "Agency",
    "AgencyGroup",
    "AgencyKind",
    "AgencyOwnedMixin",
    "AgencyRole",
    "AgencySettings",
    "Region",
]

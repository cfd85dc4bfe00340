"""Test data builders."""

from .registry import agency_entry, registry_file
from .tenancy import PASSWORD, AgencyWorld, build_tenancy_world

__all__ = [
    "PASSWORD",
    "AgencyWorld",
    "agency_entry",
    "build_tenancy_world",
    "registry_file",
]

"""Provisioning of agency sites (the assembly floor: it builds page trees from
the content apps' page types)."""

from .registry import AgencySpec, RegistryError, load_registry, parse_registry
from .services import (
    Outcome,
    ProvisioningReport,
    agency_sections,
    ensure_portal_site,
    provision_agencies,
    provision_agency_site,
)

__all__ = [
    "AgencySpec",
    "Outcome",
    "ProvisioningReport",
    "RegistryError",
    "agency_sections",
    "ensure_portal_site",
    "load_registry",
    "parse_registry",
    "provision_agencies",
    "provision_agency_site",
]

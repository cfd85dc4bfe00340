"""Provisioning of agency sites: it builds each site from the platform's
site blueprint (:mod:`cms.contracts.sites`), never from a content app's
models directly."""

from .registry import AgencySpec, RegistryError, load_registry, parse_registry
from .services import (
    Outcome,
    ProvisioningReport,
    ensure_portal_site,
    provision_agencies,
    provision_agency_site,
)

__all__ = [
    "AgencySpec",
    "Outcome",
    "ProvisioningReport",
    "RegistryError",
    "ensure_portal_site",
    "load_registry",
    "parse_registry",
    "provision_agencies",
    "provision_agency_site",
]

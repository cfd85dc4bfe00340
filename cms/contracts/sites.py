"""The site blueprint: which page types are the roots of the portal's own
site and of every agency site. Provisioning builds sites from it; the
assembly (the top floor, which alone may know every content app) registers
the one blueprint of the platform."""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from wagtail.models import Page

from cms.contracts import Registry
from cms.contracts.sections import SectionSpec, declared_sections


@dataclass(frozen=True, kw_only=True)
class SiteBlueprint:
    """``agency_home`` is the root page type of an agency site and
    ``portal_home`` that of the portal's own site; an agency's sections are
    the ones content apps declare (:mod:`cms.contracts.sections`)."""

    agency_home: type[Page]
    portal_home: type[Page]

    def sections(self) -> list[SectionSpec]:
        return declared_sections()


site_blueprints: Registry[SiteBlueprint] = Registry("site blueprints")


def site_blueprint() -> SiteBlueprint:
    """The platform's blueprint.

    Raises:
        ImproperlyConfigured: when no blueprint, or more than one, is
            registered (the assembly app is missing from INSTALLED_APPS).
    """
    blueprints = list(site_blueprints)
    if len(blueprints) != 1:
        raise ImproperlyConfigured(
            f"Expected one site blueprint, found {len(blueprints)}: add the "
            "'assembly' app to INSTALLED_APPS (it registers the blueprint)."
        )
    return blueprints[0]

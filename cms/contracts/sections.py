"""Site sections: how content apps declare the standard sections of every
agency site (Services, News, ...), and the central models portal
administrators manage for all agencies.

A content app registers :class:`SectionSpec` values in ``standard_sections``
from its ``AppConfig.ready()``; provisioning builds those sections under
every agency home, in every language.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Model
from django.utils.functional import Promise

from wagtail.models import Page

from cms.contracts import Registry

if TYPE_CHECKING:
    from agency_sites.models import Agency


@dataclass(frozen=True, kw_only=True)
class SectionSpec:
    """One standard section of an agency site.

    ``title`` is a lazy translatable string: provisioning renders it in each
    content language through the message catalogues. ``describe``, if given,
    is called as ``describe(agency, language_code)`` for the text a new
    section starts with (its introduction and meta description), so that no
    section is published empty.
    """

    slug: str
    page_model: type[Page]
    title: str | Promise
    order: int
    describe: Callable[["Agency", str], str] | None = None


standard_sections: Registry[SectionSpec] = Registry("standard sections")

# The global, centrally managed models (taxonomies) that portal
# administrators add, change and delete; provisioning grants those
# permissions.
portal_managed_models: Registry[type[Model]] = Registry("portal-managed models")


def declared_sections() -> list[SectionSpec]:
    """Every declared section, in menu order."""
    return sorted(standard_sections, key=lambda spec: (spec.order, spec.slug))

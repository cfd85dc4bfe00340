"""The contract by which content apps declare the standard sections of every
agency site (Services, News, ...).

Each content app registers a function under the ``register_agency_sections``
Wagtail hook that returns a list of :class:`SectionSpec`. Provisioning builds
those sections under every agency home, in every language.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from wagtail import hooks
from wagtail.models import Page

if TYPE_CHECKING:
    from agency_sites.models import Agency

REGISTER_AGENCY_SECTIONS_HOOK = "register_agency_sections"


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


def declared_sections() -> list[SectionSpec]:
    """Every section declared through the hook, in no particular order."""
    return [
        spec
        for hook in hooks.get_hooks(REGISTER_AGENCY_SECTIONS_HOOK)
        for spec in hook()
    ]


# Content apps return the global, centrally managed models (taxonomies) that
# portal administrators add, change and delete, from a function registered
# under this hook; provisioning grants those permissions.
PORTAL_MANAGED_MODELS_HOOK = "register_portal_managed_models"

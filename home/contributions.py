"""What the home app contributes to the platform's contracts
(:mod:`cms.contracts`): the About section every agency site starts with.
Registered by ``HomeConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from agency_sites.models import Agency
from agency_sites.selectors import agency_description
from cms.contracts.sections import SectionSpec, standard_sections
from cms.models import StandardPage


def describe_agency(agency: Agency, language_code: str) -> str:
    """What the agency is, from its registry entry: the text About starts
    with, until its editors write their own."""
    return agency_description(
        name=agency.name(language_code), kind=agency.kind, language_code=language_code
    )


ABOUT_SECTION = SectionSpec(
    slug="about",
    page_model=StandardPage,
    title=_("About us"),
    order=40,
    describe=describe_agency,
)


def register() -> None:
    standard_sections.register(ABOUT_SECTION)

from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from agency_sites.sections import REGISTER_AGENCY_SECTIONS_HOOK, SectionSpec
from cms.models import StandardPage


@hooks.register(REGISTER_AGENCY_SECTIONS_HOOK)
def standard_sections() -> list[SectionSpec]:
    return [
        SectionSpec(
            slug="about", page_model=StandardPage, title=_("About us"), order=40
        ),
    ]

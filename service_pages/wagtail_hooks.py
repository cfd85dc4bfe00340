from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from agency_sites.sections import REGISTER_AGENCY_SECTIONS_HOOK, SectionSpec
from service_pages.models import ServiceIndexPage


@hooks.register(REGISTER_AGENCY_SECTIONS_HOOK)
def service_sections() -> list[SectionSpec]:
    return [
        SectionSpec(
            slug="services", page_model=ServiceIndexPage, title=_("Services"), order=10
        ),
    ]

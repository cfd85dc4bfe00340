from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from agency_sites.demo import REGISTER_DEMO_CONTENT_HOOK, DemoContent
from agency_sites.sections import (
    PORTAL_MANAGED_MODELS_HOOK,
    REGISTER_AGENCY_SECTIONS_HOOK,
    SectionSpec,
)
from service_pages.demo import load_services
from service_pages.models import OfficeIndexPage, ServiceCategory, ServiceIndexPage


@hooks.register(REGISTER_AGENCY_SECTIONS_HOOK)
def service_sections() -> list[SectionSpec]:
    return [
        SectionSpec(
            slug="services", page_model=ServiceIndexPage, title=_("Services"), order=10
        ),
        SectionSpec(
            slug="contacts", page_model=OfficeIndexPage, title=_("Contacts"), order=50
        ),
    ]


class ServiceCategoryViewSet(SnippetViewSet):
    """The central taxonomy of service categories, in every language."""

    model = ServiceCategory
    icon = "tag"
    menu_label = _("Service categories")
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ServiceCategoryViewSet)


@hooks.register(REGISTER_DEMO_CONTENT_HOOK)
def service_demo_content() -> list[DemoContent]:
    return [DemoContent(name=_("Services and offices"), order=10, load=load_services)]


@hooks.register(PORTAL_MANAGED_MODELS_HOOK)
def portal_managed_service_models() -> list[type[Model]]:
    return [ServiceCategory]

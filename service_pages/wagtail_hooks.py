from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from agency_sites.demo import REGISTER_DEMO_CONTENT_HOOK, DemoContent
from agency_sites.sections import (
    PORTAL_MANAGED_MODELS_HOOK,
    REGISTER_AGENCY_SECTIONS_HOOK,
    SectionSpec,
)
from cms.chrome import SITE_CONTACTS_HOOK, OfficialContacts
from cms.listings import Card
from home.panels import AGENCY_HOME_PANELS_HOOK, HomePanel
from service_pages.demo import load_services
from service_pages.models import OfficeIndexPage, ServiceCategory, ServiceIndexPage
from service_pages.selectors import head_office_contacts, most_requested_services


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


@hooks.register(AGENCY_HOME_PANELS_HOOK)
def most_requested_panel(*, home: Page, request: HttpRequest) -> HomePanel:
    """The agency's most requested services, on its home page."""
    return HomePanel(
        title=str(_("Most requested services")),
        order=10,
        cards=[
            Card(
                title=service.get_listing_title(),
                url=service.get_url(request),
                meta=service.listing_meta(),
                summary=service.get_listing_summary(),
            )
            for service in most_requested_services(home=home)
        ],
    )


@hooks.register(REGISTER_DEMO_CONTENT_HOOK)
def service_demo_content() -> list[DemoContent]:
    return [DemoContent(name=_("Services and offices"), order=10, load=load_services)]


@hooks.register(PORTAL_MANAGED_MODELS_HOOK)
def portal_managed_service_models() -> list[type[Model]]:
    return [ServiceCategory]


@hooks.register(SITE_CONTACTS_HOOK)
def head_office_as_site_contacts(
    *, root: Page, request: HttpRequest | None
) -> OfficialContacts | None:
    return head_office_contacts(root=root, request=request)

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.chrome import SITE_CONTACTS_HOOK, OfficialContacts
from service_pages.models import ServiceCategory
from service_pages.selectors import head_office_contacts


class ServiceCategoryViewSet(SnippetViewSet):
    """The central taxonomy of service categories, in every language."""

    model = ServiceCategory
    icon = "tag"
    menu_label = _("Service categories")
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ServiceCategoryViewSet)


@hooks.register(SITE_CONTACTS_HOOK)
def head_office_as_site_contacts(
    *, root: Page, request: HttpRequest | None
) -> OfficialContacts | None:
    return head_office_contacts(root=root, request=request)

"""Tree rules and rendering of the page types that exist so far."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from agency_sites.models import Agency
from agency_sites.provisioning import parse_registry, provision_agencies
from cms.models import StandardPage
from home.models import AgencyHomePage, PortalHomePage
from news.models import CompetitionIndexPage, NewsIndexPage
from service_pages.models import ServiceIndexPage
from tests.factories import agency_entry

SECTION_TYPES = [ServiceIndexPage, NewsIndexPage, CompetitionIndexPage]


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        provision_agencies(specs=parse_registry({"agencies": [agency_entry("mvd")]}))
        cls.home = Agency.objects.get(slug="mvd").site.root_page.specific

    def test_homes_live_at_the_root_of_the_tree_only(self):
        self.assertCanCreateAt(Page, AgencyHomePage)
        self.assertCanCreateAt(Page, PortalHomePage)
        for parent in [AgencyHomePage, PortalHomePage, StandardPage, *SECTION_TYPES]:
            self.assertCanNotCreateAt(parent, AgencyHomePage)

    def test_sections_live_under_an_agency_home_only(self):
        for section in SECTION_TYPES:
            self.assertCanCreateAt(AgencyHomePage, section)
            self.assertCanNotCreateAt(Page, section)
            self.assertCanNotCreateAt(PortalHomePage, section)
            self.assertCanNotCreateAt(StandardPage, section)

    def test_portal_takes_standard_pages_only(self):
        self.assertAllowedSubpageTypes(PortalHomePage, {StandardPage})

    def test_one_section_of_each_kind_per_agency(self):
        for section in SECTION_TYPES:
            assert not section.can_create_at(self.home)

    def test_standard_pages_nest(self):
        self.assertCanCreateAt(AgencyHomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)

    def test_every_provisioned_page_renders(self):
        # Django's test client ignores the host of an absolute URL: set it.
        self.client.defaults["HTTP_HOST"] = "mvd.portal.test"
        for home in self.home.get_translations(inclusive=True):
            for page in home.get_descendants(inclusive=True).specific():
                self.assertPageIsRenderable(page)
        self.client.defaults["HTTP_HOST"] = "portal.test"
        for page in Page.objects.type(PortalHomePage).specific():
            self.assertPageIsRenderable(page)

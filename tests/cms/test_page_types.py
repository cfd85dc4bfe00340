"""Tree rules, and every page type rendered, edited and previewed as in the
admin."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import StandardPage
from cms.services import add_published_child
from home.models import AgencyHomePage, PortalHomePage
from news.models import CompetitionIndexPage, CompetitionPage, NewsIndexPage, NewsPage
from service_pages.models import (
    OfficeIndexPage,
    OfficePage,
    ServiceIndexPage,
    ServicePage,
)
from tests import factories
from tests.admin_forms import edit_form_data

SECTION_TYPES = [
    ServiceIndexPage,
    NewsIndexPage,
    CompetitionIndexPage,
    OfficeIndexPage,
]
ALL_TYPES = [
    AgencyHomePage,
    PortalHomePage,
    StandardPage,
    *SECTION_TYPES,
    ServicePage,
    OfficePage,
    NewsPage,
    CompetitionPage,
]


class TreeRuleTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("mvd")

    def test_homes_live_at_the_root_of_the_tree_only(self):
        self.assertCanCreateAt(Page, AgencyHomePage)
        self.assertCanCreateAt(Page, PortalHomePage)
        for parent in ALL_TYPES:
            self.assertCanNotCreateAt(parent, AgencyHomePage)
            self.assertCanNotCreateAt(parent, PortalHomePage)

    def test_sections_live_under_an_agency_home_only(self):
        for section in SECTION_TYPES:
            self.assertAllowedParentPageTypes(section, {AgencyHomePage})

    def test_one_section_of_each_kind_per_agency(self):
        for section in SECTION_TYPES:
            assert not section.can_create_at(self.tree.home)

    def test_each_section_takes_its_own_pages_only(self):
        self.assertAllowedSubpageTypes(ServiceIndexPage, {ServicePage})
        self.assertAllowedSubpageTypes(OfficeIndexPage, {OfficePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(CompetitionIndexPage, {CompetitionPage})
        for leaf in [ServicePage, OfficePage, NewsPage, CompetitionPage]:
            self.assertAllowedSubpageTypes(leaf, set())

    def test_content_pages_live_in_their_section_only(self):
        self.assertAllowedParentPageTypes(ServicePage, {ServiceIndexPage})
        self.assertAllowedParentPageTypes(OfficePage, {OfficeIndexPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedParentPageTypes(CompetitionPage, {CompetitionIndexPage})

    def test_standard_pages_go_under_homes_and_each_other(self):
        self.assertAllowedSubpageTypes(PortalHomePage, {StandardPage})
        self.assertCanCreateAt(AgencyHomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        for parent in [*SECTION_TYPES, ServicePage, OfficePage, NewsPage]:
            self.assertCanNotCreateAt(parent, StandardPage)

    def test_agency_home_takes_the_sections_and_standard_pages(self):
        self.assertAllowedSubpageTypes(AgencyHomePage, {*SECTION_TYPES, StandardPage})

    def test_provisioning_creates_every_section_in_every_language(self):
        types = {slug: type(page) for slug, page in self.tree.sections.items()}
        assert types == {
            "services": ServiceIndexPage,
            "news": NewsIndexPage,
            "competitions": CompetitionIndexPage,
            "about": StandardPage,
            "contacts": OfficeIndexPage,
        }
        for section in self.tree.sections.values():
            assert section.get_translations().count() == 2


class EveryPageTypeTests(WagtailPageTestCase):
    """One page of every type, in a provisioned agency site."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("mvd")
        office = factories.office(cls.tree)
        document = factories.DocumentFactory()
        image = factories.ImageFactory()
        cls.pages = [
            cls.tree.home,
            *cls.tree.sections.values(),
            office,
            factories.service(
                cls.tree,
                offices=[office],
                required_documents=[
                    ("document", {"name": "Шиноснома", "note": "", "form": document})
                ],
                steps=[("step", {"title": "Ариза", "text": "<p>Пур кунед.</p>"})],
            ),
            factories.news_item(cls.tree, image=image, topics=[factories.news_topic()]),
            factories.competition(cls.tree),
            add_published_child(
                parent=cls.tree.home,
                page=StandardPage(
                    title="Роҳбарият",
                    slug="leadership",
                    body=[
                        ("heading", {"text": "Роҳбарият", "level": "h2"}),
                        ("image", {"image": image, "caption": "Вазир"}),
                    ],
                ),
            ),
        ]
        cls.portal = Page.objects.type(PortalHomePage).first().specific

    def setUp(self):
        # Django's test client ignores the host of an absolute URL: set it.
        self.client.defaults["HTTP_HOST"] = self.tree.hostname

    def test_every_type_is_covered(self):
        covered = {type(page) for page in self.pages} | {PortalHomePage}
        assert covered == set(ALL_TYPES)

    def test_every_page_renders_in_every_language(self):
        for page in self.pages:
            for version in page.get_translations(inclusive=True).specific():
                with self.subTest(page=version.url_path):
                    self.assertPageIsRenderable(version)
        self.client.defaults["HTTP_HOST"] = "portal.test"
        self.assertPageIsRenderable(self.portal)

    def test_every_page_is_editable(self):
        editor = self.create_superuser("editor")
        for page in [*self.pages, self.portal]:
            with self.subTest(page=page.url_path):
                # Each assertion logs the editor out when it is done.
                self.client.force_login(editor)
                data = edit_form_data(self.client, page)
                self.assertPageIsEditable(page, post_data=data, user=editor)

    def test_every_page_is_previewable(self):
        editor = self.create_superuser("editor")
        for page in [*self.pages, self.portal]:
            with self.subTest(page=page.url_path):
                # Each assertion logs the editor out when it is done.
                self.client.force_login(editor)
                data = edit_form_data(self.client, page)
                self.assertPageIsPreviewable(page, post_data=data, user=editor)

"""Official documents with their number and date, links to what no longer
exists, and reachability along what the templates link: the exact findings,
what citizens see, and checks whose queries do not grow with the pages."""

from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from wagtail.models import Locale, Page

from cms.models import CustomDocument, CustomImage, StandardPage
from cms.services import add_published_child
from compliance.models import render_finding
from compliance.services import check_agency, checked_agencies, stored_finding
from tests import factories
from tests.compliance.world import TODAY, compliant_agency, link_to, translate


def rule_findings(slug: str, code: str) -> list[tuple]:
    agency = checked_agencies().get(slug=slug)
    (outcome,) = [
        outcome
        for outcome in check_agency(agency=agency, today=TODAY)
        if outcome.rule.code == code
    ]
    with translation.override("en"):
        return [
            (item["message"], item["page_id"], item["field"])
            for item in (
                render_finding(stored_finding(finding)) for finding in outcome.findings
            )
        ]


def document(title: str) -> CustomDocument:
    return factories.DocumentFactory(title=title)


def act(title: str, *, number: str = "", signed: date | None = None, file=None):
    return {
        "kind": "order",
        "title": title,
        "number": number,
        "date": signed,
        "document": file or document(title),
    }


def legal_acts(*acts: dict) -> tuple[str, dict]:
    return ("legal_acts", {"heading": "Санадҳо", "acts": list(acts)})


class LegalActTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = tree = compliant_agency("acts")
        cls.news = factories.news_item(
            tree,
            title="Тартиби нави қабул",
            body=[
                ("paragraph", "<p>Қабул рӯзи шанбе низ гузаронида мешавад.</p>"),
                legal_acts(
                    act("Дар бораи қабули шаҳрвандон", number="15", signed=TODAY),
                    act("Дар бораи соатҳои корӣ", signed=TODAY),
                    act("Дар бораи навбатдорӣ", number="16"),
                ),
            ],
        )
        translate(cls.news)
        translate(cls.news, "en")
        cls.page = add_published_child(
            parent=tree.sections["about"],
            page=StandardPage(
                title="Низомнома",
                slug="regulation",
                body=[legal_acts(act("Низомномаи вазорат"))],
            ),
        )
        translate(cls.page)

    def test_each_act_without_number_or_date_is_reported(self):
        assert rule_findings("acts", "documents.number_and_date") == [
            (
                "“Тартиби нави қабул” publishes “Дар бораи соатҳои корӣ” without "
                "its number.",
                self.news.pk,
                "number",
            ),
            (
                "“Тартиби нави қабул” publishes “Дар бораи навбатдорӣ” without its "
                "date.",
                self.news.pk,
                "date",
            ),
            (
                "“Низомнома” publishes “Низомномаи вазорат” without its number and "
                "date.",
                self.page.pk,
                "number and date",
            ),
        ]

    def test_a_complete_act_passes(self):
        tree = compliant_agency("complete-acts")
        factories.news_item(
            tree,
            body=[legal_acts(act("Дар бораи қабул", number="7", signed=TODAY))],
        )
        assert rule_findings("complete-acts", "documents.number_and_date") == []

    def test_citizens_read_kind_number_and_date_in_their_language(self):
        expected = {
            "tg": "Амр № 15 аз ",
            "ru": "Приказ № 15 от ",
            "en": "Order No. 15 of ",
        }
        site = self.tree.agency.site
        for language, prefix in expected.items():
            page = self.news.get_translation(Locale.objects.get(language_code=language))
            response = self.client.get(
                page.relative_url(site), headers={"host": self.tree.hostname}
            )
            assert response.status_code == 200
            with translation.override(language):
                signed = date_format(TODAY, "DATE_FORMAT")
            html = response.content.decode()
            assert f"{prefix}{signed}" in html, language
            assert "Дар бораи қабули шаҳрвандон" in html


class BrokenLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = tree = compliant_agency("links")
        about = tree.sections["about"]
        cls.target = add_published_child(
            parent=about, page=StandardPage(title="Роҳбарият", slug="leadership")
        )
        cls.form = document("Намунаи ариза")
        cls.manual = document("Дастур")
        cls.picture = CustomImage.objects.create(
            title="Бино",
            description="Бинои вазорат",
            file=factories.ImageFactory.build().file,
        )
        cls.linking = add_published_child(
            parent=about,
            page=StandardPage(
                title="Маълумот",
                slug="information",
                body=[
                    (
                        "paragraph",
                        f'<p><a linktype="page" id="{cls.target.pk}">Роҳбарият</a> '
                        f'<a linktype="document" id="{cls.manual.pk}">Дастур</a></p>',
                    ),
                    (
                        "documents",
                        {
                            "heading": "",
                            "documents": [{"document": cls.form, "title": ""}],
                        },
                    ),
                    ("image", {"image": cls.picture, "caption": "", "credit": ""}),
                ],
            ),
        )

    def test_links_to_existing_public_objects_pass(self):
        assert rule_findings("links", "links.internal") == []

    def test_deleting_a_linked_page_document_and_image_is_reported(self):
        self.target.delete()
        self.form.delete()
        self.manual.delete()
        self.picture.delete()
        # Wagtail forgets the references when their target is deleted.
        assert rule_findings("links", "links.internal") == [
            (
                "“Маълумот” links to a document that no longer exists.",
                self.linking.pk,
                "body",
            ),
            (
                "“Маълумот” shows an image that no longer exists.",
                self.linking.pk,
                "body",
            ),
            (
                "“Маълумот” links to a page that no longer exists.",
                self.linking.pk,
                "body",
            ),
        ]

    def test_an_unpublished_linked_page_is_reported(self):
        self.target.unpublish()
        assert rule_findings("links", "links.internal") == [
            (
                "“Маълумот” links to a page that is not published.",
                self.linking.pk,
                "body",
            )
        ]


class ReachabilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = tree = compliant_agency("clicks")
        about = tree.sections["about"]
        # Deep in the tree (three levels under About) but linked from About:
        # two clicks away.
        parent = about
        for level in range(3):
            parent = add_published_child(
                parent=parent,
                page=StandardPage(title=f"Сатҳи {level + 2}", slug=f"level-{level}"),
            )
        cls.deep = parent
        link_to(about, cls.deep)
        # Right under the home page, but neither in the menu nor linked.
        cls.hidden = add_published_child(
            parent=tree.home,
            page=StandardPage(
                title="Саҳифаи пинҳон", slug="hidden", show_in_menus=False
            ),
        )

    def test_a_deep_linked_page_passes_and_a_shallow_unlinked_one_fails(self):
        findings = rule_findings("clicks", "structure.clicks")
        unlinked = {
            page.title: page.pk
            for page in Page.objects.descendant_of(self.tree.sections["about"])
            .filter(depth__lt=self.deep.depth)
            .order_by("path")
        }
        assert findings == [
            *(
                (
                    f"No menu, listing or link leads to “{title}” from the home page.",
                    pk,
                    "",
                )
                for title, pk in unlinked.items()
            ),
            (
                "No menu, listing or link leads to “Саҳифаи пинҳон” from the home "
                "page.",
                self.hidden.pk,
                "",
            ),
        ]
        assert self.deep.pk not in {pk for _message, pk, _field in findings}

    def test_showing_a_page_in_the_menu_makes_it_reachable(self):
        Page.objects.filter(pk=self.hidden.pk).update(show_in_menus=True)
        findings = rule_findings("clicks", "structure.clicks")
        assert self.hidden.pk not in {pk for _message, pk, _field in findings}


def grow(tree, count: int) -> None:
    """``count`` more pages under About, each linked from About and from a
    news item, both publishing official acts."""
    about = tree.sections["about"]
    start = StandardPage.objects.child_of(about).count()
    for n in range(start, start + count):
        target = add_published_child(
            parent=about,
            page=StandardPage(
                title=f"Саҳифа {n}",
                slug=f"page-{n}",
                body=[legal_acts(act(f"Амр {n}"), act(f"Қарор {n}"))],
            ),
        )
        link_to(about, target)
        factories.news_item(
            tree,
            body=[
                (
                    "paragraph",
                    f'<p><a linktype="page" id="{target.pk}">{n}</a></p>',
                ),
                legal_acts(act(f"Фармон {n}", number=str(n))),
            ],
        )


class QueryCountTests(TestCase):
    """The three checks read the pages' text once per page type, whatever
    the number of pages, acts and links."""

    @classmethod
    def setUpTestData(cls):
        cls.small = compliant_agency("few-links")
        cls.large = compliant_agency("many-links")
        for tree in (cls.small, cls.large):
            grow(tree, 1)

    def queries(self, slug: str) -> int:
        agency = checked_agencies().get(slug=slug)
        check_agency(agency=agency, today=TODAY)  # warm the content types
        with CaptureQueriesContext(connection) as captured:
            check_agency(agency=agency, today=TODAY)
        return len(captured)

    def test_the_new_checks_cost_the_same_queries_whatever_the_pages(self):
        small = self.queries("few-links")
        assert self.queries("many-links") == small
        grow(self.large, 5)
        assert self.queries("many-links") == small
        grow(self.large, 5)
        assert self.queries("many-links") == small

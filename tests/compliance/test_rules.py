"""The content rules against agencies built to break them: the exact
findings of each rule, the score, the stored history, and a check whose
query count does not grow with the number of pages."""

import io
from datetime import timedelta

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale, Page

import pytest

from cms.contracts.health import declared_rules
from cms.models import CustomImage, StandardPage
from compliance.models import HealthReport, RuleSetting, render_finding
from compliance.services import (
    check_agency,
    checked_agencies,
    run_health_checks,
    stored_finding,
)
from service_pages.models import ServicePage
from tests import factories
from tests.compliance.world import (
    TODAY,
    add_news,
    compliant_agency,
    documents,
    link_to,
    translate,
)

EVERY_RULE = {
    "accessibility.alt_text",
    "contacts.head_office",
    "contacts.official",
    "documents.number_and_date",
    "links.internal",
    "language.translations",
    "news.competitions",
    "news.freshness",
    "pages.stale",
    "services.reviewed",
    "structure.clicks",
    "structure.sections",
}


def findings_by_rule(slug: str, language: str = "en") -> dict[str, list[tuple]]:
    agency = checked_agencies().get(slug=slug)
    outcomes = check_agency(agency=agency, today=TODAY)
    with translation.override(language):
        return {
            outcome.rule.code: [
                (item["message"], item["page_id"], item["field"])
                for item in (
                    render_finding(stored_finding(finding))
                    for finding in outcome.findings
                )
            ]
            for outcome in outcomes
        }


class RuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.good = compliant_agency("good")
        # An agency that breaks every rule.
        tree = cls.bad = factories.provisioned_agency("bad")
        about = tree.sections["about"]
        chain = about
        for depth in range(3):
            chain = StandardPage(title=f"Level {depth + 2}", slug=f"level-{depth}")
            (about if depth == 0 else cls.chain[-1]).add_child(instance=chain)
            chain.save_revision().publish()
            cls.chain = [*getattr(cls, "chain", []), chain]
        Page.objects.filter(pk=cls.chain[0].pk).update(
            last_published_at=about.last_published_at - timedelta(days=400)
        )
        # About links to the first page of the chain, each to the next: the
        # last is 4 clicks from home (About is 1, in the menu).
        for page, target in zip([about, *cls.chain], cls.chain, strict=False):
            link_to(page, target)
        contacts = tree.agency.site and tree.agency.site.pk
        from agency_sites.models import AgencySettings

        settings = AgencySettings.objects.get(site_id=contacts)
        settings.phone = "221-00-00"
        settings.address_tg = "Душанбе"
        settings.save()
        cls.office = factories.office(tree, title="Маркази хизматрасонӣ")
        translate(cls.office)
        cls.office.save_revision().publish()  # newer than its translation
        cls.service = factories.service(tree, title="Иҷозатнома", processing_time="")
        ServicePage.objects.filter(pk=cls.service.pk).update(
            fee_amount=None, is_free=False
        )
        CustomImage.objects.create(
            title="Бинои вазорат",
            file=factories.ImageFactory.build().file,
            collection_id=tree.agency.image_collection_id,
        )
        tree.sections["news"].unpublish()
        # A page linking to a draft (the reference index is updated by a
        # task run when the transaction commits).
        draft = StandardPage(title="Лоиҳа", slug="draft", live=False)
        about.add_child(instance=draft)
        with cls.captureOnCommitCallbacks(execute=True):
            cls.linking = StandardPage(
                title="Пайвандҳо",
                slug="links",
                body=[
                    (
                        "paragraph",
                        f'<p><a linktype="page" id="{draft.pk}">Лоиҳа</a></p>',
                    ),
                    (
                        "legal_acts",
                        {
                            "heading": "",
                            "acts": [
                                {
                                    "kind": "order",
                                    "title": "Дар бораи сомона",
                                    "number": "",
                                    "date": None,
                                    "document": factories.DocumentFactory(),
                                }
                            ],
                        },
                    ),
                ],
            )
            about.add_child(instance=cls.linking)
            cls.linking.save_revision().publish()

    def test_a_compliant_agency_meets_every_rule(self):
        findings = findings_by_rule("good")
        assert set(findings) == EVERY_RULE
        assert {code: items for code, items in findings.items() if items} == {}

    def test_each_rule_reports_exactly_what_is_wrong(self):
        bad = self.bad
        chain = self.chain
        findings = findings_by_rule("bad")
        competitions = bad.sections["competitions"]
        assert findings["structure.sections"] == [
            ("The section “News” is missing.", None, ""),
            ("The section “Civil-service competitions” is empty.", competitions.pk, ""),
        ]
        assert findings["contacts.official"] == [
            ("The official address in Russian is missing.", None, "address (Russian)"),
            ("The official address in English is missing.", None, "address (English)"),
            (
                "The official phone number is missing or not in the international "
                "form.",
                None,
                "phone",
            ),
            ("The official e-mail address is missing or not valid.", None, "email"),
        ]
        russian_office = self.office.get_translation(
            Locale.objects.get(language_code="ru")
        )
        untranslated = [
            (f"“{page.title}” is not published in Russian.", page.pk, "")
            for page in sorted(
                [*chain, self.service, self.linking], key=lambda page: page.path
            )
        ]
        news = bad.sections["news"]
        orphans = [
            (
                f"“{page.title}” is published in {name} but not in Tajik.",
                page.pk,
                "",
            )
            for page, name in (
                (
                    news.get_translation(Locale.objects.get(language_code="ru")),
                    "Russian",
                ),
                (
                    news.get_translation(Locale.objects.get(language_code="en")),
                    "English",
                ),
            )
        ]
        assert sorted(findings["language.translations"]) == sorted(
            [
                *untranslated,
                *orphans,
                (
                    "The Russian version of “Маркази хизматрасонӣ” is older than "
                    "the page it translates.",
                    russian_office.pk,
                    "",
                ),
            ]
        )
        assert findings["accessibility.alt_text"] == [
            ("The image “Бинои вазорат” has no alternative text.", None, "Description")
        ]
        assert findings["structure.clicks"] == [
            (
                f"“{chain[2].title}” is 4 clicks away from the home page.",
                chain[2].pk,
                "",
            ),
            (
                "No menu, listing or link leads to “Пайвандҳо” from the home page.",
                self.linking.pk,
                "",
            ),
        ]
        old = bad.sections["about"].last_published_at - timedelta(days=400)
        assert findings["pages.stale"] == [
            (
                f"“{chain[0].title}” was last updated on {old.date().isoformat()}.",
                chain[0].pk,
                "",
            )
        ]
        assert findings["services.reviewed"] == [
            ("“Иҷозатнома” has never been reviewed.", self.service.pk, "last reviewed"),
            ("“Иҷозатнома” does not say what it costs.", self.service.pk, "fee (TJS)"),
            (
                "“Иҷозатнома” does not say how long it takes.",
                self.service.pk,
                "processing time",
            ),
            (
                "“Иҷозатнома” does not list the documents to bring.",
                self.service.pk,
                "required documents",
            ),
        ]
        assert findings["links.internal"] == [
            (
                "“Пайвандҳо” links to a page that is not published.",
                self.linking.pk,
                "body",
            )
        ]
        assert findings["documents.number_and_date"] == [
            (
                "“Пайвандҳо” publishes “Дар бораи сомона” without its number and date.",
                self.linking.pk,
                "number and date",
            )
        ]
        assert findings["contacts.head_office"] == [
            ("The Contacts section has no head office.", None, "")
        ]
        assert findings["news.freshness"] == [
            ("The News section has no news.", None, "")
        ]
        assert findings["news.competitions"] == [
            (
                "No competition is open or was announced since "
                f"{(TODAY - timedelta(days=90)).isoformat()}, and the section "
                "does not say that none is open.",
                competitions.pk,
                "introduction",
            )
        ]

    def test_findings_are_read_in_the_readers_language(self):
        findings = findings_by_rule("bad", language="ru")
        assert findings["news.freshness"] == [
            ("В разделе «Новости» нет новостей.", None, "")
        ]
        assert findings["contacts.official"][0][0] == (
            "Официальный адрес на языке «Русский» не указан."
        )

    def test_thresholds_come_from_the_portal_administrators_settings(self):
        RuleSetting.objects.create(parameter="structure.max_clicks", value=4)
        RuleSetting.objects.create(parameter="translations.require_ru", value=0)
        findings = findings_by_rule("bad")
        # The chain's last page is now near enough; an unlinked page is not.
        assert findings["structure.clicks"] == [
            (
                "No menu, listing or link leads to “Пайвандҳо” from the home page.",
                self.linking.pk,
                "",
            )
        ]
        assert [
            m for m, *_rest in findings["language.translations"] if "Tajik" not in m
        ] == [
            "The Russian version of “Маркази хизматрасонӣ” is older than the page "
            "it translates."
        ]

    def test_score_is_weighted_by_severity_and_kept_per_day(self):
        reports = run_health_checks(day=TODAY - timedelta(days=1))
        by_slug = {report.agency.slug: report for report in reports}
        assert by_slug["good"].score == 100
        assert by_slug["bad"].score == 0
        assert by_slug["good"].results.filter(passed=True).count() == len(
            declared_rules()
        )
        # One advice-level failure (an image without alternative text) costs
        # its weight: 1 of the 26 points of every rule.
        image = CustomImage.objects.create(
            title="Сурат",
            file=factories.ImageFactory.build().file,
            collection_id=self.good.agency.image_collection_id,
        )
        (today,) = run_health_checks(agencies=checked_agencies().filter(slug="good"))
        assert today.score == round(100 * 25 / 26)
        failing = today.results.get(passed=False)
        assert failing.rule == "accessibility.alt_text"
        assert failing.findings[0]["values"] == {"title": "Сурат"}
        image.description = "Бинои вазорат аз берун"
        image.save()
        (again,) = run_health_checks(agencies=checked_agencies().filter(slug="good"))
        assert again.pk == today.pk and again.score == 100
        assert list(
            HealthReport.objects.filter(agency__slug="good")
            .order_by("day")
            .values_list("score", flat=True)
        ) == [100, 100]


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.small = compliant_agency("small", news=1)
        cls.large = compliant_agency("large", news=6)
        for tree in (cls.large,):
            for n in range(3):
                translate(
                    factories.service(
                        tree,
                        last_reviewed=TODAY,
                        required_documents=documents(3),
                        slug=f"more-{n}",
                    )
                )

    def queries(self, slug: str, day=None) -> int:
        agency = checked_agencies().get(slug=slug)
        with CaptureQueriesContext(connection) as captured:
            run_health_checks(agencies=[agency], day=day)
        return len(captured)

    def test_the_check_costs_the_same_queries_whatever_the_pages(self):
        # A first run warms the content-type cache and creates the day's
        # reports; later runs of the day replace them, as a re-run does.
        self.queries("small"), self.queries("large")
        small, large = self.queries("small"), self.queries("large")
        assert small == large
        # The snapshot, each rule's few queries, and the text of each page
        # type with text fields (links, reachability, official documents).
        assert small <= 30
        add_news(self.large, 4)
        assert self.queries("large") == small
        # The first run of a day (reports created, not replaced) too.
        tomorrow = TODAY + timedelta(days=1)
        assert self.queries("small", tomorrow) == self.queries("large", tomorrow)


class CommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        compliant_agency("cmd")

    def test_checks_by_hand_with_a_progress_bar(self):
        out = io.StringIO()
        call_command(
            "check_content_health", "--agency", "cmd", "--no-reminders", stdout=out
        )
        text = out.getvalue()
        assert "[" + "#" * 30 + "] 1/1 cmd: 100" in text
        assert HealthReport.objects.get(agency__slug="cmd").score == 100

    def test_a_mistyped_slug_or_day_is_explained(self):
        with pytest.raises(CommandError, match="nope"):
            call_command("check_content_health", "--agency", "nope")
        with pytest.raises(CommandError, match="07.12.2026"):
            call_command("check_content_health", "--day", "07.12.2026")

"""A service in three languages: structure synchronised, text translated."""

from decimal import Decimal

from django.test import TestCase

from wagtail.models import Locale
from wagtail_localize.models import Translation

from cms.translation import sync_translations, translate_page
from tests import factories
from tests.rendering import render

RUSSIAN = {
    "title": "Справка о судимости",
    "summary": "Справка о наличии или отсутствии судимости.",
    "fee_note": "Госпошлина, оплачивается в банке.",
}
ENGLISH = {
    "title": "Criminal record certificate",
    "summary": "A certificate of having or not having a criminal record.",
    "fee_note": "State duty, paid at a bank.",
}


class ServiceTranslationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("mvd")
        cls.office = factories.office(cls.tree)
        for code in ("ru", "en"):
            translate_page(
                cls.office,
                locale=Locale.objects.get(language_code=code),
                strings={"title": f"Office ({code})"},
            )
        cls.service = factories.service(
            cls.tree,
            title="Маълумотнома дар бораи доғи судӣ",
            slug="criminal-record-check",
            service_code="criminal-record-check",
            summary="Маълумотнома дар бораи доштан ё надоштани доғи судӣ.",
            fee_amount=Decimal("30.00"),
            fee_note="Боҷи давлатӣ, дар бонк пардохт мешавад.",
            offices=[cls.office],
        )
        cls.translations = {
            code: translate_page(
                cls.service,
                locale=Locale.objects.get(language_code=code),
                strings=strings,
            )
            for code, strings in (("ru", RUSSIAN), ("en", ENGLISH))
        }

    def test_translations_are_linked_through_wagtail_localize(self):
        targets = Translation.objects.filter(
            source__object_id=self.service.translation_key
        ).values_list("target_locale__language_code", flat=True)
        assert set(targets) == {"ru", "en"}
        for page in self.translations.values():
            assert page.translation_key == self.service.translation_key
            assert page.service_code == "criminal-record-check"
            assert page.live

    def test_changed_fee_syncs_and_translated_text_stays(self):
        self.service.fee_amount = Decimal("45.50")
        self.service.save_revision().publish()
        sync_translations(self.service)
        for code, strings in (("ru", RUSSIAN), ("en", ENGLISH)):
            page = self.translations[code]
            page.refresh_from_db()
            assert page.fee_amount == Decimal("45.50")
            assert page.title == strings["title"]
            assert page.summary == strings["summary"]
            assert page.fee_note == strings["fee_note"]

    def test_each_language_shows_the_service_and_its_office_in_that_language(self):
        host = self.tree.hostname
        html = render(self.client, host, "/ru/services/criminal-record-check/")
        assert "<h1>Справка о судимости</h1>" in html
        assert "30 сомони" in html
        assert "Office (ru)" in html
        html = render(self.client, host, "/en/services/criminal-record-check/")
        assert "<h1>Criminal record certificate</h1>" in html
        assert "30 somoni" in html
        assert "Office (en)" in html
        html = render(self.client, host, "/tg/services/criminal-record-check/")
        assert "30 сомонӣ" in html

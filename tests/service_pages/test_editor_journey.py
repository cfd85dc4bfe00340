"""Tried as a new user would: an editor publishes a service with a fee,
documents and an office through the admin, has it translated, and a citizen
reads it in all three languages on the agency's host."""

from django.test import TestCase
from django.urls import reverse

from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from cms.translation import translate_page
from service_pages.models import ServicePage
from tests import factories
from tests.admin_forms import add_form_data, add_page_url
from tests.rendering import render

TRANSLATIONS = {
    "ru": {
        "title": "Выдача доверенности на управление транспортным средством",
        "texts": {
            "Шиносномаи шаҳрванд": "Паспорт гражданина",
            "Ариза": "Заявление",
            "Ҳуҷҷатҳоро супоред": "Сдайте документы",
        },
    },
    "en": {
        "title": "Issuing a power of attorney to drive a vehicle",
        "texts": {
            "Шиносномаи шаҳрванд": "Citizen's passport",
            "Ариза": "Application",
            "Ҳуҷҷатҳоро супоред": "Hand in the documents",
        },
    },
}


class EditorJourneyTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("mvd")
        cls.category = factories.service_category("transport")
        cls.office = factories.office(cls.tree, title="Маркази хизматрасонии давлатӣ")
        for code in ("ru", "en"):
            translate_page(
                cls.office,
                locale=Locale.objects.get(language_code=code),
                strings={"title": f"Public Services Center ({code})"},
            )
        cls.form = factories.DocumentFactory(title="Намунаи ариза")

    def test_editor_publishes_and_citizens_read_it_in_three_languages(self):
        editor = self.create_superuser("editor")
        self.client.force_login(editor)
        index = self.tree.sections["services"]
        values = {
            "title": "Додани ваколатнома барои идораи воситаи нақлиёт",
            "slug": "driving-power-of-attorney",
            "service_code": "driving-power-of-attorney",
            "category": str(self.category.pk),
            "audience": "citizens",
            "summary": "Ваколатнома барои идораи мошини шахси дигар.",
            "eligibility": rich_text("<p>Шаҳрвандони болиғ.</p>"),
            "legal_basis": rich_text(""),
            "fee_amount": "20",
            "processing_time": "1 рӯз",
            "required_documents": streamfield(
                [
                    (
                        "document",
                        {"name": "Шиносномаи шаҳрванд", "note": "", "form": ""},
                    ),
                    (
                        "document",
                        {"name": "Ариза", "note": "", "form": str(self.form.pk)},
                    ),
                ]
            ),
            "steps": streamfield(
                [
                    (
                        "step",
                        {
                            "title": "Ҳуҷҷатҳоро супоред",
                            "text": rich_text(""),
                        },
                    )
                ]
            ),
            "offices": inline_formset([{"office": str(self.office.pk)}]),
        }
        data = add_form_data(
            self.client, parent=index, model=ServicePage, values=values
        )
        response = self.client.post(add_page_url(parent=index, model=ServicePage), data)
        assert response.status_code == 302
        service = ServicePage.objects.get(slug="driving-power-of-attorney")
        assert service.live

        # The editor asks wagtail-localize for the Russian and English versions…
        locales = Locale.objects.filter(language_code__in=["ru", "en"])
        response = self.client.post(
            reverse("wagtail_localize:submit_page_translation", args=[service.pk]),
            {"locales": [locale.pk for locale in locales]},
        )
        assert response.status_code == 302
        # …and the translators' work is recorded in its translation memory.
        for locale in locales:
            text = TRANSLATIONS[locale.language_code]
            translate_page(
                service,
                locale=locale,
                strings={"title": text["title"]},
                texts=text["texts"],
            )

        host = self.tree.hostname
        expected = {
            "tg": [
                "Додани ваколатнома",
                "20 сомонӣ",
                "Шиносномаи шаҳрванд",
                "Маркази хизматрасонии давлатӣ",
            ],
            "ru": [
                "Выдача доверенности",
                "20 сомони",
                "Паспорт гражданина",
                "Public Services Center (ru)",
            ],
            "en": [
                "Issuing a power of attorney",
                "20 somoni",
                "Citizen&#x27;s passport",
                "Public Services Center (en)",
            ],
        }
        for code, snippets in expected.items():
            html = render(
                self.client, host, f"/{code}/services/driving-power-of-attorney/"
            )
            for snippet in snippets:
                assert snippet in html, (code, snippet)
            assert self.form.url in html

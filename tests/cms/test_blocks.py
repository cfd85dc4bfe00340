"""The shared block library as readers and editors meet it."""

import json

from django.core.exceptions import ValidationError
from django.test import TestCase

from wagtail.models import Locale

import pytest

from cms.blocks import (
    ArticleBodyBlock,
    CallToActionBlock,
    GuidanceBlock,
    StandardBodyBlock,
    StepsBlock,
)
from cms.media.renditions import generate_stored_renditions
from cms.models import StandardPage
from cms.services import add_published_child
from cms.translation import translate_page
from service_pages.blocks import RequiredDocumentsBlock
from tests import factories
from tests.rendering import render

STREAMS = [
    StandardBodyBlock,
    ArticleBodyBlock,
    GuidanceBlock,
    StepsBlock,
    RequiredDocumentsBlock,
]


@pytest.mark.parametrize("stream", STREAMS, ids=lambda stream: stream.__name__)
def test_every_block_shows_editors_a_preview(stream):
    for name, block in stream().child_blocks.items():
        assert block.meta.icon, name
        assert block.get_description(), name
        html = block.render(block.get_preview_value())
        assert html.strip(), name


def test_a_call_to_action_needs_a_page_or_an_address_not_both():
    block = CallToActionBlock()
    value = block.to_python({"title": "Ариза", "link_label": "Пешниҳод", "url": ""})
    with pytest.raises(ValidationError):
        block.clean(value)


class StandardPageBlocksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("mvd")
        cls.image = factories.ImageFactory(description="Бинои вазорат")
        # Generated once the upload commits; a test never commits.
        generate_stored_renditions(image=cls.image)
        cls.document = factories.DocumentFactory(title="Низомнома")
        services = cls.tree.sections["services"]
        table = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Нархҳо",
            "data": [["Хизмат", "Нарх"], ["Маълумотнома", "30"]],
        }
        cls.page = add_published_child(
            parent=cls.tree.home,
            page=StandardPage(
                title="Дар бораи мо",
                slug="about-us",
                body=[
                    ("heading", {"text": "Вазифаҳо", "level": "h2"}),
                    ("paragraph", "<p>Матни асосӣ.</p>"),
                    ("image", {"image": cls.image, "caption": "Бино", "credit": ""}),
                    (
                        "documents",
                        {
                            "heading": "Ҳуҷҷатҳо",
                            "documents": [{"document": cls.document, "title": ""}],
                        },
                    ),
                    ("table", table),
                    (
                        "accordion",
                        {
                            "heading": "Саволҳо",
                            "items": [
                                {"title": "Чӣ тавр?", "text": "<p>Ҳамин тавр.</p>"}
                            ],
                        },
                    ),
                    (
                        "call_to_action",
                        {
                            "title": "Хизматрасониҳо",
                            "text": "",
                            "link_label": "Дидан",
                            "page": services,
                            "url": "",
                        },
                    ),
                    (
                        "contact",
                        {
                            "name": "Қабулгоҳ",
                            "role": "",
                            "phone": "+992 37 221-00-00",
                            "email": "info@example.com",
                            "address": "",
                            "hours": "",
                        },
                    ),
                    (
                        "steps",
                        {
                            "heading": "Тартиб",
                            "steps": [{"title": "Қадами якум", "text": ""}],
                        },
                    ),
                    (
                        "notice",
                        {
                            "level": "warning",
                            "title": "Диққат",
                            "text": "<p>Рӯзи шанбе баста.</p>",
                        },
                    ),
                ],
            ),
        )
        russian = Locale.objects.get(language_code="ru")
        translate_page(
            cls.page,
            locale=russian,
            strings={"title": "О нас"},
            texts={
                "Хизмат": "Услуга",
                "Нарх": "Цена",
                "Нархҳо": "Цены",
                "Маълумотнома": "Справка",
            },
        )

    def test_every_block_renders_for_citizens(self):
        html = render(self.client, self.tree.hostname, "/tg/about-us/")
        for expected in [
            "<h2>Вазифаҳо</h2>",
            "Матни асосӣ.",
            'alt="Бинои вазорат"',
            "<figcaption>Бино",
            ">Низомнома</a>",
            "<caption>Нархҳо</caption>",
            "<summary>Чӣ тавр?</summary>",
            'href="/tg/services/"',
            'href="tel:+992372210000"',
            '<ol class="steps">',
            'class="notice notice-warning"',
        ]:
            assert expected in html, expected

    def test_tables_are_translated_and_links_lead_to_the_readers_language(self):
        html = render(self.client, self.tree.hostname, "/ru/about-us/")
        assert "<caption>Цены</caption>" in html
        assert "Услуга" in html and "Справка" in html
        assert 'href="/ru/services/"' in html

    def test_structured_data_describes_the_page(self):
        html = render(self.client, self.tree.hostname, "/tg/about-us/")
        start = html.index('<script type="application/ld+json">') + len(
            '<script type="application/ld+json">'
        )
        data = json.loads(html[start : html.index("</script>", start)])
        assert data["@type"] == "WebPage"
        assert data["name"] == "Дар бораи мо"
        assert data["inLanguage"] == "tg"

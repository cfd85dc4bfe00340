"""What a citizen reads on an agency's pages: contacts in the footer, an
emblem, home sections that say what they hold, About never empty, plural
forms and dates of each language, meta descriptions, no internal codes."""

import json
import re
from datetime import date

from django.contrib.staticfiles import finders
from django.test import TestCase

from wagtail.models import Locale, Page

from agency_sites.models import AgencySettings
from cms.translation import translate_page
from tests import factories


def translated(page: Page) -> Page:
    """``page`` translated into Russian and English (text as in Tajik)."""
    for code in ("ru", "en"):
        translate_page(page, locale=Locale.objects.get(language_code=code))
    return page


class CitizenPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("alpha")
        cls.office = translated(
            factories.office(
                cls.tree,
                title="Дастгоҳи марказӣ",
                slug="head-office",
                kind="head_office",
            )
        )
        cls.service = translated(
            factories.service(
                cls.tree,
                summary="Додани маълумотнома ба шаҳрвандон.",
                service_code="criminal-record-check",
                audience="citizens",
            )
        )
        cls.news = translated(factories.news_item(cls.tree, date=date(2026, 12, 6)))

    def get(self, path: str, host: str | None = None) -> str:
        response = self.client.get(path, headers={"host": host or self.tree.hostname})
        assert response.status_code == 200, (path, response.status_code)
        return response.content.decode()

    def footer(self, path: str) -> str:
        return self.get(path).split('<footer class="site-footer">', 1)[1]

    def test_the_footer_falls_back_to_the_head_office(self):
        footer = self.footer("/tg/")
        assert "<dd>кӯчаи Рӯдакӣ 1, Душанбе</dd>" in footer
        assert 'href="tel:+992372210000"' in footer
        assert (
            '<dd>Душанбе–Ҷумъа: <span class="nowrap">08:00–12:00, 13:00–17:00'
            "</span></dd>" in footer
        )
        assert f'href="/tg/contacts/{self.office.slug}/"' in footer
        assert '<a href="http://portal.test/tg/">' in footer

    def test_the_agencys_settings_come_before_the_head_office(self):
        row = AgencySettings.objects.get(site=self.tree.agency.site)
        row.phone = "+992 37 100-00-00"
        row.address_en = "1 Rudaki Avenue, Dushanbe"
        row.email = "info@alpha.example"
        row.telegram_url = "https://t.me/alpha_example"
        row.save()
        footer = self.footer("/en/")
        assert "<dd>1 Rudaki Avenue, Dushanbe</dd>" in footer
        assert 'href="tel:+992371000000"' in footer
        assert 'href="mailto:info@alpha.example"' in footer
        assert 'href="https://t.me/alpha_example" rel="external">Telegram' in footer
        # Hours only the head office gives.
        assert "Monday–Friday" in footer

    def test_an_agency_without_an_emblem_shows_the_neutral_one_and_a_favicon(self):
        html = self.get("/tg/")
        assert re.search(
            r'<img class="brand__emblem" src="/static/cms/img/emblem.svg" '
            r'width="48" height="48" alt="">',
            html,
        )
        for name in ("emblem.svg", "favicon-32.png", "apple-touch-icon.png"):
            assert f'href="/static/cms/img/{name}"' in html
            assert finders.find(f"cms/img/{name}")

    def test_home_sections_say_what_they_hold_and_empty_ones_are_left_out(self):
        html = self.get("/ru/")
        sections = html.split('<ul class="section-list">', 1)[1].split("</ul>")[0]
        assert '<span class="section-list__count">1 услуга</span>' in sections
        assert '<span class="section-list__count">1 новость</span>' in sections
        assert '<span class="section-list__count">1 офис</span>' in sections
        # No competition yet: no empty card.
        assert "/ru/competitions/" not in sections
        # About has no pages below it, but its text from the registry.
        assert "центральный орган государственной власти" in sections
        translated(factories.service(self.tree))
        translated(factories.service(self.tree))
        html = self.get("/ru/")
        assert '<span class="section-list__count">3 услуги</span>' in html
        assert '<span class="section-list__count">3 хизматрасонӣ</span>' in self.get(
            "/tg/"
        )

    def test_about_is_provisioned_with_the_agencys_description(self):
        about = self.tree.sections["about"]
        assert about.intro.startswith("Вазорати alphaи Ҷумҳурии Тоҷикистон — ")
        russian = about.get_translation(Locale.objects.get(language_code="ru"))
        assert russian.specific.intro.startswith("Министерство alpha Республики")
        assert "центральный орган" in russian.search_description
        html = self.get("/en/about/")
        assert (
            '<p class="lead">Ministry of Alpha of the Republic of Tajikistan is a '
            "central government body" in html
        )

    def test_no_services_yet_is_not_no_match(self):
        other = factories.provisioned_agency("beta")
        html = self.get("/en/services/", host=other.hostname)
        assert "No services have been published here yet." in html
        assert "No service matches" not in html
        assert '<form class="filters"' not in html
        html = self.get("/en/services/?audience=businesses")
        assert "No service matches these filters." in html
        assert "published here yet" not in html

    def test_meta_descriptions_fall_back_to_summary_then_agency(self):
        def description(path: str) -> str:
            return re.search(
                r'<meta name="description" content="([^"]*)">', self.get(path)
            ).group(1)

        service_path = f"/tg/services/{self.service.slug}/"
        assert description(service_path) == "Додани маълумотнома ба шаҳрвандон."
        agency = "Ministry of Alpha of the Republic of Tajikistan is a central"
        assert description("/en/").startswith(agency)
        assert description("/en/news/").startswith(agency)
        self.service.search_description = "Аз худ."
        self.service.save_revision().publish()
        assert description(service_path) == "Аз худ."

    def test_the_service_page_keeps_the_internal_code_to_machines(self):
        html = self.get(f"/tg/services/{self.service.slug}/")
        main = html.split('<main id="main"', 1)[1].split("</main>")[0]
        assert "criminal-record-check" not in main
        data = json.loads(
            re.search(
                r'<script type="application/ld\+json">(.*?)</script>', html, re.S
            ).group(1)
        )
        assert data["identifier"] == "criminal-record-check"

    def test_the_office_does_not_repeat_its_city_as_its_region(self):
        html = self.get(f"/ru/contacts/{self.office.slug}/")
        assert "Душанбе, Душанбе" not in html
        assert "кӯчаи Рӯдакӣ 1<br>Душанбе<br>" in html

    def test_dates_in_each_language(self):
        path = f"/{{lang}}/news/{self.news.slug}/"
        assert ">6 декабри 2026</time>" in self.get(path.format(lang="tg"))
        assert ">6 декабря 2026</time>" in self.get(path.format(lang="ru"))
        assert ">6 December 2026</time>" in self.get(path.format(lang="en"))

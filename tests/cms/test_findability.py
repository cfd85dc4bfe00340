"""What search engines and feed readers read: sitemap.xml, robots.txt, RSS,
schema.org JSON-LD, Open Graph and canonical addresses, and the error pages
in the site's design and language."""

import json
import re
from datetime import date, timedelta
from xml.etree import ElementTree

from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale

import pytest

from agency_sites.models import AgencySettings
from cms.chrome import site_chrome
from cms.media.renditions import generate_stored_renditions
from cms.translation import translate_page
from cms.views import server_error
from tests import factories

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse_xml(text: str) -> ElementTree.Element:
    return ElementTree.fromstring(text.encode())  # noqa: S314 - our own output


def json_ld(html: str) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL
    )
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


class FindabilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.alpha = factories.provisioned_agency("alpha")
        cls.beta = factories.provisioned_agency("beta")
        cls.russian = Locale.objects.get(language_code="ru")
        cls.office = factories.office(cls.alpha)
        cls.service = factories.service(
            cls.alpha,
            offices=[cls.office],
            online_url="https://portal.example.com/criminal-record",
            phone="+992 37 221-00-02",
        )
        translate_page(cls.service, locale=cls.russian, strings={"title": "Справка"})
        image = factories.ImageFactory(description="Бинои вазорат")
        generate_stored_renditions(image=image)
        cls.news = [
            factories.news_item(
                cls.alpha,
                title=f"Хабари {number}",
                image=image,
                date=date.today() - timedelta(days=number),
            )
            for number in range(3)
        ]
        cls.competition = factories.competition(cls.alpha)
        factories.news_item(cls.beta, title="Хабари бета")
        settings_row = AgencySettings.objects.get(site=cls.alpha.agency.site)
        settings_row.phone = "+992 37 221-00-00"
        settings_row.email = "info@alpha.example"
        settings_row.address_tg = "ш. Душанбе, кӯчаи Рӯдакӣ 1"
        settings_row.address_ru = "г. Душанбе, проспект Рудаки 1"
        settings_row.telegram_url = "https://t.me/alpha"
        settings_row.save()

    def get(self, path: str, host: str | None = None):
        return self.client.get(path, headers={"host": host or self.alpha.hostname})

    def test_sitemap_lists_every_page_of_the_site_with_its_translations(self):
        response = self.get("/sitemap.xml")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        root = parse_xml(response.text)
        urls = {
            url.findtext(f"{SITEMAP}loc"): url for url in root.iter(f"{SITEMAP}url")
        }
        host = f"http://{self.alpha.hostname}"
        assert f"{host}/tg/" in urls and f"{host}/ru/" in urls and f"{host}/en/" in urls
        assert all(loc.startswith(f"{host}/") for loc in urls)
        service = urls[f"{host}/tg/services/{self.service.slug}/"]
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in service.iter(f"{XHTML}link")
        }
        assert alternates["tg"] == f"{host}/tg/services/{self.service.slug}/"
        assert alternates["ru"].startswith(f"{host}/ru/services/")
        assert alternates["x-default"] == alternates["tg"]
        assert service.findtext(f"{SITEMAP}lastmod")
        assert not any("бета" in loc for loc in urls)

    def test_robots_txt_points_at_the_sitemap(self):
        response = self.get("/robots.txt")
        assert response["Content-Type"].startswith("text/plain")
        lines = response.text.splitlines()
        assert "User-agent: *" in lines
        assert "Disallow: /admin/" in lines
        assert "Disallow: /ru/search/" in lines
        assert f"Sitemap: http://{self.alpha.hostname}/sitemap.xml" in lines

    def test_each_news_section_has_an_rss_feed(self):
        index = self.get("/tg/news/").text
        assert 'type="application/rss+xml"' in index
        response = self.get("/tg/news/rss/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        channel = parse_xml(response.text).find("channel")
        assert channel.findtext("title")
        assert channel.findtext("link") == f"http://{self.alpha.hostname}/tg/news/"
        items = channel.findall("item")
        assert [item.findtext("title") for item in items] == [
            "Хабари 0",
            "Хабари 1",
            "Хабари 2",
        ]
        for item in items:
            assert item.findtext("link").startswith(
                f"http://{self.alpha.hostname}/tg/news/"
            )
            assert item.findtext("guid") and item.findtext("pubDate")

    def test_home_describes_the_agency_as_a_government_organization(self):
        data = json_ld(self.get("/ru/").text)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "GovernmentOrganization"
        assert data["name"] == "Министерство alpha Республики Таджикистан"
        assert data["url"] == f"http://{self.alpha.hostname}/ru/"
        assert data["telephone"] == "+992 37 221-00-00"
        assert data["address"]["streetAddress"] == "г. Душанбе, проспект Рудаки 1"
        assert data["sameAs"] == ["https://t.me/alpha"]

    def test_a_service_is_a_government_service_with_its_channels(self):
        data = json_ld(self.get(f"/tg/services/{self.service.slug}/").text)
        assert data["@type"] == "GovernmentService"
        for required in ("name", "description", "url", "provider", "serviceType"):
            assert data[required], required
        assert data["provider"]["@type"] == "GovernmentOrganization"
        channels = data["availableChannel"]
        assert {"serviceUrl", "serviceLocation", "servicePhone"} <= {
            key for channel in channels for key in channel
        }
        location = next(c for c in channels if "serviceLocation" in c)
        assert location["serviceLocation"]["address"]["@type"] == "PostalAddress"

    def test_news_is_a_news_article(self):
        data = json_ld(self.get(f"/tg/news/{self.news[0].slug}/").text)
        assert data["@type"] == "NewsArticle"
        for required in ("headline", "datePublished", "image", "author", "publisher"):
            assert data[required], required
        assert data["image"][0].startswith("http")
        assert data["publisher"]["name"] == "Вазорати alphaи Ҷумҳурии Тоҷикистон"

    def test_a_competition_is_a_job_posting(self):
        data = json_ld(self.get(f"/tg/competitions/{self.competition.slug}/").text)
        assert data["@type"] == "JobPosting"
        for required in (
            "title",
            "description",
            "datePosted",
            "validThrough",
            "hiringOrganization",
            "jobLocation",
        ):
            assert data[required], required
        assert data["jobLocation"]["address"]["addressCountry"] == "TJ"

    def test_open_graph_canonical_and_alternates(self):
        html = self.get(f"/tg/news/{self.news[0].slug}/").text
        url = f"http://{self.alpha.hostname}/tg/news/{self.news[0].slug}/"
        assert f'<link rel="canonical" href="{url}">' in html
        assert f'<meta property="og:url" content="{url}">' in html
        assert '<meta property="og:type" content="article">' in html
        assert '<meta property="og:locale" content="tg_TJ">' in html
        assert re.search(r'<meta property="og:image" content="http[^"]+">', html)
        service = self.get(f"/tg/services/{self.service.slug}/").text
        assert 'hreflang="ru"' in service and 'hreflang="x-default"' in service

    def test_not_found_is_in_the_sites_design_and_language(self):
        response = self.get("/ru/no-such-page/")
        assert response.status_code == 404
        html = response.text
        assert '<html lang="ru">' in html
        assert "Страница не найдена" in html
        assert "Министерство alpha Республики Таджикистан" in html
        assert 'action="/ru/search/"' in html

    def test_server_error_page_reads_no_database(self):
        self.get("/ru/")  # the site's frame is now cached
        request = RequestFactory().get("/ru/", headers={"host": self.alpha.hostname})
        with translation.override("ru"), CaptureQueriesContext(connection) as queries:
            response = server_error(request)
        assert len(queries) == 0
        assert response.status_code == 500
        html = response.content.decode()
        assert '<html lang="ru">' in html
        assert "Министерство alpha Республики Таджикистан" in html
        # Without the frame in the cache, a plain page in the right language.
        request = RequestFactory().get("/en/", headers={"host": "unknown.example"})
        with translation.override("en"):
            assert "Sorry" in server_error(request).content.decode()

    def test_the_frame_is_built_once_and_never_writes_settings(self):
        AgencySettings.objects.filter(site=self.alpha.agency.site).delete()
        request = RequestFactory().get("/tg/", headers={"host": self.alpha.hostname})
        with translation.override("tg"):
            chrome = site_chrome(request=request)
        assert chrome.name == "Вазорати alphaи Ҷумҳурии Тоҷикистон"
        assert not AgencySettings.objects.filter(site=self.alpha.agency.site).exists()
        assert self.get("/tg/").status_code == 200
        assert not AgencySettings.objects.filter(site=self.alpha.agency.site).exists()

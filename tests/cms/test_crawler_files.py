"""sitemap.xml and robots.txt: addresses from the Site whatever the request's
Host (the page cache keeps one copy for everyone), conditional GET by ETag
and by date, and what a deprovisioned agency's site tells crawlers."""

from datetime import timedelta
from xml.etree import ElementTree

from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.http import http_date

from agency_sites.services import deprovision_agency
from tests import factories

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
STATUS = "X-Page-Cache"


def sitemap_addresses(text: str) -> list[str]:
    root = ElementTree.fromstring(text.encode())  # noqa: S314 - our own output
    return [
        *(url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")),
        *(link.get("href") for link in root.iter(f"{XHTML}link")),
    ]


class SiteAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("alpha")
        cls.news = factories.news_item(cls.tree)
        cls.site_url = f"http://{cls.tree.hostname}"

    def get(self, path: str, host: str):
        return self.client.get(path, headers={"host": host})

    def check_hosts_in_turn(self, first: str, second: str) -> None:
        for host in (first, second):
            sitemap = self.get("/sitemap.xml", host)
            addresses = sitemap_addresses(sitemap.text)
            assert f"{self.site_url}/tg/" in addresses
            assert f"{self.site_url}/tg/news/{self.news.slug}/" in addresses
            assert all(a.startswith(f"{self.site_url}/") for a in addresses)
            assert ":9999" not in sitemap.text
            robots = self.get("/robots.txt", host)
            assert f"Sitemap: {self.site_url}/sitemap.xml" in robots.text
            assert ":9999" not in robots.text
        # The second host was served the copy the first one left in the cache.
        assert self.get("/sitemap.xml", second)[STATUS] == "hit"
        assert self.get("/robots.txt", second)[STATUS] == "hit"

    def test_a_foreign_port_first_does_not_poison_the_cache(self):
        self.check_hosts_in_turn(f"{self.tree.hostname}:9999", self.tree.hostname)

    def test_the_sites_own_host_first_serves_a_foreign_port_the_same(self):
        self.check_hosts_in_turn(self.tree.hostname, f"{self.tree.hostname}:9999")


class ConditionalGetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("alpha")
        factories.news_item(cls.tree)

    def get(self, path: str, **headers: str):
        return self.client.get(path, headers={"host": self.tree.hostname, **headers})

    def check_conditional_get(self, path: str) -> None:
        first = self.get(path)
        assert first.status_code == 200
        etag, modified = first["ETag"], first["Last-Modified"]
        assert etag and modified

        by_etag = self.get(path, if_none_match=etag)
        assert by_etag.status_code == 304
        assert by_etag.content == b""
        assert by_etag["ETag"] == etag

        by_date = self.get(path, if_modified_since=modified)
        assert by_date.status_code == 304
        assert by_date.content == b""

        older = http_date((timezone.now() - timedelta(days=1)).timestamp())
        stale = self.get(path, if_modified_since=older)
        assert stale.status_code == 200 and stale.content == first.content
        other = self.get(path, if_none_match='"something-else"')
        assert other.status_code == 200 and other.content == first.content

    def test_sitemap_answers_304_by_etag_and_by_date(self):
        # From the page cache (the second request is a hit) ...
        self.check_conditional_get("/sitemap.xml")
        assert self.get("/sitemap.xml")[STATUS] == "hit"

    def test_sitemap_answers_304_without_the_page_cache(self):
        # ... and from the view itself.
        with override_settings(PAGE_CACHE_SECONDS=0):
            self.check_conditional_get("/sitemap.xml")

    def test_robots_txt_answers_304_too(self):
        with override_settings(PAGE_CACHE_SECONDS=0):
            self.check_conditional_get("/robots.txt")

    def test_a_publication_makes_the_old_copy_stale(self):
        first = self.get("/sitemap.xml")
        news = factories.news_item(self.tree)
        again = self.get("/sitemap.xml", if_none_match=first["ETag"])
        assert again.status_code == 200
        assert news.slug in again.text
        assert again["ETag"] != first["ETag"]


class DeprovisionedRobotsTests(TestCase):
    """A deprovisioned agency's site answers 410 everywhere, robots.txt
    included, and advertises no sitemap: crawlers treat a robots.txt that is
    gone as "no restriction", fetch the pages, find them gone and drop them
    from their index (``Disallow: /`` would keep them from ever seeing the
    410s, and the addresses would stay listed)."""

    @classmethod
    def setUpTestData(cls):
        cls.gone = factories.provisioned_agency("alpha")
        cls.online = factories.provisioned_agency("beta")
        deprovision_agency(slug="alpha")

    def get(self, path: str, host: str):
        return self.client.get(path, headers={"host": host})

    def test_robots_of_a_deprovisioned_agency_names_no_sitemap(self):
        robots = self.get("/robots.txt", self.gone.hostname)
        assert robots.status_code == 410
        assert robots["Content-Type"].startswith("text/plain")
        assert "Sitemap:" not in robots.text
        assert "sitemap.xml" not in robots.text
        # ... consistently with its sitemap and pages.
        assert self.get("/sitemap.xml", self.gone.hostname).status_code == 410
        assert self.get("/tg/", self.gone.hostname).status_code == 410
        # Not cached as if it were a site's normal answer.
        assert STATUS not in self.get("/robots.txt", self.gone.hostname)

    def test_robots_of_an_online_agency_still_names_its_sitemap(self):
        robots = self.get("/robots.txt", self.online.hostname)
        assert robots.status_code == 200
        assert f"Sitemap: http://{self.online.hostname}/sitemap.xml" in robots.text

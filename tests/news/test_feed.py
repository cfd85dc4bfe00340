"""The RSS feed of a News section: absolute addresses from the agency's Site
whatever the request's Host (the cached feed is everyone's), guid and link
the same address, and conditional GET by ETag and by date."""

from datetime import date, timedelta
from xml.etree import ElementTree

from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.http import http_date

from wagtail.models import Site

from tests import factories

STATUS = "X-Page-Cache"
ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/tg/news/rss/"


def channel_of(text: str) -> ElementTree.Element:
    return ElementTree.fromstring(text.encode()).find("channel")  # noqa: S314


class FeedAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("alpha")
        cls.news = [
            factories.news_item(cls.tree, date=date.today() - timedelta(days=n))
            for n in range(2)
        ]

    def get(self, host: str):
        return self.client.get(FEED, headers={"host": host})

    def check_addresses(self, response, *, site_url: str) -> None:
        assert response.status_code == 200
        channel = channel_of(response.text)
        assert channel.findtext("link") == f"{site_url}/tg/news/"
        assert channel.find(f"{ATOM}link").get("href") == f"{site_url}{FEED}"
        items = channel.findall("item")
        assert [item.findtext("link") for item in items] == [
            f"{site_url}/tg/news/{news.slug}/" for news in self.news
        ]
        for item in items:
            assert item.findtext("guid") == item.findtext("link")
            assert item.find("guid").get("isPermaLink") != "false"

    def test_links_come_from_the_site_whoever_asks_first(self):
        site_url = f"http://{self.tree.hostname}"
        poisoned = f"{self.tree.hostname}:9999"
        first = self.get(poisoned)
        assert first[STATUS] == "miss"
        self.check_addresses(first, site_url=site_url)
        second = self.get(self.tree.hostname)
        assert second[STATUS] == "hit"
        self.check_addresses(second, site_url=site_url)
        assert ":9999" not in second.text

    def test_links_follow_the_sites_own_port_and_scheme(self):
        site = Site.objects.get(pk=self.tree.agency.site_id)
        for port, site_url in [
            (8000, f"http://{self.tree.hostname}:8000"),
            (443, f"https://{self.tree.hostname}"),
        ]:
            site.port = port
            site.save()  # drops every cached page
            with self.subTest(port=port):
                # Asked without a port, and with a foreign one.
                for host in (self.tree.hostname, f"{self.tree.hostname}:9999"):
                    self.check_addresses(self.get(host), site_url=site_url)

    def test_guid_and_link_agree_without_the_page_cache(self):
        with override_settings(PAGE_CACHE_SECONDS=0):
            response = self.get(f"{self.tree.hostname}:9999")
        self.check_addresses(response, site_url=f"http://{self.tree.hostname}")


class FeedConditionalGetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("alpha")
        factories.news_item(cls.tree)

    def get(self, **headers: str):
        return self.client.get(FEED, headers={"host": self.tree.hostname, **headers})

    def check_conditional_get(self) -> None:
        first = self.get()
        assert first.status_code == 200
        etag, modified = first["ETag"], first["Last-Modified"]
        assert etag and modified

        by_etag = self.get(if_none_match=etag)
        assert by_etag.status_code == 304
        assert by_etag.content == b""
        assert by_etag["ETag"] == etag

        by_date = self.get(if_modified_since=modified)
        assert by_date.status_code == 304
        assert by_date.content == b""

        older = http_date((timezone.now() - timedelta(days=1)).timestamp())
        stale = self.get(if_modified_since=older)
        assert stale.status_code == 200 and stale.content == first.content

    def test_304_by_etag_and_by_date_from_the_page_cache(self):
        self.check_conditional_get()
        assert self.get()[STATUS] == "hit"

    def test_304_by_etag_and_by_date_from_the_view(self):
        with override_settings(PAGE_CACHE_SECONDS=0):
            self.check_conditional_get()

    def test_a_new_item_makes_the_old_copy_stale(self):
        first = self.get()
        news = factories.news_item(self.tree, title="Хабари нав")
        again = self.get(if_none_match=first["ETag"])
        assert again.status_code == 200
        assert news.title in again.text

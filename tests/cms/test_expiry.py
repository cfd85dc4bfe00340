"""A page past its expiry time is hidden everywhere at once, without waiting
for Wagtail's scheduler (``publish_scheduled``): its own address answers
404, and the sitemap, the feed, every listing, the home page, the menu, the
language switcher, the site search and both APIs leave it out, cached copies
included."""

import re
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest import mock
from xml.etree import ElementTree

from django.http import Http404
from django.test import RequestFactory, TestCase
from django.utils import timezone

from wagtail.models import Locale, Page

from cms.caching import content_changed_at
from cms.caching.lifetime import page_cache_seconds
from cms.selectors import is_live_now, live_now, public
from cms.translation import translate_page
from cms.wagtail_hooks import refuse_expired_pages
from news.models import NewsPage
from tests import factories

STATUS = "X-Page-Cache"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def expire(page: Page, *, at: datetime | None) -> None:
    """Set a live page's expiry time straight in the database, as the
    scheduler would find it: still live, not yet marked expired. (Before any
    request of the test: an editor sets it by publishing, which renews the
    cache; this update does not.)"""
    Page.objects.filter(pk=page.pk).update(expire_at=at)


SOON = timedelta(hours=1)
# The application's clock moved just past SOON.
PAST_EXPIRY = SOON + timedelta(seconds=1)


@contextmanager
def clock_moved(by: timedelta):
    """The application's clock moved forward (the database's is not read
    by the citizen pages' rule)."""
    real_now = timezone.now
    with mock.patch("django.utils.timezone.now", lambda: real_now() + by):
        yield


def sitemap_locations(text: str) -> set[str]:
    root = ElementTree.fromstring(text.encode())  # noqa: S314 - our own output
    return {url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")}


def feed_links(text: str) -> list[str]:
    root = ElementTree.fromstring(text.encode())  # noqa: S314 - our own output
    return [item.findtext("link") for item in root.find("channel").iter("item")]


class ExpiryRuleTests(TestCase):
    """The one rule, for the database and for a page in hand."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("alpha")
        cls.news = factories.news_item(cls.tree, title="Хабари муҳлатдор")

    def test_the_queryset_and_the_page_agree(self):
        now = timezone.now()
        for expire_at, visible in [
            (None, True),
            (now + timedelta(minutes=1), True),
            (now - timedelta(seconds=1), False),
        ]:
            expire(self.news, at=expire_at)
            page = Page.objects.get(pk=self.news.pk)
            with self.subTest(expire_at=expire_at):
                assert is_live_now(page, at=now) is visible
                found = Page.objects.filter(live_now(at=now), pk=page.pk).exists()
                assert found is visible
                assert public(NewsPage.objects.filter(pk=page.pk)).exists() is visible

    def test_a_page_is_served_and_cached_until_its_expiry_time_only(self):
        now = timezone.now()
        page = NewsPage.objects.get(pk=self.news.pk)
        page.expire_at = now + timedelta(minutes=5)
        request = RequestFactory().get("/")
        refuse_expired_pages(page, request, [], {})
        assert 0 < page_cache_seconds(request, now=now) <= 300
        page.expire_at = now - timedelta(seconds=1)
        with self.assertRaises(Http404):
            refuse_expired_pages(page, RequestFactory().get("/"), [], {})


class ExpiredPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("alpha")
        cls.office = factories.office(cls.tree, title="Маркази муҳлатдор")
        cls.kept_office = factories.office(cls.tree, title="Маркази доимӣ")
        cls.service = factories.service(
            cls.tree, title="Хизматрасонии муҳлатдор", is_most_requested=True
        )
        cls.kept_service = factories.service(
            cls.tree,
            title="Хизматрасонии доимӣ",
            is_most_requested=True,
            offices=[cls.office, cls.kept_office],
        )
        cls.news = factories.news_item(
            cls.tree, title="Хабари муҳлатдор", date=date.today()
        )
        cls.kept_news = factories.news_item(
            cls.tree, title="Хабари доимӣ", date=date.today() - timedelta(days=1)
        )
        cls.competition = factories.competition(cls.tree, title="Озмуни муҳлатдор")
        cls.kept_competition = factories.competition(cls.tree, title="Озмуни доимӣ")
        cls.russian = Locale.objects.get(language_code="ru")
        cls.news_ru = translate_page(
            cls.kept_news, locale=cls.russian, strings={"title": "Новость"}
        )
        cls.about = cls.tree.sections["about"]
        cls.expiring = [cls.office, cls.service, cls.news, cls.competition]

    def get(self, path: str, **kwargs):
        return self.client.get(path, headers={"host": self.tree.hostname}, **kwargs)

    def expire_all_soon(self) -> None:
        at = timezone.now() + SOON
        for page in [*self.expiring, self.about, self.news_ru]:
            expire(page, at=at)

    def visible_everywhere(self) -> dict[str, str]:
        """Every public place that lists pages, by name, as text."""
        return {
            "home": self.get("/tg/").text,
            "services": self.get("/tg/services/").text,
            "news": self.get("/tg/news/").text,
            "competitions": self.get("/tg/competitions/").text,
            "offices": self.get("/tg/contacts/").text,
            "service page": self.get(f"/tg/services/{self.kept_service.slug}/").text,
            "sitemap": self.get("/sitemap.xml").text,
            "feed": self.get("/tg/news/rss/").text,
        }

    def test_an_expired_page_answers_404_like_an_unpublished_one(self):
        paths = [
            f"/tg/services/{self.service.slug}/",
            f"/tg/news/{self.news.slug}/",
            f"/tg/competitions/{self.competition.slug}/",
            f"/tg/contacts/{self.office.slug}/",
            "/tg/about/",
        ]
        self.expire_all_soon()
        for path in paths:
            assert self.get(path).status_code == 200, path
            assert self.get(path)[STATUS] == "hit", path
        with clock_moved(by=PAST_EXPIRY):
            for path in paths:
                with self.subTest(path=path):
                    response = self.get(path)
                    assert response.status_code == 404
                    # The designed 404 page, not Django's.
                    assert 'lang="tg"' in response.text

    def test_an_expired_page_is_in_no_listing_sitemap_feed_or_menu(self):
        titles = {
            "home": ["Хизматрасонии муҳлатдор", "Хабари муҳлатдор", "Озмуни муҳлатдор"],
            "services": ["Хизматрасонии муҳлатдор"],
            "news": ["Хабари муҳлатдор"],
            "competitions": ["Озмуни муҳлатдор"],
            "offices": ["Маркази муҳлатдор"],
            "service page": ["Маркази муҳлатдор"],
        }
        self.expire_all_soon()
        before = self.visible_everywhere()
        for place, expected in titles.items():
            for title in expected:
                assert title in before[place], (place, title)
        assert f'href="/tg/{self.about.slug}/"' in before["home"]
        assert f"/tg/news/{self.news.slug}/" in before["sitemap"]
        assert f"/tg/news/{self.news.slug}/" in before["feed"]

        # Each place was cached with the page in it ...
        assert self.visible_everywhere() == before
        # ... and is rendered anew once the expiry time has come.
        with clock_moved(by=PAST_EXPIRY):
            after = self.visible_everywhere()
        for place, expected in titles.items():
            for title in expected:
                with self.subTest(place=place, title=title):
                    assert title not in after[place]
        # The kept pages are still there (the listings did render).
        assert "Хизматрасонии доимӣ" in after["services"]
        assert "Хабари доимӣ" in after["news"]
        assert "Маркази доимӣ" in after["service page"]
        # The menu no longer offers the expired About section.
        assert f'href="/tg/{self.about.slug}/"' not in after["home"]
        sitemap = sitemap_locations(after["sitemap"])
        for page in [*self.expiring, self.about, self.news_ru]:
            with self.subTest(sitemap=page.title):
                assert page.get_full_url() not in sitemap
        assert self.kept_news.get_full_url() in sitemap
        assert feed_links(after["feed"]) == [self.kept_news.get_full_url()]

    def test_the_language_switcher_drops_an_expired_translation(self):
        path = f"/tg/news/{self.kept_news.slug}/"
        translated = f'href="/ru/news/{self.news_ru.slug}/"'
        expire(self.news_ru, at=timezone.now() + SOON)
        assert translated in self.get(path).text
        with clock_moved(by=PAST_EXPIRY):
            page = self.get(path).text
            # The switcher offers the Russian home page instead.
            assert translated not in page
            assert 'href="/ru/"' in page
            # Nor does the expired translation's own address answer.
            assert self.get(f"/ru/news/{self.news_ru.slug}/").status_code == 404

    def test_site_search_leaves_expired_pages_out(self):
        def found(query: str) -> str:
            # The results' text, without the marks that highlight the match.
            return re.sub(
                r"</?mark[^>]*>",
                "",
                self.client.get(
                    "/tg/search/", {"q": query}, headers={"host": self.tree.hostname}
                ).text,
            )

        self.expire_all_soon()
        assert "Хабари муҳлатдор" in found("муҳлатдор")
        with clock_moved(by=PAST_EXPIRY):
            results = found("муҳлатдор")
        for page in self.expiring:
            with self.subTest(page=page.title):
                assert page.title not in results
        assert "Хабари доимӣ" in found("доимӣ")

    def test_both_apis_leave_expired_pages_out(self):
        # The APIs read the database's clock: expired a second ago.
        for page in [*self.expiring, self.about, self.news_ru]:
            expire(page, at=timezone.now() - timedelta(seconds=1))
        news = self.client.get("/api/v1/news/", {"agency": "alpha"}).json()
        ids = {item["id"] for item in news["items"]}
        assert self.news.pk not in ids and self.kept_news.pk in ids
        pages = self.client.get(
            "/api/v2/pages/", {"limit": 100}, headers={"host": self.tree.hostname}
        ).json()
        ids = {item["id"] for item in pages["items"]}
        assert not ids & {page.pk for page in self.expiring}
        assert self.kept_news.pk in ids

    def test_an_expiry_time_set_by_publishing_is_kept_to(self):
        """The cache already knew of no expiry ahead; the publication that
        sets one tells it."""
        listing = self.get("/tg/news/")
        assert listing[STATUS] == "miss" and self.news.title in listing.text
        page = NewsPage.objects.get(pk=self.news.pk)
        page.expire_at = timezone.now() + SOON
        page.save_revision().publish()
        assert self.get("/tg/news/")[STATUS] == "miss"
        assert self.get("/tg/news/")[STATUS] == "hit"
        with clock_moved(by=PAST_EXPIRY):
            listing = self.get("/tg/news/")
            assert listing[STATUS] == "miss"
            assert self.news.title not in listing.text
            assert self.get(f"/tg/news/{self.news.slug}/").status_code == 404

    def test_no_cached_copy_is_served_after_the_expiry_time(self):
        """A page cached before its expiry time is not served after it, nor
        are the cached listings, sitemap and feed that show it."""
        expire(self.news, at=timezone.now() + SOON)
        news_path = f"/tg/news/{self.news.slug}/"
        places = [news_path, "/tg/news/", "/tg/", "/sitemap.xml", "/tg/news/rss/"]
        for path in places:
            assert self.get(path)[STATUS] == "miss", path
            cached = self.get(path)
            assert cached[STATUS] == "hit", path
            assert self.news.title in cached.text or self.news.slug in cached.text
        changed_before = content_changed_at()

        with clock_moved(by=PAST_EXPIRY):
            response = self.get(news_path)
            assert response.status_code == 404
            for path in places[1:]:
                with self.subTest(path=path):
                    response = self.get(path)
                    assert response.status_code == 200
                    assert response[STATUS] == "miss"
                    assert self.news.title not in response.text
                    assert f"/news/{self.news.slug}/" not in response.text
            # The portal API's Last-Modified moves on too.
            assert content_changed_at() > changed_before

"""The portal's national pages on the bare domain: every online agency's
services, competitions, news and offices, in three languages, from the
API's rule of what is public, in a fixed number of queries."""

import json
import re
from datetime import datetime, time, timedelta
from unittest import mock
from xml.etree import ElementTree

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

import pytest

from cms.caching import invalidate_all_sites
from cms.contracts.portal import declared_listings
from service_pages.models import ServiceOffice
from service_pages.opening_hours import Period
from service_pages.portal import DUSHANBE, _is_open, _next_change
from tests.api.world import SENTINEL, build_api_world
from tests.factories.content import (
    ImageFactory,
    competition,
    news_item,
    news_topic,
    office,
    provisioned_agency,
    service,
)

PORTAL = "portal.test"
PAGES = [
    "/{language}/",
    *(f"/{{language}}/{item.slug}/" for item in declared_listings()),
]
# Every portal page, whatever the number of agencies (issue 19).
BUDGET = 10
# The portal's search: a query that finds services, and a misspelt one that
# finds nothing as typed (the spelling suggestion's path).
SEARCHES = ("Маълумотнома", "Маълумотномо")


def json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "no JSON-LD"
    return json.loads(found.group(1))


class PortalPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_api_world()

    def get(self, path: str, **params: str):
        response = self.client.get(path, params, headers={"host": PORTAL})
        assert response.status_code == 200, (path, response.status_code)
        return response

    def test_every_page_in_three_languages_shows_no_hidden_content(self):
        for language in ("tg", "ru", "en"):
            for path in PAGES:
                html = self.get(path.format(language=language)).text
                with self.subTest(path=path, language=language):
                    assert SENTINEL not in html
                    assert f'<html lang="{language}"' in html

    def test_the_service_catalogue_groups_by_category_most_requested_first(self):
        html = self.get("/ru/services/").text
        assert "Доверенность на управление транспортным средством" in html
        assert "Самые востребованные" in html or "Most requested" not in html
        # The tg-only service is shown in Tajik (the explicit fallback).
        assert "Иҷозат барои тира кардани шишаҳо" in html
        assert html.index("Доверенность на управление") < html.index(
            "Иҷозат барои тира"
        )
        online = self.get("/ru/services/", channel="online").text
        assert "Доверенность на управление" in online
        assert "Иҷозат барои тира" not in online
        by_phone = self.get("/ru/services/", channel="phone").text
        assert "Иҷозат барои тира" in by_phone
        assert "Доверенность на управление" not in by_phone
        minfin = self.get("/ru/services/", agency="minfin").text
        assert "Маълумотнома оид ба аксизи 0" in minfin
        assert "Доверенность на управление" not in minfin
        # An unknown value filters nothing rather than failing.
        assert "Доверенность" in self.get("/ru/services/", agency="nope").text

    def test_the_competitions_board_lists_open_ones_with_job_postings(self):
        html = self.get("/tg/competitions/").text
        assert "Озмун барои мутахассис" in html
        assert "Озмуни гузашта" not in html
        graph = json_ld(html)["@graph"]
        assert [item["@type"] for item in graph] == ["JobPosting"]
        assert graph[0]["validThrough"].endswith("T23:59:59+05:00")
        assert graph[0]["hiringOrganization"]["@type"] == "GovernmentOrganization"
        archive = self.get("/tg/competitions/", status="closed").text
        assert "Озмуни гузашта" in archive
        assert "Озмун барои мутахассис" not in archive
        assert (
            "Озмун барои мутахассис"
            not in self.get("/tg/competitions/", region="sughd").text
        )

    def test_competitions_and_news_have_rss_and_atom_feeds(self):
        rss = self.get("/tg/competitions/rss/")
        assert rss["Content-Type"].startswith("application/rss+xml")
        titles = [
            item.findtext("title")
            # The platform's own output, not untrusted XML.
            for item in ElementTree.fromstring(rss.content).iter("item")  # noqa: S314
        ]
        assert titles == ["Озмун барои мутахассис"]
        atom = self.get("/ru/news/atom/")
        assert atom["Content-Type"].startswith("application/atom+xml")
        root = ElementTree.fromstring(atom.content)  # noqa: S314
        entries = root.findall("{http://www.w3.org/2005/Atom}entry")
        assert entries and SENTINEL.encode() not in atom.content
        titles = [
            entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in entries
        ]
        # Newest first.
        assert titles.index("Открыта новая дорога") < titles.index("Хабари бойгонӣ 0")
        # Services and offices have none.
        assert (
            self.client.get("/tg/services/rss/", headers={"host": PORTAL}).status_code
            == 404
        )

    def test_news_across_agencies_filter_by_agency_and_topic(self):
        html = self.get("/ru/news/").text
        assert "Открыта новая дорога" in html and "Хабари бойгонӣ 0" in html
        assert "Открыта новая дорога" not in self.get("/ru/news/", agency="minfin").text
        elections = self.get("/ru/news/", topic="elections").text
        assert "Открыта новая дорога" in elections
        assert "Хабари бойгонӣ 0" not in elections

    def test_offices_by_region_with_todays_hours(self):
        html = self.get("/en/offices/").text
        assert "Dushanbe Public Services Center" in html
        assert "Идораи Хуҷанд" in html
        assert "openstreetmap.org/?mlat=" in html
        # The services each handles, in the language asked for.
        assert "Power of attorney to drive a vehicle" in html
        sughd = self.get("/en/offices/", region="sughd").text
        assert "Идораи Хуҷанд" in sughd and "Dushanbe Public" not in sughd

    def test_listings_are_read_a_page_at_a_time_keeping_the_filters(self):
        with mock.patch("cms.contracts.portal.ENTRIES_PER_PAGE", 2):
            first = self.get("/tg/news/", agency="minfin").text
            second = self.get("/tg/news/", agency="minfin", page="2").text
            # Out of range or not a number: the last or the first page.
            last = self.get("/tg/news/", agency="minfin", page="99").text
            not_a_number = self.get("/tg/news/", agency="minfin", page="x").text
        # The archive's four news, newest first, two a page.
        assert "Хабари бойгонӣ 0" in first and "Хабари бойгонӣ 1" in first
        assert "Хабари бойгонӣ 2" not in first
        assert "Хабари бойгонӣ 2" in second and "Хабари бойгонӣ 3" in second
        assert "Хабари бойгонӣ 0" not in second
        assert "Хабари бойгонӣ 3" in last
        assert "Хабари бойгонӣ 0" in not_a_number
        # An accessible list of pages whose links keep the agency chosen.
        nav = re.search(
            r'<nav class="pagination" aria-label="[^"]+">.*?</nav>', first, re.S
        )
        assert nav, "no page links"
        assert 'href="?agency=minfin&amp;page=2"' in nav.group()
        assert 'aria-current="page"' in nav.group()
        assert 'href="?agency=minfin&amp;page=1"' in second
        # The count is of every page's entries, not of the page shown.
        count = re.search(r'<p class="result-count" role="status">(.*?)</p>', first)
        assert count and re.search(r"\b4\b", count.group(1))

    def test_the_portal_home_shows_services_news_and_competitions(self):
        html = self.get("/ru/").text
        assert "Доверенность на управление транспортным средством" in html
        assert "Открыта новая дорога" in html
        assert "Озмун барои мутахассис" in html
        assert 'href="/ru/competitions/"' in html

    def test_an_agencys_own_sections_stay_its_own(self):
        mvd = self.world.trees["mvd"]
        response = self.client.get("/tg/services/", headers={"host": mvd.hostname})
        assert response.status_code == 200
        assert "Маълумотнома оид ба аксизи 0" not in response.text  # minfin's
        missing = self.client.get("/tg/nothing-here/", headers={"host": mvd.hostname})
        assert missing.status_code == 404

    def test_pages_are_cached_and_dropped_when_an_agency_publishes(self):
        self.get("/tg/news/")
        with CaptureQueriesContext(connection) as hit:
            self.get("/tg/news/")
        assert len(hit) == 0
        story = news_item(self.world.trees["minfin"], title="Хабари навтарин")
        assert story.live
        assert "Хабари навтарин" in self.get("/tg/news/").text

    def test_search_is_cached_and_dropped_when_an_agency_publishes(self):
        first = self.get("/tg/search/", q="Маълумотнома")
        assert first["X-Page-Cache"] == "miss"
        with CaptureQueriesContext(connection) as hit:
            again = self.get("/tg/search/", q="Маълумотнома")
        assert again["X-Page-Cache"] == "hit"
        assert len(hit) == 0
        service(self.world.trees["minfin"], title="Маълумотномаи навтарин")
        fresh = self.get("/tg/search/", q="Маълумотнома")
        assert fresh["X-Page-Cache"] == "miss"
        # (the words found are marked)
        assert "Маълумотномаи навтарин" in re.sub(r"<[^>]+>", "", fresh.text)


# The public scope is reloaded once per change, and at the latest after
# SCOPE_MAX_AGE seconds: on a slow machine the counting below outlasts that,
# and one request would pay the reload. Counts are of a steady state.
@mock.patch("cms.api.content.SCOPE_MAX_AGE", 3600.0)
class PortalQueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_api_world()

    def queries(self) -> dict[str, int]:
        invalidate_all_sites()
        # The public scope is read once per change: the first request pays.
        self.client.get("/tg/search/", {"q": "x"}, headers={"host": PORTAL})
        counts = {}
        for path in PAGES:
            for language in ("tg", "ru"):
                address = path.format(language=language)
                # A query string: past the page cache, to count the rendering;
                # once first, to count without the site's frame (read once
                # per change and language).
                self.client.get(address, {"agency": ""}, headers={"host": PORTAL})
                # The first page, and the second (the last when there is
                # none), whose entries are read past an offset.
                for page in ("1", "2"):
                    with CaptureQueriesContext(connection) as captured:
                        response = self.client.get(
                            address,
                            {"agency": "", "page": page},
                            headers={"host": PORTAL},
                        )
                    assert response.status_code == 200
                    counts[f"{address}?page={page}"] = len(captured)
        for text in SEARCHES:
            # An unknown parameter: past the page cache, which keeps results
            # by their query.
            params = {"q": text, "agency": ""}
            self.client.get("/tg/search/", params, headers={"host": PORTAL})
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(
                    "/tg/search/", params, headers={"host": PORTAL}
                )
            assert response.status_code == 200
            assert "Маълумотнома" in response.text
            counts[f"/tg/search/?q={text}"] = len(captured)
        return counts

    def add_agencies(self, count: int) -> None:
        topic = news_topic()
        photo = ImageFactory()
        for number in range(count):
            tree = provisioned_agency(f"extra-{number:02d}")
            place = office(tree)
            offered = service(
                tree, online_url="https://my.gov.tj/x", is_most_requested=True
            )
            ServiceOffice.objects.create(page=offered, office=place)
            for _ in range(2):
                news_item(tree, topics=[topic], image=photo)
            competition(tree)

    def test_every_page_within_budget_for_3_and_30_agencies(self):
        with_three = self.queries()
        for address, count in with_three.items():
            with self.subTest(address=address):
                assert count <= BUDGET
        self.add_agencies(27)
        assert Site.objects.count() >= 31
        assert self.queries() == with_three


def test_open_now_and_the_next_change_in_dushanbe_time():
    day = Period(
        opens=time(8), closes=time(17), break_starts=time(12), break_ends=time(13)
    )
    morning = datetime(2026, 12, 7, 9, 30, tzinfo=DUSHANBE)
    lunch = morning.replace(hour=12, minute=30)
    assert _is_open([day], now=morning)
    assert not _is_open([day], now=lunch)
    assert not _is_open([], now=morning)
    assert _next_change({1: [day]}, now=morning) == morning.replace(hour=12, minute=0)
    assert _next_change({1: [day]}, now=morning.replace(hour=18)) is None
    assert timezone.is_aware(_next_change({1: [day]}, now=lunch))
    assert _next_change({1: [day]}, now=lunch) - lunch == timedelta(minutes=30)


pytestmark = pytest.mark.django_db

"""Every API request costs a fixed number of SQL queries, whatever the page
size and however many agencies there are."""

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

import pytest

from cms.caching import invalidate_all_sites
from service_pages.models import ServiceOffice
from tests.api.world import build_api_world
from tests.factories.content import (
    ImageFactory,
    competition,
    news_item,
    news_topic,
    office,
    provisioned_agency,
    service,
)

# The SQLite run (bin/test's second) counts the queries of a change and of
# the details too; the comparison with 30 agencies stays in the PostgreSQL
# run, whose costs these budgets are about: building 30 agencies takes a
# minute on SQLite.
ALSO_ON_SQLITE = pytest.mark.sqlite

LISTS = [
    ("agencies/", {}),
    ("services/", {}),
    ("services/", {"channel": "in_person", "q": "а", "category": "transport"}),
    ("news/", {}),
    ("news/", {"topic": "roads", "since": "2000-01-01"}),
    ("competitions/", {"status": "open"}),
    ("offices/", {"region": "dushanbe"}),
    ("search/", {"q": "а"}),
]
# The most any list may cost while content is unchanged: one for the items,
# one for their languages, and at most three for what items link to (news:
# images, their renditions, topics). After a change, the first request also
# reads the public scope again: the online agencies, their home pages and
# the restricted pages.
LIST_BUDGET = 5
SCOPE_QUERIES = 3


# The cost of computing an answer: with the API's cache a repeated request
# costs none (tests/api/test_response_cache.py), and a list whose items are
# kept costs its one query (tests/api/test_item_cache.py).
@override_settings(API_CACHE_SECONDS=0, API_ITEM_CACHE_SECONDS=0)
class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_api_world()

    def queries(self, path: str, params: dict) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(f"/api/v1/{path}", params)
        self.assertEqual(response.status_code, 200, response.content)
        return len(captured)

    def counts(self) -> dict[tuple[str, str, int], int]:
        self.queries("agencies/", {})  # the public scope, read once per change
        return {
            (path, str(sorted(params.items())), limit): self.queries(
                path, {**params, "limit": limit, "locale": "ru"}
            )
            for path, params in LISTS
            for limit in (1, 10, 100)
        }

    def add_agencies(self, count: int) -> None:
        topic = news_topic()
        photo = ImageFactory()
        for number in range(count):
            tree = provisioned_agency(f"extra-{number:02d}")
            place = office(tree)
            offered = service(tree, online_url="https://my.gov.tj/x")
            ServiceOffice.objects.create(page=offered, office=place)
            for _ in range(4):
                news_item(tree, topics=[topic], image=photo)
            competition(tree)

    def test_lists_cost_the_same_for_1_10_100_items_and_3_or_30_agencies(
        self,
    ) -> None:
        with_three = self.counts()
        for (path, params, limit), count in with_three.items():
            with self.subTest(path=path, params=params, limit=limit):
                self.assertLessEqual(count, LIST_BUDGET)
        by_endpoint = {}
        for (path, params, _limit), count in with_three.items():
            by_endpoint.setdefault((path, params), set()).add(count)
        for endpoint, counts in by_endpoint.items():
            with self.subTest(endpoint=endpoint):
                self.assertEqual(len(counts), 1, counts)

        self.add_agencies(27)
        with_thirty = self.counts()
        self.assertEqual(with_thirty, with_three)
        # The thirty agencies' content is really there: a full page of news.
        response = self.client.get("/api/v1/news/", {"limit": 100})
        self.assertEqual(len(response.json()["items"]), 100)

    @ALSO_ON_SQLITE
    def test_a_change_costs_one_reading_of_the_public_scope(self) -> None:
        warm = self.counts()[("news/", "[]", 10)]
        invalidate_all_sites()
        cold = self.queries("news/", {"limit": 10, "locale": "ru"})
        self.assertEqual(cold, warm + SCOPE_QUERIES)
        self.assertEqual(self.queries("news/", {"limit": 10, "locale": "ru"}), warm)

    @ALSO_ON_SQLITE
    def test_details_cost_a_fixed_number(self) -> None:
        public = self.world.public
        budgets = {
            f"services/{public['service'].pk}/": 5,
            f"news/{public['news'].pk}/": 5,
            f"competitions/{public['competition-open'].pk}/": 2,
            f"offices/{public['office'].pk}/": 6,
            "agencies/mvd/": 0,
        }
        self.queries("services/", {})
        for path, budget in budgets.items():
            for locale in ("tg", "en"):
                with self.subTest(path=path, locale=locale):
                    self.assertLessEqual(self.queries(path, {"locale": locale}), budget)

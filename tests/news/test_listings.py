"""News by topic and year, competitions open or closed by their deadline in
Dushanbe."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import TestCase

import pytest

from news.status import CompetitionStatus, competition_status, dushanbe_today
from tests import factories
from tests.rendering import render

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite


def test_dushanbe_date_decides_not_the_servers():
    # 20:00 UTC on 31 December is already 1 January in Dushanbe (UTC+5).
    evening = datetime(2026, 12, 31, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert dushanbe_today(evening) == date(2027, 1, 1)


def test_open_through_the_deadline_day_closed_after():
    deadline = date(2027, 5, 15)
    assert competition_status(deadline=deadline, today=date(2027, 5, 15)) == (
        CompetitionStatus.OPEN
    )
    assert competition_status(deadline=deadline, today=date(2027, 5, 16)) == (
        CompetitionStatus.CLOSED
    )


class NewsListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("mvd")
        roads = factories.news_topic("roads")
        health = factories.news_topic("health")
        this_year = date.today().year
        factories.news_item(
            cls.tree, title="Роҳи нав", topics=[roads], date=date(this_year, 1, 10)
        )
        factories.news_item(
            cls.tree, title="Беморхона", topics=[health], date=date(this_year - 1, 6, 1)
        )
        factories.news_item(
            cls.tree,
            title="Пули нав",
            topics=[roads, health],
            date=date(this_year - 2, 3, 3),
        )
        cls.this_year = this_year

    def titles(self, query: str = "") -> list[str]:
        html = render(self.client, self.tree.hostname, f"/tg/news/{query}")
        return [t for t in ("Роҳи нав", "Беморхона", "Пули нав") if f">{t}</a>" in html]

    def test_newest_first(self):
        html = render(self.client, self.tree.hostname, "/tg/news/")
        assert html.index("Роҳи нав") < html.index("Беморхона") < html.index("Пули нав")

    def test_filter_by_topic_and_year(self):
        assert self.titles("?topic=roads") == ["Роҳи нав", "Пули нав"]
        assert self.titles(f"?year={self.this_year - 1}") == ["Беморхона"]
        assert self.titles(f"?topic=health&year={self.this_year - 2}") == ["Пули нав"]

    def test_topics_shown_in_the_readers_language(self):
        item = factories.news_item(self.tree, topics=[factories.news_topic("water")])
        html = render(self.client, self.tree.hostname, f"/tg/news/{item.slug}/")
        assert "Мавзӯи water" in html
        assert '"@type": "NewsArticle"' in html


class CompetitionListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("mvd")
        today = dushanbe_today()
        factories.competition(cls.tree, title="Ҳуқуқшинос", deadline=today)
        factories.competition(
            cls.tree,
            title="Иқтисодчӣ",
            published_on=today - timedelta(days=30),
            deadline=today - timedelta(days=1),
            results="<p>Ғолиб интихоб шуд.</p>",
        )

    def test_open_first_and_filter_by_status(self):
        host = self.tree.hostname
        html = render(self.client, host, "/tg/competitions/")
        assert html.index("Ҳуқуқшинос") < html.index("Иқтисодчӣ")
        assert "Иқтисодчӣ" not in render(
            self.client, host, "/tg/competitions/?status=open"
        )
        assert "Ҳуқуқшинос" not in render(
            self.client, host, "/tg/competitions/?status=closed"
        )

    def test_a_closed_competition_shows_its_results(self):
        page = self.tree.sections["competitions"].get_children().get(title="Иқтисодчӣ")
        html = render(self.client, self.tree.hostname, f"/tg/competitions/{page.slug}/")
        assert "Ғолиб интихоб шуд." in html
        assert '"@type": "JobPosting"' in html

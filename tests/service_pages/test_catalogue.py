"""What a citizen finds in an agency's Services and Contacts sections."""

from datetime import date, time, timedelta

from django.test import TestCase
from django.utils import translation
from django.utils.formats import date_format

import pytest

from tests import factories
from tests.rendering import render

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite


class CatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("mvd")
        documents = factories.service_category("documents")
        transport = factories.service_category("transport")
        cls.office = factories.office(
            cls.tree,
            title="Маркази хизматрасонии давлатӣ",
            slug="psc",
            special_days=[
                (date.today() + timedelta(days=10), None, None),
                (date.today() - timedelta(days=10), None, None),
                (date.today() + timedelta(days=20), time(9), time(12)),
            ],
        )
        factories.service(
            cls.tree,
            title="Шиноснома",
            category=documents,
            online_url="https://portal.example.com/passport",
            is_most_requested=True,
        )
        factories.service(
            cls.tree,
            title="Иҷозатнома",
            category=transport,
            audience="businesses",
            phone="+992 37 000-00-02",
        )
        factories.service(
            cls.tree,
            title="Маълумотнома",
            category=documents,
            audience="everyone",
            is_free=True,
            fee_amount=None,
            offices=[cls.office],
        )

    def titles(self, query: str = "") -> list[str]:
        html = render(self.client, self.tree.hostname, f"/tg/services/{query}")
        return [
            title
            for title in ("Шиноснома", "Иҷозатнома", "Маълумотнома")
            if f">{title}</a>" in html
        ]

    def test_all_services_most_requested_first(self):
        assert self.titles() == ["Шиноснома", "Иҷозатнома", "Маълумотнома"]
        html = render(self.client, self.tree.hostname, "/tg/services/")
        assert html.index(">Шиноснома</a>") < html.index(">Иҷозатнома</a>")

    def test_filter_by_category(self):
        assert self.titles("?category=transport") == ["Иҷозатнома"]
        assert self.titles("?category=documents") == ["Шиноснома", "Маълумотнома"]

    def test_filter_by_audience_includes_services_for_everyone(self):
        assert self.titles("?audience=businesses") == ["Иҷозатнома", "Маълумотнома"]

    def test_filter_by_channel(self):
        assert self.titles("?channel=online") == ["Шиноснома"]
        assert self.titles("?channel=in_person") == ["Маълумотнома"]
        assert self.titles("?channel=phone") == ["Иҷозатнома"]

    def test_unknown_filter_values_are_ignored(self):
        assert len(self.titles("?channel=pigeon&audience=aliens&page=x")) == 3

    def test_service_page_shows_how_to_apply_in_person(self):
        html = render(self.client, self.tree.hostname, "/tg/services/")
        assert "Маълумотнома" in html
        service = self.office.service_links.get().page
        html = render(self.client, self.tree.hostname, f"/tg/services/{service.slug}/")
        assert f'href="/tg/contacts/{self.office.slug}/"' in html
        assert "кӯчаи Рӯдакӣ 1" in html

    def test_office_page_shows_hours_holidays_and_services(self):
        html = render(self.client, self.tree.hostname, "/tg/contacts/psc/")
        assert "08:00–17:00" in html
        assert "12:00–13:00" in html
        with translation.override("tg"):
            upcoming = date_format(date.today() + timedelta(days=10), "DATE_FORMAT")
            past = date_format(date.today() - timedelta(days=10), "DATE_FORMAT")
        assert f"{upcoming}: " in html
        assert "09:00–12:00" in html
        assert f"{past}: " not in html
        assert ">Маълумотнома</a>" in html
        assert '"@type": "GovernmentOffice"' in html

    def test_contacts_lists_the_offices(self):
        html = render(self.client, self.tree.hostname, "/tg/contacts/")
        assert ">Маркази хизматрасонии давлатӣ</a>" in html


class PaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("mvd")
        category = factories.service_category()
        for number in range(25):
            factories.service(cls.tree, title=f"Хизмат {number:02}", category=category)

    def test_twenty_services_a_page_filters_kept_in_the_links(self):
        host = self.tree.hostname
        first = render(self.client, host, "/tg/services/?audience=citizens")
        assert first.count('<article class="card') == 20
        assert "?audience=citizens&amp;page=2" in first
        second = render(self.client, host, "/tg/services/?audience=citizens&page=2")
        assert second.count('<article class="card') == 5
        last = render(self.client, host, "/tg/services/?page=99")
        assert last.count('<article class="card') == 5

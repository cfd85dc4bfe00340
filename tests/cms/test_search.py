"""Per-site search: live pages of one site in one language, read with that
language's text-search configuration (Russian words are stemmed)."""

import re
from unittest import mock

from django.db import connection
from django.test import TestCase

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

import pytest

from cms.search.backends import search_backend_for
from cms.search.engine import ranked_pages
from cms.search.selectors import SiteSearch, search_site
from cms.search.text import query_terms
from cms.translation import translate_page
from tests import factories

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite

RUSSIAN_STEMMING = (
    "Russian stemming comes from PostgreSQL's russian text-search configuration; "
    "Wagtail's own search on SQLite matches words as written"
)


class SiteSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.alpha = factories.provisioned_agency("alpha")
        cls.beta = factories.provisioned_agency("beta")
        cls.service = factories.service(
            cls.alpha,
            title="Додани шиноснома",
            summary="Хизматрасонии давлатӣ барои шаҳрвандон.",
        )
        cls.russian = Locale.objects.get(language_code="ru")
        cls.ru_service = translate_page(
            cls.service,
            locale=cls.russian,
            strings={
                "title": "Выдача паспорта",
                "summary": "Государственная услуга для граждан.",
            },
        )
        other = factories.service(cls.beta, title="Иҷозатнома")
        translate_page(
            other,
            locale=cls.russian,
            strings={"title": "Лицензия", "summary": "Государственная услуга."},
        )
        draft = factories.service(cls.alpha, title="Шиносномаи нав")
        translate_page(
            draft,
            locale=cls.russian,
            strings={"title": "Новый паспорт", "summary": "Новая услуга."},
        ).unpublish()

    def search(self, language: str, query: str) -> str:
        response = self.client.get(
            f"/{language}/search/",
            {"q": query},
            headers={"host": self.alpha.hostname},
        )
        assert response.status_code == 200
        return response.text

    # On SQLite the citizen search cuts Russian endings itself.
    def test_a_russian_query_finds_an_inflected_form(self):
        html = self.search("ru", "услуги")
        assert "Выдача паспорта" in html
        assert f'href="/ru/services/{self.ru_service.slug}/"' in html

    def test_tajik_is_matched_as_written(self):
        html = self.search("tg", "шиноснома")
        assert "Додани <mark>шиноснома</mark>" in html
        assert "Выдача паспорта" not in html

    def test_only_live_pages_of_this_site_in_this_language(self):
        html = self.search("ru", "услуга")
        assert "Выдача паспорта" in html
        assert "Лицензия" not in html  # another agency's
        assert "Новый паспорт" not in html  # unpublished
        assert "Додани шиноснома" not in html  # another language

    @pytest.mark.postgresql_only(reason=RUSSIAN_STEMMING)
    def test_stemming_comes_from_the_language_configuration(self):
        backend = get_search_backend()
        russian_pages = Page.objects.live().filter(locale=self.russian)
        as_russian = search_backend_for(backend, language_code="ru")
        as_tajik = search_backend_for(backend, language_code="tg")
        assert self.ru_service.pk in [
            p.pk for p in as_russian.search("услуги", russian_pages)
        ]
        assert not list(as_tajik.search("услуги", russian_pages))
        # The admin's search, in no particular language, finds both.
        assert self.ru_service.pk in [
            p.pk for p in backend.search("услуги", russian_pages)
        ]

    def test_empty_and_unmatched_queries(self):
        assert "result-count" not in self.search("en", "")
        html = self.search("ru", "несуществующееслово")
        assert "Ничего не найдено" in html

    def test_search_pages_are_not_indexed_by_search_engines(self):
        response = self.client.get(
            "/tg/search/", {"q": "x"}, headers={"host": self.alpha.hostname}
        )
        assert response["X-Robots-Tag"] == "noindex"

    def test_the_portals_search_spans_every_online_agency(self):
        response = self.client.get(
            "/ru/search/", {"q": "услуга"}, headers={"host": "portal.test"}
        )
        assert response.status_code == 200
        html = response.text
        # Both agencies' live pages in Russian, each named with its agency,
        # linked on its own site; never a draft or another language.
        assert "Выдача паспорта" in html and "Лицензия" in html
        assert f'href="http://{self.alpha.hostname}/ru/services/' in html
        assert "Министерство alpha Республики Таджикистан" in html
        assert "Министерство beta Республики Таджикистан" in html
        assert "Новый паспорт" not in html
        assert "Додани шиноснома" not in html

    def test_the_portals_search_leaves_out_offline_agencies_and_private_pages(self):
        from django.utils import timezone

        from wagtail.models import PageViewRestriction

        from agency_sites.models import Agency
        from cms.caching import invalidate_all_sites

        Agency.objects.filter(pk=self.beta.agency.pk).update(
            deprovisioned_at=timezone.now()
        )
        PageViewRestriction.objects.create(
            page=self.ru_service, restriction_type=PageViewRestriction.LOGIN
        )
        invalidate_all_sites()
        response = self.client.get(
            "/ru/search/", {"q": "услуга"}, headers={"host": "portal.test"}
        )
        assert response.status_code == 200
        assert "Лицензия" not in response.text
        assert "Выдача паспорта" not in response.text

    def test_tajik_typed_on_a_russian_keyboard_finds_the_page(self):
        # ҳ, ӣ typed as х, и: "шаҳрвандон", "давлатӣ" on the page.
        html = self.search("tg", "хизматрасонии давлати шахрвандон")
        assert "Додани шиноснома" in html
        assert "<mark>давлатӣ</mark>" in html

    def test_each_matching_entry_finds_its_page_by_primary_key(self):
        """The matching index entries are joined to their pages by the
        entry's id read as a number, which the pages' primary key answers,
        and the page's own type: joined by the page's id made text
        (modelsearch's relation), PostgreSQL read every page of the language
        to find the few hundred that matched (bench/README.md, search)."""
        pages = Page.objects.filter(locale=self.russian, live=True)
        terms = query_terms("паспорт", language_code="ru")
        ranked = ranked_pages(pages, terms, language_code="ru")
        sql = str(ranked.query)
        joins = re.findall(r"JOIN \S+ ON \((.*?)\) WHERE", sql)
        if connection.vendor == "postgresql":
            assert joins == [
                '(("wagtailsearch_indexentry"."content_type_id" = '
                '("wagtailcore_page"."content_type_id") AND '
                '("wagtailsearch_indexentry"."object_id")::integer = '
                '("wagtailcore_page"."id")))'
            ]
        assert [page.title for page in ranked] == ["Выдача паспорта"]

    def test_a_misspelt_query_shows_the_results_of_the_one_meant(self):
        html = self.search("ru", "паспотра")
        assert "Показаны результаты по запросу «паспорта»" in html
        assert "Выдача <mark>паспорта</mark>" in html

    def test_an_agencys_search_links_to_the_search_of_every_agency(self):
        html = self.search("ru", "паспорт")
        assert 'href="http://portal.test/ru/search/?q=%D0%BF' in html
        assert "Искать «паспорт» на сайтах всех органов" in html


class SearchResultPagesTests(TestCase):
    """Results a page at a time, the page and the count read together."""

    @classmethod
    def setUpTestData(cls):
        cls.gamma = factories.provisioned_agency("gamma")
        cls.titles = [f"Шаҳодатномаи рақами {number}" for number in range(3)]
        for title in cls.titles:
            factories.service(cls.gamma, title=title)

    def results(self, page: str | None) -> SiteSearch:
        with mock.patch("cms.search.selectors.RESULTS_PER_PAGE", 2):
            return search_site(
                site=self.gamma.agency.site,
                language_code="tg",
                query="шаҳодатнома",
                page_number=page,
            )

    def shown(self, results: SiteSearch) -> list[str]:
        return [re.sub(r"<[^>]+>", "", hit.title) for hit in results.hits]

    def test_every_match_once_over_the_pages(self):
        first, second = self.results(None), self.results("2")
        assert first.total == second.total == 3
        assert first.pagination.paginator.num_pages == 2
        assert len(first.hits) == 2 and len(second.hits) == 1
        assert sorted(self.shown(first) + self.shown(second)) == self.titles
        assert second.pagination.has_previous()

    def test_past_the_last_page_or_not_a_number(self):
        last = self.results("2")
        for page in ("99", "99999999999999999999999"):
            with self.subTest(page=page):
                beyond = self.results(page)
                assert beyond.pagination.number == 2
                assert self.shown(beyond) == self.shown(last)
        for page in ("x", "-3", "0"):
            with self.subTest(page=page):
                assert self.results(page).pagination.number == 1

    def test_nothing_found_is_no_page_of_nothing(self):
        with mock.patch("cms.search.selectors.RESULTS_PER_PAGE", 2):
            results = search_site(
                site=self.gamma.agency.site,
                language_code="tg",
                query="ҳеҷчизнест",
                page_number="3",
            )
        assert results.total == 0 and results.hits == []

"""The free-text filter ``q``: it matches text fields as well as titles,
and on PostgreSQL every field it reads is answered from a trigram index."""

from django.db import connection

from wagtail.models import Page

import pytest

from assembly.api import portal_api  # noqa: F401 (registers the page types)
from cms.api.registry import searchable_types
from tests.api.test_portal_api import PortalApiTestCase

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite

# In the summary of the test services ("Додани маълумотнома ба
# шаҳрвандон."), never in their titles; any case.
SUMMARY_WORD = "ШАҲРВАНДОН"


class FreeTextTests(PortalApiTestCase):
    def test_text_fields_match_as_well_as_titles(self) -> None:
        listed = self.get("services/", q=SUMMARY_WORD, locale="tg", limit=100)
        found = self.get("search/", q=SUMMARY_WORD, type="service", limit=100)
        self.assertGreater(len(listed["items"]), 0)
        for item in listed["items"]:
            self.assertNotIn(SUMMARY_WORD.casefold(), item["title"].casefold())
            self.assertIn(SUMMARY_WORD.casefold(), item["summary"].casefold())
        self.assertEqual(
            {item["id"] for item in found["items"]},
            {item["id"] for item in listed["items"]},
        )
        # A word in no title and no text matches nothing.
        self.assertEqual(self.get("search/", q="ҳеҷчизнест")["items"], [])

    @pytest.mark.postgresql_only(
        reason="trigram indexes (pg_trgm) and EXPLAIN plans exist on PostgreSQL only; "
        "SQLite answers the same filter by reading the table"
    )
    def test_every_text_field_is_read_from_its_trigram_index(self) -> None:
        sources = [(Page, "title")] + [
            (entry.model, field)
            for entry in searchable_types.values()
            for field in entry.text_fields
        ]
        self.assertGreater(len(sources), 4)
        with connection.cursor() as cursor:
            # The test tables are tiny: make reading them whole the last resort.
            cursor.execute("SET LOCAL enable_seqscan = off")
        for model, field in sources:
            with self.subTest(model=model.__name__, field=field):
                plan = (
                    model._base_manager.filter(**{f"{field}__icontains": "маълумот"})
                    .values("pk")
                    .explain()
                )
                table = model._meta.get_field(field).model._meta.db_table
                self.assertIn(f"{table}_{field}_trgm", plan)

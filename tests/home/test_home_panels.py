"""The agency's home page leads to its top tasks: most requested services,
the latest news and open competitions, from its own site and language."""

from datetime import date, timedelta

from django.test import TestCase

import pytest

from tests import factories
from tests.rendering import render

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite


class HomePanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("alpha")
        other = factories.provisioned_agency("beta")
        factories.service(cls.tree, title="Шиноснома", is_most_requested=True)
        factories.service(cls.tree, title="Маълумотномаи оддӣ")
        factories.service(other, title="Иҷозатномаи бета", is_most_requested=True)
        for number in range(4):
            factories.news_item(
                cls.tree,
                title=f"Хабари {number}",
                date=date.today() - timedelta(days=number),
            )
        factories.competition(cls.tree, title="Озмуни кушода")
        factories.competition(
            cls.tree,
            title="Озмуни баста",
            published_on=date.today() - timedelta(days=30),
            deadline=date.today() - timedelta(days=2),
        )

    def test_home_shows_top_tasks_of_its_own_site(self):
        html = render(self.client, self.tree.hostname, "/tg/")
        assert "Хизматрасониҳои серталаб" in html
        assert ">Шиноснома</a>" in html
        assert "Маълумотномаи оддӣ" not in html
        assert "Иҷозатномаи бета" not in html
        assert ">Хабари 0</a>" in html and ">Хабари 2</a>" in html
        assert "Хабари 3" not in html  # three newest only
        assert ">Озмуни кушода</a>" in html
        assert "Озмуни баста" not in html

    def test_panels_without_content_are_left_out(self):
        html = render(self.client, self.tree.hostname, "/ru/")
        assert 'class="home-panel"' not in html

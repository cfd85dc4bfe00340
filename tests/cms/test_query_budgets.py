"""Every page type renders in at most 10 queries, and in as many with 30
blocks, children or documents as with 3.

Two agencies hold the same kinds of content, one with 3 of everything and one
with 30; each page is requested twice and the second (warm) request counted.
"""

from datetime import date, timedelta

from django.test import TestCase

from cms.models import StandardPage
from cms.services import add_published_child
from tests import factories
from tests.rendering import queries_to_render

BUDGET = 10


def rich_body(size: int, *, page_link, images, documents) -> list:
    """A body with ``size`` blocks of every kind that reads the database."""
    blocks = []
    for number in range(size):
        blocks += [
            ("heading", {"text": f"Қисми {number}", "level": "h2"}),
            ("paragraph", f"<p>Матни {number}.</p>"),
            ("image", {"image": images[number], "caption": f"Сурат {number}"}),
            (
                "documents",
                {
                    "heading": "",
                    "documents": [{"document": documents[number], "title": ""}],
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Хизматрасониҳо",
                    "text": "",
                    "link_label": "Дидан",
                    "page": page_link,
                    "url": "",
                },
            ),
        ]
    return blocks


def build_agency(slug: str, size: int) -> dict[str, str]:
    """An agency with ``size`` of everything; returns page paths by type."""
    tree = factories.provisioned_agency(slug)
    images = [factories.ImageFactory() for _ in range(size)]
    documents = [factories.DocumentFactory() for _ in range(size)]
    offices = [factories.office(tree) for _ in range(size)]
    topic = factories.news_topic()
    services = [
        factories.service(
            tree,
            offices=offices,
            required_documents=[
                ("document", {"name": f"Ҳуҷҷат {n}", "note": "", "form": documents[n]})
                for n in range(size)
            ],
            steps=[("step", {"title": f"Қадам {n}", "text": ""}) for n in range(size)],
        )
        for _ in range(size)
    ]
    news = [
        factories.news_item(
            tree,
            image=images[n],
            topics=[topic],
            date=date.today() - timedelta(days=n * 40),
            body=rich_body(
                size, page_link=tree.home, images=images, documents=documents
            ),
        )
        for n in range(size)
    ]
    competitions = [factories.competition(tree) for _ in range(size)]
    standard = add_published_child(
        parent=tree.home,
        page=StandardPage(
            title="Роҳбарият",
            slug="leadership",
            show_in_menus=True,
            body=rich_body(
                size,
                page_link=tree.sections["services"],
                images=images,
                documents=documents,
            ),
        ),
    )
    return {
        "host": tree.hostname,
        "home": "/tg/",
        "standard page": f"/tg/{standard.slug}/",
        "service index": "/tg/services/",
        "service": f"/tg/services/{services[0].slug}/",
        "office index": "/tg/contacts/",
        "office": f"/tg/contacts/{offices[0].slug}/",
        "news index": "/tg/news/",
        "news": f"/tg/news/{news[0].slug}/",
        "competition index": "/tg/competitions/",
        "competition": f"/tg/competitions/{competitions[0].slug}/",
    }


class QueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.small = build_agency("small", 3)
        cls.large = build_agency("large", 30)

    def test_every_page_type_within_budget_whatever_its_size(self):
        for page_type, path in self.small.items():
            if page_type == "host":
                continue
            small = queries_to_render(
                self.client, self.small["host"], path.replace("/small", "")
            )
            large = queries_to_render(
                self.client,
                self.large["host"],
                self.large[page_type].replace("/large", ""),
            )
            with self.subTest(page_type=page_type, small=small, large=large):
                assert small <= BUDGET
                assert large == small

"""Builders of agency content for tests, through the same services the admin
and the demo use."""

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from wagtail.models import Page

import wagtail_factories

from agency_sites.models import Agency
from agency_sites.provisioning import parse_registry, provision_agencies
from home.models import AgencyHomePage
from news.models import CompetitionPage, NewsPage, NewsTopic
from news.services import create_competition, create_news, create_news_topic
from service_pages.models import OfficePage, ServiceCategory, ServicePage
from service_pages.services import (
    Hours,
    create_office,
    create_service,
    create_service_category,
)

from .registry import agency_entry

_numbers = count(1)

ImageFactory = wagtail_factories.ImageFactory
DocumentFactory = wagtail_factories.DocumentFactory

WORKING_WEEK = [
    Hours(
        weekday=day,
        opens=time(8),
        closes=time(17),
        break_starts=time(12),
        break_ends=time(13),
    )
    for day in range(5)
]


@dataclass(frozen=True)
class AgencyTree:
    """A provisioned agency: its home and standard sections, in Tajik."""

    agency: Agency
    home: AgencyHomePage
    sections: dict[str, Page]

    @property
    def hostname(self) -> str:
        return self.agency.hostname


def provisioned_agency(slug: str = "mvd", **entry: Any) -> AgencyTree:
    """Provision one agency site (and the portal) and return its tree."""
    provision_agencies(
        specs=parse_registry({"agencies": [agency_entry(slug, **entry)]})
    )
    agency = Agency.objects.select_related("site__root_page").get(slug=slug)
    home = agency.site.root_page.specific
    return AgencyTree(
        agency=agency,
        home=home,
        sections={page.slug: page for page in home.get_children().specific()},
    )


def service_category(slug: str | None = None, **names: str) -> ServiceCategory:
    slug = slug or f"category-{next(_numbers)}"
    return create_service_category(
        slug=slug,
        names=names
        or {
            "tg": f"Категорияи {slug}",
            "ru": f"Категория {slug}",
            "en": f"Category {slug}",
        },
    )


def office(tree: AgencyTree, **fields: Any) -> OfficePage:
    number = next(_numbers)
    values: dict[str, Any] = {
        "title": f"Маркази хизматрасонии давлатӣ {number}",
        "slug": f"office-{number}",
        "kind": "service_center",
        "address": "кӯчаи Рӯдакӣ 1",
        "city": "Душанбе",
        "region": "dushanbe",
        "latitude": Decimal("38.559772"),
        "longitude": Decimal("68.787038"),
        "phone": "+992 37 221-00-00",
        "hours": WORKING_WEEK,
    }
    values.update(fields)
    return create_office(index=tree.sections["contacts"], **values)


def service(tree: AgencyTree, **fields: Any) -> ServicePage:
    number = next(_numbers)
    values: dict[str, Any] = {
        "title": f"Маълумотнома {number}",
        "slug": f"service-{number}",
        "service_code": f"test-service-{number}",
        "summary": "Додани маълумотнома ба шаҳрвандон.",
        "fee_amount": Decimal("30.00"),
        "processing_time": "5 рӯзи корӣ",
    }
    values.update(fields)
    if "category" not in values:
        values["category"] = service_category()
    return create_service(index=tree.sections["services"], **values)


def news_topic(slug: str | None = None) -> NewsTopic:
    slug = slug or f"topic-{next(_numbers)}"
    return create_news_topic(
        slug=slug,
        names={"tg": f"Мавзӯи {slug}", "ru": f"Тема {slug}", "en": f"Topic {slug}"},
    )


def news_item(tree: AgencyTree, **fields: Any) -> NewsPage:
    number = next(_numbers)
    values: dict[str, Any] = {
        "title": f"Хабари {number}",
        "slug": f"news-{number}",
        "lead": "Вазорат қабули ҳуҷҷатҳоро оғоз намуд.",
        "body": [("paragraph", "<p>Матни хабар.</p>")],
    }
    values.update(fields)
    return create_news(index=tree.sections["news"], **values)


def competition(tree: AgencyTree, **fields: Any) -> CompetitionPage:
    number = next(_numbers)
    today = date.today()
    values: dict[str, Any] = {
        "title": f"Озмуни {number}",
        "slug": f"competition-{number}",
        "position": "Мутахассиси пешбар",
        "unit": "Раёсати кадрҳо",
        "grade": "Категорияи 5",
        "published_on": today - timedelta(days=3),
        "deadline": today + timedelta(days=14),
        "requirements": "<p>Маълумоти олии ҳуқуқӣ.</p>",
        "documents_to_submit": "<ul><li>Ариза</li><li>Тарҷумаи ҳол</li></ul>",
        "how_to_apply": "<p>Ҳуҷҷатҳоро ба шӯъбаи кадрҳо супоред.</p>",
        "contact_phone": "+992 37 221-00-01",
    }
    values.update(fields)
    return create_competition(index=tree.sections["competitions"], **values)

"""Agencies for content-health tests: one that meets every rule, and pages
to grow it by."""

from datetime import date, timedelta

from django.utils import timezone

from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from agency_sites.models import AgencySettings
from cms.models import StandardPage
from cms.translation import translate_page
from tests import factories
from tests.factories.content import AgencyTree

TODAY = timezone.localdate()


def translate(page: Page, code: str = "ru") -> Page:
    return translate_page(
        page,
        locale=Locale.objects.get(language_code=code),
        strings={"title": f"{page.title} ({code})"},
    )


def fill_contacts(tree: AgencyTree) -> AgencySettings:
    contacts = AgencySettings.for_site(tree.agency.site)
    contacts.phone = "+992 37 221-00-00"
    contacts.email = f"info@{tree.agency.slug}.tj"
    contacts.address_tg = "ш. Душанбе, кӯчаи Рӯдакӣ 1"
    contacts.address_ru = "г. Душанбе, проспект Рудаки 1"
    contacts.address_en = "1 Rudaki Avenue, Dushanbe"
    contacts.save()
    return contacts


def link_to(page: Page, target: Page) -> None:
    """Make the live text of standard page ``page`` a paragraph linking to
    ``target`` (as publishing it would, without a new revision or date)."""
    html = f'<p><a linktype="page" id="{target.pk}">{target.title}</a></p>'
    block = StandardPage._meta.get_field("body").stream_block
    StandardPage.objects.filter(pk=page.pk).update(
        body=StreamValue(block, [("paragraph", RichText(html))])
    )


def documents(count: int = 1) -> list[tuple[str, dict]]:
    return [
        ("document", {"name": f"Шиноснома {n}", "note": "", "form": None})
        for n in range(count)
    ]


def add_news(tree: AgencyTree, count: int) -> list[Page]:
    """``count`` news items of this week, each translated into Russian."""
    items = [
        factories.news_item(tree, date=TODAY - timedelta(days=n % 7))
        for n in range(count)
    ]
    for item in items:
        translate(item)
    return items


def compliant_agency(slug: str, *, news: int = 1) -> AgencyTree:
    """An agency that meets every rule at their default thresholds."""
    tree = factories.provisioned_agency(slug)
    fill_contacts(tree)
    office = factories.office(
        tree,
        kind="head_office",
        title="Дастгоҳи марказӣ",
        email=f"qabul@{slug}.tj",
    )
    translate(office)
    service = factories.service(
        tree, last_reviewed=TODAY - timedelta(days=30), required_documents=documents()
    )
    translate(service)
    translate(factories.competition(tree))
    add_news(tree, news)
    return tree


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)

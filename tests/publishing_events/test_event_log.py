"""Every public change is written to the event log exactly once, in the
transaction of the change: publishing, updating, unpublishing, expiry,
deletion, moves, translations, view restrictions, agencies going offline
and coming back."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from unittest import mock

from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction

import pytest

from agency_sites.services import deprovision_agency, restore_agency
from cms.translation import translate_page
from home.models import AlertBanner
from publishing_events.models import AnnouncedItem, Event
from publishing_events.services import publish_scheduled, reconcile
from tests.factories.content import (
    AgencyTree,
    competition,
    news_item,
    office,
    provisioned_agency,
    service,
)

pytestmark = pytest.mark.django_db


def last_id() -> int:
    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_after(mark: int) -> list[Event]:
    return list(Event.objects.filter(id__gt=mark).order_by("id"))


def types_after(mark: int) -> list[str]:
    return [event.type for event in events_after(mark)]


@pytest.fixture
def tree() -> AgencyTree:
    return provisioned_agency("mvd")


@pytest.fixture
def news(tree: AgencyTree) -> Page:
    return news_item(tree)


def publish_new_revision(page: Page, **changes: Any) -> None:
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def restrict(page: Page) -> PageViewRestriction:
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


BUILDERS: dict[str, Callable[[AgencyTree], Page]] = {
    "service": service,
    "office": office,
    "news": news_item,
    "competition": competition,
}


@pytest.mark.parametrize("item_type", sorted(BUILDERS))
def test_publishing_an_item_is_one_event_with_a_thin_payload(tree, item_type):
    mark = last_id()
    page = BUILDERS[item_type](tree)

    (event,) = events_after(mark)
    assert event.type == f"{item_type}.published"
    assert event.item_type == item_type
    assert event.item_id == page.pk
    assert event.translation_key == page.translation_key
    assert event.locale == "tg"
    assert event.agency_slug == "mvd"
    assert event.payload == {
        "type": f"{item_type}.published",
        "timestamp": event.occurred_at.isoformat(),
        "data": {
            "id": page.pk,
            "item_type": item_type,
            "translation_key": str(page.translation_key),
            "locale": "tg",
            "agency": "mvd",
        },
    }


def test_pages_without_an_event_type_have_no_events(tree):
    mark = last_id()
    section = tree.sections["news"]
    publish_new_revision(section, title="Ахбор")
    assert types_after(mark) == []


def _update(tree, news):
    publish_new_revision(news, title="Хабари нав")


def _draft(tree, news):
    news.specific.save_revision()


def _unpublish(tree, news):
    news.specific.unpublish()


def _expire(tree, news):
    Page.objects.filter(pk=news.pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )
    publish_scheduled()


def _delete(tree, news):
    news.delete()


def _delete_section(tree, news):
    tree.sections["news"].delete()


def _move(tree, news):
    other = provisioned_agency("adliya")
    news.move(other.sections["news"], pos="last-child")


def _translate(tree, news):
    translate_page(
        news, locale=Locale.objects.get(language_code="ru"), strings={"title": "Н"}
    )


def _restrict_item(tree, news):
    restrict(news)


def _restrict_section(tree, news):
    restrict(tree.sections["news"])


def _lift_restriction(tree, news):
    restriction = restrict(tree.sections["news"])
    mark = last_id()
    restriction.delete()
    return mark


def _offline(tree, news):
    deprovision_agency(slug="mvd")


def _restored(tree, news):
    deprovision_agency(slug="mvd")
    mark = last_id()
    restore_agency(slug="mvd")
    return mark


def _schedule(tree, news):
    page = news.specific
    page.title = "Хабари оянда"
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()
    assert AnnouncedItem.objects.get(page_id=news.pk).live_revision_id == (
        news.live_revision_id
    )
    # The go-live time comes.
    real_now = timezone.now
    later = timedelta(hours=1, seconds=1)
    with mock.patch("django.utils.timezone.now", lambda: real_now() + later):
        publish_scheduled()


CHANGES = {
    # change: (what it does, the events it must write after the news item's)
    "update": (_update, ["news.updated"]),
    "draft saved": (_draft, []),
    "unpublish": (_unpublish, ["news.unpublished"]),
    "expiry": (_expire, ["news.expired"]),
    "scheduled publish": (_schedule, ["news.updated"]),
    "delete": (_delete, ["news.deleted"]),
    "delete section": (_delete_section, ["news.deleted"]),
    "move to another agency": (_move, ["news.moved"]),
    "translation": (_translate, ["news.translation_published"]),
    "restrict item": (_restrict_item, ["news.unpublished"]),
    "restrict section": (_restrict_section, ["news.unpublished"]),
    "lift restriction": (_lift_restriction, ["news.published"]),
    "agency offline": (_offline, ["agency.offline", "news.unpublished"]),
    "agency restored": (_restored, ["agency.restored", "news.published"]),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_kind_of_change_is_exactly_one_event(tree, news, change):
    action, expected = CHANGES[change]
    mark = last_id()
    mark = action(tree, news) or mark

    assert types_after(mark) == expected
    # Nothing was missed or left over: comparing every page with what was
    # announced finds nothing more.
    assert reconcile() == []


def test_reasons_say_why_a_page_stopped_being_public(tree, news):
    mark = last_id()
    restrict(tree.sections["news"])
    (event,) = events_after(mark)
    assert event.payload["data"]["reason"] == "view_restriction"

    mark = last_id()
    PageViewRestriction.objects.all().delete()
    deprovision_agency(slug="mvd")
    offline, withdrawn = events_after(mark)[-2:]
    assert offline.payload["data"] == {"id": tree.agency.pk, "slug": "mvd"}
    assert withdrawn.payload["data"]["reason"] == "agency_offline"


def test_a_publish_rolled_back_leaves_no_event(tree):
    mark = last_id()
    with pytest.raises(RuntimeError), transaction.atomic():
        news_item(tree)
        assert types_after(mark) == ["news.published"]
        raise RuntimeError("the publish fails after its event was written")

    assert types_after(mark) == []
    assert not AnnouncedItem.objects.exists()


def test_an_unpublish_rolled_back_leaves_the_item_announced(tree, news):
    mark = last_id()
    with pytest.raises(RuntimeError), transaction.atomic():
        news.specific.unpublish()
        raise RuntimeError("rolled back")

    assert types_after(mark) == []
    assert AnnouncedItem.objects.filter(page_id=news.pk).exists()
    news.refresh_from_db()
    news.specific.unpublish()
    assert types_after(mark) == ["news.unpublished"]


def test_publishing_again_after_unpublishing_is_published_again(tree, news):
    news.specific.unpublish()
    mark = last_id()
    publish_new_revision(news)
    assert types_after(mark) == ["news.published"]


def test_event_ids_increase_in_the_order_of_changes(tree):
    first = news_item(tree)
    second = news_item(tree)
    first.specific.unpublish()
    events = list(Event.objects.order_by("id"))
    assert [(event.type, event.item_id) for event in events] == [
        ("news.published", first.pk),
        ("news.published", second.pk),
        ("news.unpublished", first.pk),
    ]
    assert events[0].occurred_at <= events[1].occurred_at <= events[2].occurred_at


def test_the_schedule_also_expires_alert_banners(tree):
    alert = AlertBanner.objects.create(
        agency=tree.agency,
        locale=Locale.objects.get(language_code="tg"),
        message="Қабули шаҳрвандон дар рӯзи шанбе",
        live=False,
    )
    alert.save_revision().publish()
    AlertBanner.objects.filter(pk=alert.pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )
    mark = last_id()

    assert publish_scheduled() == (1, 0)

    alert.refresh_from_db()
    assert (alert.live, alert.expired) == (False, True)
    # Alerts are not items of the feed.
    assert types_after(mark) == []

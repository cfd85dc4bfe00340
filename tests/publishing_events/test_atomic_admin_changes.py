"""A view restriction set in the admin and a page moved in the admin are
committed with their events, or not at all: Wagtail saves the restriction
outside any transaction and rewrites a moved page's descendants after its
own, so those admin views run in one transaction
(publishing_events.middleware)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection

from wagtail.models import Page, PageViewRestriction

import pytest

from publishing_events import handlers
from publishing_events.models import Event
from tests.factories.content import news_item, provisioned_agency

pytestmark = pytest.mark.django_db


class EventLogDown(Exception):
    pass


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(
        "root", "root@portal.test", "a-long-password-1"
    )
    client.force_login(user)
    return client


@pytest.fixture
def tree():
    return provisioned_agency("mvd")


def last_id() -> int:
    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0


def privacy(client: Any, page: Page) -> Any:
    return client.post(
        f"/admin/pages/{page.pk}/privacy/",
        {"restriction_type": "password", "password": "secret", "groups": []},
    )


def test_a_restriction_and_its_events_are_one_transaction(
    admin_client, tree, monkeypatch
):
    news = news_item(tree)
    section = tree.sections["news"]
    seen: list[bool] = []
    announce = handlers.announce_changes

    def announce_in_view(*args: Any, **kwargs: Any) -> Any:
        # The event is written inside the transaction the restriction was
        # saved in (not a transaction of its own after it).
        seen.append(connection.in_atomic_block)
        return announce(*args, **kwargs)

    monkeypatch.setattr(handlers, "announce_changes", announce_in_view)
    mark = last_id()
    response = privacy(admin_client, section)
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=section).exists()
    assert [e.type for e in Event.objects.filter(id__gt=mark)] == ["news.unpublished"]
    assert Event.objects.get(id__gt=mark).item_id == news.pk
    assert seen == [True]


def test_a_restriction_whose_events_fail_is_not_saved(admin_client, tree, monkeypatch):
    news_item(tree)
    section = tree.sections["news"]

    def fail(*args: Any, **kwargs: Any) -> None:
        raise EventLogDown

    monkeypatch.setattr(handlers, "announce_changes", fail)
    mark = last_id()
    with pytest.raises(EventLogDown):
        privacy(admin_client, section)
    # Neither the restriction nor an event: the page stays public and
    # announced, as consumers were told.
    assert not PageViewRestriction.objects.filter(page=section).exists()
    assert not Event.objects.filter(id__gt=mark).exists()


def test_a_move_whose_descendants_events_fail_is_rolled_back(
    admin_client, tree, monkeypatch
):
    """A moved page's subtree is announced again after Wagtail's own
    transaction (the descendants' addresses are rewritten last): a failure
    there undoes the whole move."""
    news = news_item(tree)
    other = provisioned_agency("adliya")
    before = Page.objects.get(pk=news.pk).url_path
    calls: list[str] = []
    announce = handlers.announce_changes

    def fail_after_the_move(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("cause", ""))
        if len(calls) > 1:  # the descendants', after Wagtail's transaction
            raise EventLogDown
        return announce(*args, **kwargs)

    monkeypatch.setattr(handlers, "announce_changes", fail_after_the_move)
    mark = last_id()
    with pytest.raises(EventLogDown):
        admin_client.post(
            f"/admin/pages/{news.pk}/move/{other.sections['news'].pk}/confirm/", {}
        )
    assert calls == ["moved", "moved"]
    assert Page.objects.get(pk=news.pk).url_path == before
    assert Page.objects.get(pk=news.pk).get_parent().pk == tree.sections["news"].pk
    assert not Event.objects.filter(id__gt=mark).exists()


def test_a_move_in_the_admin_is_announced(admin_client, tree):
    news = news_item(tree)
    other = provisioned_agency("adliya")
    mark = last_id()
    response = admin_client.post(
        f"/admin/pages/{news.pk}/move/{other.sections['news'].pk}/confirm/", {}
    )
    assert response.status_code == 302
    (event,) = Event.objects.filter(id__gt=mark)
    assert (event.type, event.item_id, event.agency_slug) == (
        "news.moved",
        news.pk,
        "adliya",
    )

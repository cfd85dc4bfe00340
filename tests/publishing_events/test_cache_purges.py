"""The caches are purged by the events: one event renews the page cache's
generations of the sites that held or hold the item (and so the portal
API's answers, kept under the public generation) and bans those sites at
the edge once it commits. Pages no event announces (sections, home pages)
and things that are no events (images) are still purged by the page
cache's own receivers, and nothing is purged twice."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

from wagtail.models import Page, PageViewRestriction

import pytest

from cms.caching.generations import read_generations, read_public_generation
from publishing_events.models import AnnouncedItem, Event
from publishing_events.services import reconcile
from tests.factories.content import AgencyTree, news_item, provisioned_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def bans(settings) -> Iterator[list[str]]:
    """A stand-in for Varnish on loopback; yields the host patterns banned."""
    banned: list[str] = []

    class Tier(BaseHTTPRequestHandler):
        def do_BAN(self) -> None:
            banned.append(self.headers["X-Ban-Host"])
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Tier)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EDGE_CACHE_BAN_URLS = [f"http://127.0.0.1:{server.server_port}"]
    yield banned
    server.shutdown()
    server.server_close()


@pytest.fixture
def tree() -> AgencyTree:
    return provisioned_agency("mvd")


def tokens(tree: AgencyTree) -> tuple[object, str]:
    site, _values = read_generations(tree.agency.site.hostname, create=True)
    public, _values = read_public_generation()
    return site, public


def test_one_event_purges_the_page_cache_the_api_answers_and_the_edge(
    tree, bans, django_capture_on_commit_callbacks
):
    news = news_item(tree)
    # The item is public but was never announced (as after a crash): the
    # reconciliation's event is the only thing that happens, no page is
    # saved, no page signal is sent.
    AnnouncedItem.objects.filter(page_id=news.pk).delete()
    before = tokens(tree)
    mark = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with django_capture_on_commit_callbacks(execute=True):
        written = reconcile()
    assert [event.type for event in written] == ["news.published"]
    assert Event.objects.filter(id__gt=mark).count() == 1
    site_after, public_after = tokens(tree)
    assert site_after != before[0]
    assert public_after != before[1]
    (ban,) = bans
    assert tree.agency.site.hostname.replace(".", r"\.") in ban


def test_a_publish_is_purged_once_by_its_event(
    tree, bans, django_capture_on_commit_callbacks
):
    news = news_item(tree)
    with django_capture_on_commit_callbacks(execute=True):
        page = news.get_latest_revision_as_object()
        page.title = "Хабари нав"
        page.save_revision().publish()
    assert Event.objects.order_by("-id").first().type == "news.updated"
    # The page cache's own receiver leaves announced pages to their event.
    (ban,) = bans
    assert tree.agency.site.hostname.replace(".", r"\.") in ban


def test_a_move_between_agencies_purges_every_site(
    tree, bans, django_capture_on_commit_callbacks
):
    news = news_item(tree)
    other = provisioned_agency("adliya")
    with django_capture_on_commit_callbacks(execute=True):
        news.move(other.sections["news"], pos="last-child")
    assert Event.objects.order_by("-id").first().type == "news.moved"
    assert "." in bans


def test_pages_without_events_are_still_purged(
    tree, bans, django_capture_on_commit_callbacks
):
    section = Page.objects.get(pk=tree.sections["news"].pk).specific
    mark = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    before = tokens(tree)
    with django_capture_on_commit_callbacks(execute=True):
        section.title = "Хабарҳои нав"
        section.save_revision().publish()
    assert not Event.objects.filter(id__gt=mark).exists()
    assert tokens(tree)[0] != before[0]
    (ban,) = bans
    assert tree.agency.site.hostname.replace(".", r"\.") in ban


def test_a_restricted_section_without_items_is_still_purged(
    tree, bans, django_capture_on_commit_callbacks
):
    before = tokens(tree)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=tree.sections["news"],
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )
    assert tokens(tree)[0] != before[0]
    assert len(bans) == 1

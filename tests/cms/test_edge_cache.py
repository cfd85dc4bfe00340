"""The cache tier in front (Varnish) may keep anonymous pages for
EDGE_CACHE_SECONDS, and is told to drop a site's pages (BAN by host) when
the change that drops them from the page cache commits."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.test import TestCase, override_settings

from wagtail.models import Site

import pytest

from tests import factories


class RecordingCacheTier(BaseHTTPRequestHandler):
    """A stand-in for Varnish that records the bans it is sent."""

    bans: list[str] = []

    def do_BAN(self):
        type(self).bans.append(self.headers["X-Ban-Host"])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="class")
def cache_tier(request):
    server = HTTPServer(("127.0.0.1", 0), RecordingCacheTier)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    request.cls.tier_url = f"http://127.0.0.1:{server.server_port}"
    yield
    server.shutdown()


@pytest.mark.usefixtures("cache_tier")
class EdgeCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.alpha = factories.provisioned_agency("alpha")
        cls.news = factories.news_item(cls.alpha)

    def setUp(self):
        RecordingCacheTier.bans.clear()

    def get(self, path: str):
        return self.client.get(path, headers={"host": self.alpha.hostname})

    def test_pages_stay_out_of_shared_caches_by_default(self):
        response = self.get("/tg/")
        assert response["Cache-Control"] == "no-cache"

    @override_settings(EDGE_CACHE_SECONDS=300)
    def test_a_cache_tier_may_keep_a_page_browsers_revalidate(self):
        response = self.get("/tg/")
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"max-age=0", "must-revalidate", "s-maxage=300"}
        # A hit from the page cache says the same.
        again = self.get("/tg/")
        assert again["X-Page-Cache"] == "hit"
        assert again["Cache-Control"] == response["Cache-Control"]

    def test_publishing_bans_the_sites_pages_once_committed(self):
        with override_settings(EDGE_CACHE_BAN_URLS=[self.tier_url]):
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                page = self.news.get_latest_revision_as_object()
                page.title = "Хабари нав"
                page.save_revision().publish()
            # Nothing is banned before the commit: a refetch would see the
            # old page.
            assert RecordingCacheTier.bans == []
            for callback in callbacks:
                callback()
        # The agency's site, and the portal's, whose national pages list
        # every agency's content.
        (ban,) = RecordingCacheTier.bans
        hosts = set(ban.removeprefix("^(").removesuffix(")(:[0-9]+)?$").split("|"))
        portal = Site.objects.get(is_default_site=True).hostname
        assert hosts == {
            self.alpha.hostname.replace(".", r"\."),
            portal.replace(".", r"\."),
        }

    def test_an_unreachable_cache_tier_does_not_fail_the_publish(self):
        dead = "http://127.0.0.1:9"  # discard port: nothing listens
        with (
            override_settings(EDGE_CACHE_BAN_URLS=[dead]),
            self.captureOnCommitCallbacks(execute=True),
        ):
            page = self.news.get_latest_revision_as_object()
            page.save_revision().publish()
        assert self.get(f"/tg/news/{self.news.slug}/").status_code == 200

"""Site alerts: shown on every page of their own agency's site, in its
language, within their display period, most severe first."""

from datetime import timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale

from agency_sites.models import Agency
from agency_sites.provisioning import parse_registry, provision_agencies
from home.models import AlertBanner
from tests.factories import agency_entry


class AlertTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        provision_agencies(
            specs=parse_registry(
                {"agencies": [agency_entry("alpha"), agency_entry("beta")]}
            )
        )
        cls.alpha = Agency.objects.get(slug="alpha")
        cls.tajik = Locale.objects.get(language_code="tg")

    def alert(self, message: str, **fields: object) -> AlertBanner:
        alert = AlertBanner.objects.create(
            agency=self.alpha, locale=self.tajik, message=message, live=False, **fields
        )
        alert.save_revision().publish()
        return alert

    def html(self, host: str, path: str = "/tg/") -> str:
        return self.client.get(path, headers={"host": host}).content.decode()

    def test_live_alerts_show_on_every_page_of_their_site_only(self):
        self.alert("Reception closed on Friday", severity="warning")
        self.alert("Service outage", severity="critical")
        html = self.html("alpha.portal.test")
        assert "Reception closed on Friday" in html
        assert html.index("Service outage") < html.index("Reception closed on Friday")
        assert 'role="alert"' in html
        assert "Reception closed on Friday" in self.html(
            "alpha.portal.test", "/tg/news/"
        )
        assert "Reception closed on Friday" not in self.html("beta.portal.test")
        assert "Reception closed on Friday" not in self.html(
            "alpha.portal.test", "/ru/"
        )

    def test_period_and_unpublishing_are_respected(self):
        now = timezone.now()
        self.alert("Past notice", ends_at=now - timedelta(hours=1))
        self.alert("Future notice", starts_at=now + timedelta(hours=1))
        current = self.alert("Current notice", starts_at=now - timedelta(hours=1))
        html = self.html("alpha.portal.test")
        assert "Current notice" in html
        assert "Past notice" not in html and "Future notice" not in html
        current.refresh_from_db()
        current.unpublish()
        assert "Current notice" not in self.html("alpha.portal.test")

    def test_a_warm_page_view_spends_no_query_on_alerts(self):
        self.alert("Cached notice")
        self.html("alpha.portal.test")
        with CaptureQueriesContext(connection) as queries:
            self.html("alpha.portal.test")
        assert not [q for q in queries if "home_alertbanner" in q["sql"]]

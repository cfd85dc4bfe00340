"""The demo's content: the portal's six services on their agencies, a
Public Services Center with hours, news and open competitions, in three
languages, made once."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

import pytest
import yaml

from agency_sites.provisioning import load_registry, provision_agencies
from news.models import CompetitionPage, NewsPage
from service_pages.models import OfficePage, ServicePage
from tests.conftest import REPO_ROOT, SHIPPED_REGISTRY
from tests.rendering import render

DEMO_AGENCIES = {"mvd", "andoz", "dushanbe"}
SERVICES = yaml.safe_load(
    (REPO_ROOT / "service_pages" / "data" / "services.yaml").read_text(encoding="utf-8")
)["services"]


def load(language: str = "en") -> str:
    out = StringIO()
    call_command("load_demo_content", language=language, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_refuses_outside_the_demo(settings):
    settings.LOCAL_DEMO = False
    with pytest.raises(CommandError, match="only runs in the local demo"):
        load()
    assert not ServicePage.objects.exists()


@override_settings(LOCAL_DEMO=True)
class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        specs = [s for s in load_registry(SHIPPED_REGISTRY) if s.slug in DEMO_AGENCIES]
        provision_agencies(specs=specs)
        with override_settings(LOCAL_DEMO=True):
            cls.first_run = load()

    def test_the_six_services_on_their_agencies_in_three_languages(self):
        for entry in SERVICES:
            versions = ServicePage.objects.filter(service_code=entry["code"])
            titles = {page.locale.language_code: page.title for page in versions}
            assert titles == entry["names"], entry["code"]
            for page in versions:
                assert page.live
                assert page.url_path.startswith(f"/{entry['agency']}")

    def test_a_public_services_center_in_dushanbe_with_hours(self):
        center = OfficePage.objects.get(
            kind="service_center", locale__language_code="tg"
        )
        assert center.url_path.startswith("/dushanbe/contacts/")
        assert center.opening_hours.count() == 6
        assert center.special_days.exists()
        assert center.get_translations().count() == 2
        wedding = ServicePage.objects.get(
            service_code="wedding-registration", locale__language_code="tg"
        )
        assert center in [link.office for link in wedding.offices.all()]

    def test_news_and_an_open_competition_on_every_demo_agency(self):
        for slug in DEMO_AGENCIES:
            news = NewsPage.objects.filter(url_path__startswith=f"/{slug}/")
            assert news.count() == 3
            competition = CompetitionPage.objects.get(url_path__startswith=f"/{slug}/")
            assert competition.is_open
            assert competition.get_translations().count() == 2

    def test_second_run_adds_nothing(self):
        assert "created" in self.first_run
        counts = (ServicePage.objects.count(), NewsPage.objects.count())
        output = load()
        assert "Nothing to add" in output
        assert (ServicePage.objects.count(), NewsPage.objects.count()) == counts

    def test_a_citizen_reads_a_service_in_every_language(self):
        host = "mvd.portal.test"
        cases = {
            "tg": "Маълумотнома дар бораи доштан (надоштани) доғи судӣ",
            "ru": "Справка о наличии (отсутствии) судимости",
            "en": "Certificate of (no) criminal record",
        }
        for code, title in cases.items():
            html = render(self.client, host, f"/{code}/services/criminal-record-check/")
            assert f"<h1>{title}</h1>" in html
            listing = render(self.client, host, f"/{code}/services/")
            assert title in listing

    def test_a_news_item_publishes_an_order_with_its_number_and_date(self):
        host = "mvd.portal.test"
        cases = {
            "tg": ("Амр № 15 аз ", "Дар бораи тартиби қабули шаҳрвандон"),
            "ru": ("Приказ № 15 от ", "О порядке приёма граждан по субботам"),
            "en": ("Order No. 15 of ", "On receiving citizens on Saturdays"),
        }
        for code, (citation, title) in cases.items():
            html = render(self.client, host, f"/{code}/news/reception-hours/")
            assert citation in html, code
            assert title in html, code

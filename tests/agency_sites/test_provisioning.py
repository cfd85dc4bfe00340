"""Provisioning agency sites into a real PostgreSQL database."""

from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, Page, Revision, Site
from wagtail_localize.models import StringTranslation, Translation

import pytest

from agency_sites.models import Agency
from agency_sites.provisioning import Outcome, parse_registry, provision_agencies
from home.models import AgencyHomePage, PortalHomePage
from tests.factories import agency_entry, registry_file

SECTION_SLUGS = ["services", "news", "competitions", "about", "contacts"]
SECTION_TITLES = {
    "tg": [
        "Хизматрасониҳо",
        "Хабарҳо",
        "Озмунҳои хизмати давлатӣ",
        "Дар бораи мо",
        "Тамос",
    ],
    "ru": [
        "Услуги",
        "Новости",
        "Конкурсы на государственную службу",
        "О нас",
        "Контакты",
    ],
    "en": ["Services", "News", "Civil-service competitions", "About us", "Contacts"],
}


def three_agencies() -> list[dict]:
    return [
        agency_entry("mvd"),
        agency_entry("adliya", hostname="adliya.gov.tj"),
        agency_entry("dushanbe", kind="local", region="Dushanbe", parent="mvd"),
    ]


def provision(entries: list[dict], **kwargs):
    specs = parse_registry({"agencies": entries})
    return provision_agencies(specs=specs, **kwargs)


def run_command(path: Path, language: str = "en") -> str:
    out = StringIO()
    call_command("provision_agencies", str(path), language=language, stdout=out)
    return out.getvalue()


class ProvisionedSitesTests(TestCase):
    """Three agencies provisioned once for the whole class."""

    @classmethod
    def setUpTestData(cls):
        cls.report = provision(three_agencies())

    def test_report_counts_every_agency_as_created(self):
        assert self.report.created == ["mvd", "adliya", "dushanbe"]
        assert self.report.portal == Outcome.CREATED

    def test_registry_records(self):
        mvd = Agency.objects.get(slug="mvd")
        assert mvd.kind == "central"
        assert mvd.hostname == "mvd.portal.test"
        assert mvd.site.hostname == "mvd.portal.test"
        dushanbe = Agency.objects.get(slug="dushanbe")
        assert (dushanbe.kind, dushanbe.region, dushanbe.parent) == (
            "local",
            "dushanbe",
            mvd,
        )
        assert Agency.objects.get(slug="adliya").site.hostname == "adliya.gov.tj"

    def test_each_agency_has_its_own_site_rooted_at_its_home(self):
        for agency in Agency.objects.select_related("site__root_page"):
            home = agency.site.root_page.specific
            assert isinstance(home, AgencyHomePage)
            assert home.locale.language_code == "tg"
            assert home.title == agency.names["tg"]
            assert home.live
            assert not agency.site.is_default_site

    def test_home_translations_are_linked_through_wagtail_localize(self):
        home = Agency.objects.get(slug="mvd").site.root_page.specific
        translations = {
            page.locale.language_code: page
            for page in home.get_translations(inclusive=True)
        }
        assert set(translations) == {"tg", "ru", "en"}
        assert translations["ru"].title == "Министерство mvd Республики Таджикистан"
        assert (
            translations["en"].title == "Ministry of Mvd of the Republic of Tajikistan"
        )
        assert all(page.live for page in translations.values())
        # Made by wagtail-localize's machinery, not as unrelated copies:
        targets = set(
            Translation.objects.filter(
                source__object_id=home.translation_key
            ).values_list("target_locale__language_code", flat=True)
        )
        assert targets == {"ru", "en"}
        assert StringTranslation.objects.filter(
            locale__language_code="ru",
            data="Министерство mvd Республики Таджикистан",
            context__path="title",
        ).exists()

    def test_standard_sections_exist_in_every_language(self):
        home = Agency.objects.get(slug="adliya").site.root_page
        for locale in Locale.objects.all():
            localized_home = home.get_translation(locale)
            children = localized_home.get_children().live().in_menu()
            assert [page.slug for page in children] == SECTION_SLUGS
            assert [page.title for page in children] == SECTION_TITLES[
                locale.language_code
            ]
        services = home.get_children().get(slug="services")
        assert services.specific_class.__name__ == "ServiceIndexPage"
        assert services.get_translation(
            Locale.objects.get(language_code="ru")
        ).url_path.endswith("/services/")

    def test_portal_site_is_the_default_site(self):
        site = Site.objects.get(is_default_site=True)
        assert site.hostname == "portal.test"
        assert isinstance(site.root_page.specific, PortalHomePage)
        assert site.root_page.get_translations().count() == 2
        # Wagtail's initial welcome page is gone.
        assert not Page.objects.filter(depth=2, content_type__model="page").exists()


class IdempotenceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        provision(three_agencies())

    def test_second_run_changes_nothing_and_says_so(self):
        counts = (Page.objects.count(), Revision.objects.count(), Site.objects.count())
        with TemporaryDirectory() as directory:
            path = registry_file(Path(directory), three_agencies())
            output = run_command(path)
        assert "Nothing to change: all 3 agencies are up to date" in output
        assert (
            Page.objects.count(),
            Revision.objects.count(),
            Site.objects.count(),
        ) == counts

    def test_second_run_writes_nothing(self):
        with CaptureQueriesContext(connection) as queries:
            report = provision(three_agencies())
        assert report.unchanged == ["mvd", "adliya", "dushanbe"]
        writes = [
            query["sql"]
            for query in queries
            if query["sql"].split(None, 1)[0] in {"INSERT", "UPDATE", "DELETE"}
        ]
        assert writes == []

    def test_renamed_agency_gets_its_new_official_name_everywhere(self):
        entries = three_agencies()
        entries[0]["names"] = {
            "tg": "Вазорати нав",
            "ru": "Новое министерство",
            "en": "New Ministry",
        }
        report = provision(entries)
        assert report.updated == ["mvd"]
        assert report.unchanged == ["adliya", "dushanbe"]
        home = Agency.objects.get(slug="mvd").site.root_page
        titles = {
            page.locale.language_code: page.title
            for page in home.get_translations(inclusive=True)
        }
        assert titles == {
            "tg": "Вазорати нав",
            "ru": "Новое министерство",
            "en": "New Ministry",
        }
        assert Agency.objects.get(slug="mvd").site.site_name == "Вазорати нав"

    def test_new_hostname_moves_the_site(self):
        entries = three_agencies()
        entries[1]["hostname"] = "minjust.gov.tj"
        assert provision(entries).updated == ["adliya"]
        assert Agency.objects.get(slug="adliya").site.hostname == "minjust.gov.tj"

    def test_editor_changes_to_sections_are_kept(self):
        home = Agency.objects.get(slug="mvd").site.root_page
        about = home.get_children().get(slug="about").specific
        about.title = "Дар бораи вазорат"
        about.save_revision().publish()
        assert provision(three_agencies()).unchanged == ["mvd", "adliya", "dushanbe"]
        about.refresh_from_db()
        assert about.title == "Дар бораи вазорат"

    def test_deleted_section_is_restored(self):
        home = Agency.objects.get(slug="adliya").site.root_page
        news = home.get_children().get(slug="news")
        for page in news.get_translations(inclusive=True):
            page.delete()
        assert provision(three_agencies()).updated == ["adliya"]
        assert home.get_children().filter(slug="news").exists()


class MalformedRegistryTests(TestCase):
    """A bad file, or one that conflicts with the database, creates nothing."""

    def assert_nothing_created(self):
        assert not Agency.objects.exists()
        assert not Site.objects.exclude(hostname="localhost").exists()
        assert not AgencyHomePage.objects.exists()

    def command_error(self, entries: list) -> str:
        with TemporaryDirectory() as directory:
            path = registry_file(Path(directory), entries)
            with pytest.raises(CommandError) as error:
                run_command(path)
        return str(error.value)

    def test_missing_field(self):
        entries = three_agencies()
        del entries[2]["region"]
        message = self.command_error(entries)
        assert (
            "entry 3 (dushanbe), field 'region': required for a local body" in message
        )
        assert "Nothing was created or changed" in message
        self.assert_nothing_created()

    def test_errors_speak_the_operators_language(self):
        with TemporaryDirectory() as directory:
            path = registry_file(Path(directory), [agency_entry("a", kind="x")])
            with pytest.raises(CommandError) as error:
                run_command(path, language="ru")
        message = str(error.value)
        assert "Реестр нельзя использовать" in message
        assert "запись 1 (a), поле 'kind': неизвестный вид 'x'" in message
        self.assert_nothing_created()

    def test_unknown_kind(self):
        message = self.command_error(
            [agency_entry("a"), agency_entry("b", kind="ministry")]
        )
        assert "entry 2 (b), field 'kind': unknown kind 'ministry'" in message
        self.assert_nothing_created()

    def test_duplicate_slug(self):
        message = self.command_error([agency_entry("a"), agency_entry("a")])
        assert "entry 2 (a), field 'slug': 'a' is already used by entry 1" in message
        self.assert_nothing_created()

    def test_duplicate_hostname(self):
        message = self.command_error(
            [agency_entry("a", hostname="x.tj"), agency_entry("b", hostname="x.tj")]
        )
        assert (
            "entry 2 (b), field 'hostname': 'x.tj' is already used by entry 1"
            in message
        )
        self.assert_nothing_created()

    def test_bad_yaml(self):
        with TemporaryDirectory() as directory:
            path = Path(directory) / "agencies.yaml"
            path.write_text("agencies:\n  - slug: [\n", encoding="utf-8")
            with pytest.raises(CommandError, match=r"not valid YAML \(line 3"):
                run_command(path)
        self.assert_nothing_created()

    def test_unknown_parent(self):
        message = self.command_error([agency_entry("a", parent="nobody")])
        assert "agency a, field 'parent': no agency with slug 'nobody'" in message
        self.assert_nothing_created()

    def test_hostname_of_another_site_in_the_database(self):
        provision([agency_entry("a", hostname="a.gov.tj")])
        message = self.command_error([agency_entry("b", hostname="a.gov.tj")])
        assert (
            "agency b, field 'hostname': a.gov.tj is already used by the site"
            in message
        )
        assert not Agency.objects.filter(slug="b").exists()

    def test_failure_midway_rolls_everything_back(self):
        calls = []

        def explode(position, total, slug, outcome):
            calls.append(slug)
            if position == 2:
                raise RuntimeError("disk full")

        with pytest.raises(RuntimeError):
            provision(three_agencies(), progress=explode)
        assert calls == ["mvd", "adliya"]
        assert not Agency.objects.exists()
        assert not AgencyHomePage.objects.exists()
        assert not PortalHomePage.objects.exists()


class ShippedRegistryTests(TestCase):
    """The 24 bodies shipped for the demo provision cleanly."""

    @classmethod
    def setUpTestData(cls):
        from tests.conftest import SHIPPED_REGISTRY

        cls.output = run_command(SHIPPED_REGISTRY)

    def test_all_agencies_provisioned(self):
        assert ": 24 created, 0 updated, 0 unchanged." in self.output
        assert Agency.objects.filter(site__isnull=False).count() == 24
        # 24 agencies + the portal, each in three languages, sections included
        assert AgencyHomePage.objects.count() == 24 * 3
        assert Page.objects.filter(depth=3).count() == 24 * 3 * len(SECTION_SLUGS)

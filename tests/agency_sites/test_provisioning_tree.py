"""A new agency's page tree, built directly (agency_sites.provisioning.tree),
is the tree wagtail-localize's generic flow builds: same pages, translation
records, published revisions, history and index entries."""

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Locale, Page, PageLogEntry, Revision
from wagtail.search.models import IndexEntry
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    StringSegment,
    StringTranslation,
    TemplateSegment,
    TranslatableObject,
    Translation,
    TranslationLog,
    TranslationSource,
)

from agency_sites.models import Agency
from agency_sites.provisioning import (
    parse_registry,
    provision_agencies,
    provision_agency_site,
)
from agency_sites.provisioning.services import _content_locales
from cms.contracts.sites import site_blueprint
from tests.factories import agency_entry

# Fields that differ by when and in which order rows were written, not by
# what was built: ids, timestamps, random keys (compared as structure below).
PAGE_VOLATILE = {
    "id",
    "page_ptr_id",
    "translation_key",
    "latest_revision_id",
    "live_revision_id",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
}
# Page state a revision records alongside its content, which the generic
# flow captures mid-way (a translation's revision is saved before it is
# published, from a copy that still had the source's draft title; a home's
# before its sections exist). Wagtail restores none of it from a revision.
REVISION_STATE = {
    "pk",
    "numchild",
    "live",
    "has_unpublished_changes",
    "latest_revision",
    "live_revision",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "draft_title",
    "translation_key",
}


class _RolledBack(Exception):
    pass


def new_agency_snapshot(*, build_directly: bool) -> dict[str, Any]:
    """Provision the agency "probe" and describe what it wrote, then undo it
    (so that both ways start from the same tree)."""
    snapshot: dict[str, Any] = {}
    try:
        with transaction.atomic():
            (spec,) = parse_registry({"agencies": [agency_entry("probe")]})
            provision_agency_site(
                spec=spec,
                locales=_content_locales(),
                sections=site_blueprint().sections(),
                build_directly=build_directly,
            )
            snapshot = describe_tree(Agency.objects.get(slug="probe"))
            raise _RolledBack
    except _RolledBack:
        pass
    return snapshot


def describe_tree(agency: Agency) -> dict[str, Any]:
    home = agency.site.root_page
    homes = Page.objects.filter(translation_key=home.translation_key)
    pages = [
        page.specific
        for page in Page.objects.filter(
            path__regex="^(" + "|".join(h.path for h in homes) + ")"
        ).order_by("path")
    ]
    paths = {page.pk: page.path for page in Page.objects.all()}
    # A translation key stands for its set of pages: the source's path.
    groups = {
        page.translation_key: page.path
        for page in pages
        if page.locale.language_code == "tg"
    }
    described: dict[str, Any] = {
        "site_root": home.path,
        "pages": {},
        "translations": {},
    }
    for page in pages:
        fields = {
            field.attname: getattr(page, field.attname)
            for field in type(page)._meta.concrete_fields
            if field.attname not in PAGE_VOLATILE
        }
        fields["group"] = groups[page.translation_key]
        fields["published"] = (
            page.first_published_at is not None
            and page.last_published_at is not None
            and page.latest_revision_id == page.live_revision_id is not None
        )
        revision = page.live_revision
        content = {
            key: value
            for key, value in revision.content.items()
            if key not in REVISION_STATE
        }
        history = [
            {
                "action": entry.action,
                "label": entry.label,
                "data": _with_paths(entry.data, paths),
                "revision": (
                    None
                    if entry.revision_id is None
                    else entry.revision_id == page.live_revision_id
                ),
                "content_type": entry.content_type_id,
                "content_changed": entry.content_changed,
                "deleted": entry.deleted,
                "user": entry.user_id,
                "uuid": entry.uuid,
            }
            for entry in PageLogEntry.objects.filter(page=page).order_by(
                "timestamp", "pk"
            )
        ]
        described["pages"][page.path] = {
            "fields": fields,
            "revision": {
                "content": content,
                "object_str": revision.object_str,
                "content_type": revision.content_type_id,
                "base_content_type": revision.base_content_type_id,
                "user": revision.user_id,
                "approved_go_live_at": revision.approved_go_live_at,
            },
            "history": history,
            "index_entries": IndexEntry.objects.filter(
                object_id=str(page.pk), content_type_id=page.content_type_id
            ).count(),
        }
    live_revisions = {
        (page.translation_key, page.locale_id): page.live_revision_id for page in pages
    }
    for translation_key, path in groups.items():
        source = TranslationSource.objects.get(object_id=translation_key)
        content_json = {
            key: value
            for key, value in json.loads(source.content_json).items()
            if key not in REVISION_STATE
        }
        described["translations"][path] = {
            "object_type": TranslatableObject.objects.get(
                translation_key=translation_key
            ).content_type_id,
            "source": (
                source.specific_content_type_id,
                source.locale_id,
                source.object_repr,
                source.schema_version,
                content_json,
            ),
            "segments": sorted(
                (
                    segment.order,
                    segment.string.data,
                    segment.string.locale_id,
                    segment.context.path,
                    segment.context.field_path,
                    segment.attrs,
                )
                for segment in StringSegment.objects.filter(source=source)
            ),
            "other_segments": [
                model.objects.filter(source=source).count()
                for model in (TemplateSegment, RelatedObjectSegment, OverridableSegment)
            ],
            "translations": sorted(
                (translation.target_locale_id, translation.enabled)
                for translation in Translation.objects.filter(source=source)
            ),
            "strings": sorted(
                (
                    string.translation_of.data,
                    string.locale_id,
                    string.context.path,
                    string.data,
                    string.translation_type,
                    string.tool_name,
                    string.last_translated_by_id,
                    string.has_error,
                    string.field_error,
                )
                for string in StringTranslation.objects.filter(
                    context__object_id=translation_key
                )
            ),
            "logs": sorted(
                (
                    log.locale_id,
                    log.revision_id == live_revisions[(translation_key, log.locale_id)],
                )
                for log in TranslationLog.objects.filter(source=source)
            ),
        }
    return described


def _with_paths(data: Any, paths: dict[int, str]) -> Any:
    """Log entry data with page ids replaced by tree paths."""
    if isinstance(data, dict):
        return {
            key: (
                paths[value]
                if key == "id" and "title" in data and value in paths
                else _with_paths(value, paths)
            )
            for key, value in data.items()
        }
    return data


def provision(entries: list[dict[str, Any]]) -> None:
    provision_agencies(specs=parse_registry({"agencies": entries}))


class DirectTreeMatchesGenericTreeTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        provision([agency_entry("first")])
        cls.direct = new_agency_snapshot(build_directly=True)
        cls.generic = new_agency_snapshot(build_directly=False)

    def test_same_pages_field_by_field(self) -> None:
        assert len(self.direct["pages"]) == 18
        assert self.direct["site_root"] == self.generic["site_root"]
        for path, page in self.generic["pages"].items():
            assert self.direct["pages"][path]["fields"] == page["fields"], path
        assert self.direct["pages"].keys() == self.generic["pages"].keys()

    def test_pages_are_live_published_and_at_their_url_paths(self) -> None:
        url_paths = {
            page["fields"]["url_path"] for page in self.direct["pages"].values()
        }
        homes = ["/probe/", "/probe-ru/", "/probe-en/"]
        sections = ["services", "news", "competitions", "about", "contacts"]
        assert url_paths == {
            *homes,
            *(f"{home}{section}/" for home in homes for section in sections),
        }
        for page in self.direct["pages"].values():
            fields = page["fields"]
            assert fields["live"] and fields["published"], fields["url_path"]
            assert not fields["has_unpublished_changes"]
            assert fields["alias_of_id"] is None

    def test_same_published_revisions(self) -> None:
        for path, page in self.generic["pages"].items():
            assert self.direct["pages"][path]["revision"] == page["revision"], path

    def test_same_history(self) -> None:
        for path, page in self.generic["pages"].items():
            assert self.direct["pages"][path]["history"] == page["history"], path

    def test_same_translation_records(self) -> None:
        assert len(self.direct["translations"]) == 6
        assert self.direct["translations"] == self.generic["translations"]

    def test_same_search_index_entries(self) -> None:
        for path, page in self.generic["pages"].items():
            assert page["index_entries"] == 1, path
            assert self.direct["pages"][path]["index_entries"] == 1, path


class DirectTreeTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        provision([agency_entry("first"), agency_entry("second")])

    def test_one_revision_per_page(self) -> None:
        home = Agency.objects.get(slug="second").site.root_page
        pages = [
            page
            for translation in home.get_translations(inclusive=True)
            for page in Page.objects.descendant_of(translation, inclusive=True)
        ]
        assert len(pages) == 18
        for page in pages:
            revisions = Revision.objects.filter(
                base_content_type__model="page", object_id=str(page.pk)
            )
            assert list(revisions.values_list("pk", flat=True)) == [
                page.live_revision_id
            ]

    def test_creating_one_agency_costs_a_fixed_number_of_queries(self) -> None:
        # The portal and two agencies exist; a third is created, its whole
        # tree, access rules and search entries included.
        with self.assertNumQueries(QUERIES_TO_CREATE_ONE_AGENCY):
            provision([agency_entry("third")])
        assert Agency.objects.get(slug="third").site is not None

    def test_edit_translation_view_opens_for_a_russian_section(self) -> None:
        admin = get_user_model().objects.create_superuser("root", "root@example.org")
        self.client.force_login(admin)
        home = Agency.objects.get(slug="second").site.root_page
        russian = Locale.objects.get(language_code="ru")
        services = home.get_children().get(slug="services").get_translation(russian)
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[services.pk])
        )
        assert response.status_code == 200
        self.assertTemplateUsed(
            response, "wagtail_localize/admin/edit_translation.html"
        )
        assert "Услуги" in response.content.decode()

    def test_sync_translated_pages_keeps_the_translations(self) -> None:
        admin = get_user_model().objects.create_superuser("root", "root@example.org")
        self.client.force_login(admin)
        home = Agency.objects.get(slug="second").site.root_page
        about = home.get_children().get(slug="about").specific
        source = TranslationSource.objects.get(object_id=about.translation_key)
        url = reverse("wagtail_localize:update_translations", args=[source.pk])
        assert self.client.get(url).status_code == 200
        response = self.client.post(url, {"publish_translations": "on"})
        assert response.status_code == 302
        russian = about.get_translation(Locale.objects.get(language_code="ru"))
        assert russian.title == "О нас"
        assert russian.live


# One run that creates one agency, the portal being up to date (measured
# by step): 22 to check the portal site, 9 to add the agency's two
# collections (Wagtail keeps them sorted by name), 22 for its tree in three
# languages (18 pages, one query or two per table), 40 for its groups,
# permissions, settings and workflow, 72 for the deferred search and
# reference indexing of its pages (mostly per run: a query per page), and
# 13 for the registry checks, the Agency and its Site. The generic path
# took about 2,400. Checking the portal site costs three permission lookups
# per centrally managed model (service categories, news topics, webhook
# endpoints and deliveries, content-health thresholds), and the deferred
# indexing grew with the apps that joined since: 201 in all.
QUERIES_TO_CREATE_ONE_AGENCY = 201


class TakenSlugTests(TestCase):
    def test_a_home_slug_taken_at_the_root_falls_back_to_the_generic_path(self):
        # "first-ru" is an agency of its own: the Russian home of "first"
        # cannot have that slug, and wagtail-localize's flow finds another.
        provision([agency_entry("first-ru")])
        provision([agency_entry("first-ru"), agency_entry("first")])
        home = Agency.objects.get(slug="first").site.root_page
        slugs = {
            page.locale.language_code: page.slug
            for page in home.get_translations(inclusive=True)
        }
        assert slugs["tg"] == "first"
        assert slugs["en"] == "first-en"
        assert slugs["ru"] not in {"first", "first-ru", "first-en"}
        russian = home.get_translation(Locale.objects.get(language_code="ru"))
        assert russian.get_children().live().count() == 5
        assert (
            Translation.objects.filter(source__object_id=home.translation_key).count()
            == 2
        )

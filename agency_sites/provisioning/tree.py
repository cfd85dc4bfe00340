"""A new agency's page tree, built directly in every language.

The generic way to create a page and its translations (``add_child``,
``save_revision().publish()``, then wagtail-localize's extract, copy for
translation, save, revise and publish for each other language) costs about
400 SQL queries per page in three languages. For a new agency, where nothing
exists yet and nothing can conflict, this module writes the same rows
directly, one or two queries per table for the whole tree:

- the pages, at the tree paths treebeard would give them (appended after the
  parent's last child), with their url paths, live and published, each with
  one revision (its published content);
- wagtail-localize's records, so that every translation is linked to its
  source as if made through the admin: the TranslatableObject, the
  TranslationSource of each source page with its extracted segments, a
  Translation per target language, the translated strings in translation
  memory, and a TranslationLog per translated page;
- the log entries editors see in each page's history, the same as the
  generic path gives: "wagtail.create" and "wagtail.publish", with
  "wagtail.copy_for_translation" between them for a translation;
- ``pre_save`` and ``post_save`` for each page as it is inserted (in one
  query for all Page rows and one per page type), which search and
  reference indexing follow (deferred by provisioning to the end of a run).

No ``page_published`` signal is sent: its receivers here drop the page cache
of the page's site (a new site has none, and creating its Site drops every
site's cached pages) and process the media a page uses (a new tree uses
none). Sent per page, they cost a third of a 130-agency run: each one reads
Wagtail's list of site roots, rebuilt after every new Site with a query per
site.

The tree's pages are validated field by field (lengths, required values) as
a publish would; callers make sure no sibling has a slug the tree needs
(:func:`slugs_taken`) and otherwise use the generic path.
"""

import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router
from django.db.models import F, Model
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from modelcluster.models import get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Locale, Page, PageLogEntry, Revision
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    TranslatableObject,
    Translation,
    TranslationContext,
    TranslationLog,
    TranslationSource,
    get_schema_version,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.strings import StringValue, validate_translation_links


@dataclass(frozen=True)
class PageDraft:
    """One page to create in every language of a tree, with its children.

    ``fields`` holds the source page's field values (the default language's
    title, slug and texts, and the values shared by every language);
    ``strings`` the translated strings of each other language, by field path
    (as wagtail-localize's translation memory stores them). A translation is
    the source's fields with its strings applied, as wagtail-localize builds
    it.
    """

    model: type[Page]
    fields: Mapping[str, object]
    strings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    children: tuple["PageDraft", ...] = ()

    def walk(self) -> Iterator["PageDraft"]:
        """This draft and its descendants, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class _Node:
    """A draft placed in the tree: its page in every language."""

    draft: PageDraft
    pages: dict[str, Page]  # by language code, the default language first
    revisions: dict[str, Revision] = field(default_factory=dict)


def slugs_taken(parent: Page, slugs: list[str]) -> bool:
    """Whether a child of ``parent`` already has one of ``slugs``."""
    taken: bool = Page.objects.child_of(parent).filter(slug__in=slugs).exists()
    return taken


def build_translated_tree(
    *, parent: Page, draft: PageDraft, locales: list[Locale]
) -> dict[str, Page]:
    """Create ``draft`` and its descendants under ``parent`` in every locale
    of ``locales`` (the default locale first; the other locales' top pages
    are siblings of the default one, as wagtail-localize places translations
    of a page whose parent is the tree's root). Returns the top page in each
    language, by language code.

    ``parent`` must be the tree's root or have no translations to place the
    other languages under: this is for a new agency's home and sections.
    """
    now = timezone.now()
    default_locale = locales[0]
    codes = [locale.language_code for locale in locales]
    locale_ids = {locale.language_code: locale.pk for locale in locales}
    for item in draft.walk():
        missing = set(codes[1:]) - set(item.strings)
        if missing:
            raise ValueError(f"{item.model.__name__}: no strings for {missing}")

    nodes = _place_pages(parent=parent, draft=draft, codes=codes, locale_ids=locale_ids)
    for node in nodes:
        for page in node.pages.values():
            page.first_published_at = now
            page.last_published_at = now
            page.latest_revision_created_at = now
            page.clean_fields(
                exclude=[f.name for f in page._meta.fields if f.is_relation]
            )
    pages = [page for node in nodes for page in node.pages.values()]
    _insert_pages(pages)
    for page in pages:
        # A new page has no comments or other child objects: say so, so that
        # serialising it (revision, translation source) reads none.
        for relation in get_all_child_relations(page):
            setattr(page, relation.get_accessor_name(), [])
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(codes))
    parent.numchild += len(codes)

    _create_revisions(nodes, now=now)
    _log_history(nodes, default_code=default_locale.language_code, now=now)
    _record_translations(nodes, default_locale=default_locale, codes=codes)
    return nodes[0].pages


def _insert_pages(pages: list[Page]) -> None:
    """Insert new pages of any types: one query for all their Page rows, one
    per page type for the rest (Django's ``bulk_create`` refuses models with
    a parent table), sending ``pre_save`` and ``post_save`` for each page as
    ``save()`` does (search indexing and other receivers follow them)."""
    using = router.db_for_write(Page)
    for page in pages:
        pre_save.send(
            sender=type(page), instance=page, raw=False, using=using, update_fields=None
        )
    base_fields = [
        field for field in Page._meta.concrete_fields if not field.primary_key
    ]
    rows = [
        Page(**{field.attname: getattr(page, field.attname) for field in base_fields})
        for page in pages
    ]
    Page.objects.using(using).bulk_create(rows)
    tables: dict[type[Model], list[Page]] = {}
    for page, row in zip(pages, rows, strict=True):
        page.id = row.pk
        page.pk = row.pk  # the page type's link to its Page row
        page._state.adding = False
        page._state.db = using
        # Each table of the page's type below Page, parents first.
        for model in [*reversed(type(page)._meta.get_parent_list()), type(page)]:
            if not issubclass(Page, model):
                tables.setdefault(model, []).append(page)
    for model, objects in tables.items():
        # What bulk_create does for one table, with the primary keys given.
        manager = cast(Any, model._base_manager)
        manager._insert(objects, fields=model._meta.local_concrete_fields, using=using)
    for page in pages:
        post_save.send(
            sender=type(page),
            instance=page,
            created=True,
            update_fields=None,
            raw=False,
            using=using,
        )


def _place_pages(
    *, parent: Page, draft: PageDraft, codes: list[str], locale_ids: dict[str, int]
) -> list[_Node]:
    """The tree's pages, unsaved, at their paths: each language's top page
    appended after ``parent``'s last child, children numbered from 1."""
    last_path = (
        Page.objects.child_of(parent)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
    nodes: list[_Node] = []

    def place(item: PageDraft, parents: dict[str, Page], steps: dict[str, int]) -> None:
        translation_key = uuid.uuid4()
        pages: dict[str, Page] = {}
        for code in codes:
            parent_page = parents[code]
            values = dict(item.fields)
            values.update(item.strings.get(code, {}))
            depth = parent_page.depth + 1
            page = item.model(
                **values,
                draft_title=values["title"],
                locale_id=locale_ids[code],
                translation_key=translation_key,
                path=Page._get_path(parent_page.path, depth, steps[code]),
                depth=depth,
                numchild=len(item.children),
                url_path=f"{parent_page.url_path}{values['slug']}/",
                live=True,
                has_unpublished_changes=False,
            )
            page._cached_parent_obj = parent_page
            pages[code] = page
        nodes.append(_Node(draft=item, pages=pages))
        for position, child in enumerate(item.children, start=1):
            place(child, pages, dict.fromkeys(codes, position))

    place(
        draft,
        dict.fromkeys(codes, parent),
        {code: step + 1 + index for index, code in enumerate(codes)},
    )
    return nodes


def _create_revisions(nodes: list[_Node], *, now: object) -> None:
    """One revision per page, its published content, and the page's pointers
    to it (one query each for all revisions and all pointers)."""
    base_type = ContentType.objects.get_for_model(Page)
    revisions = []
    for node in nodes:
        for code, page in node.pages.items():
            revision = Revision(
                content_type=ContentType.objects.get_for_model(page),
                base_content_type=base_type,
                object_id=str(page.pk),
                content=page.serializable_data(),
                object_str=str(page),
                created_at=now,
            )
            node.revisions[code] = revision
            revisions.append(revision)
    Revision.objects.bulk_create(revisions)
    pages = []
    for node in nodes:
        for code, page in node.pages.items():
            page.latest_revision = node.revisions[code]
            page.live_revision = node.revisions[code]
            pages.append(page)
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"])


def _log_history(nodes: list[_Node], *, default_code: str, now: object) -> None:
    """The page history the generic path leaves: created and published; a
    translation also "copied for translation" from its source (the copy had
    the source's title then)."""
    context = get_active_log_context()
    entries = []
    for node in nodes:
        source = node.pages[default_code]
        source_title = source.get_admin_display_title()
        source_parent = source._cached_parent_obj
        for code, page in node.pages.items():
            common = {
                "page": page,
                "content_type": ContentType.objects.get_for_model(
                    page, for_concrete_model=False
                ),
                "timestamp": now,
                "user": context.user,
                "uuid": context.uuid,
            }
            entries.append(
                PageLogEntry(
                    **common,
                    action="wagtail.create",
                    label=source_title,
                    content_changed=True,
                )
            )
            if code != default_code:
                destination = page._cached_parent_obj
                entries.append(
                    PageLogEntry(
                        **common,
                        action="wagtail.copy_for_translation",
                        label=source_title,
                        data={
                            "page": {
                                "id": page.pk,
                                "title": source_title,
                                "locale": {"id": page.locale_id, "language_code": code},
                            },
                            "source": {
                                "id": source_parent.pk,
                                "title": source_parent.get_admin_display_title(),
                            },
                            "keep_live": False,
                            "destination": {
                                "id": destination.pk,
                                "title": destination.get_admin_display_title(),
                            },
                            "source_locale": {
                                "id": source.locale_id,
                                "language_code": default_code,
                            },
                        },
                    )
                )
            entries.append(
                PageLogEntry(
                    **common,
                    action="wagtail.publish",
                    label=page.get_admin_display_title(),
                    revision=node.revisions[code],
                    content_changed=True,
                )
            )
    PageLogEntry.objects.bulk_create(entries)


def _record_translations(
    nodes: list[_Node], *, default_locale: Locale, codes: list[str]
) -> None:
    """wagtail-localize's records of every translation in the tree, as
    ``TranslationSource.update_or_create_from_instance`` and
    ``create_or_update_translation`` leave them."""
    default_code = default_locale.language_code
    page_type = ContentType.objects.get_for_model(Page)
    objects = []
    sources = []
    extracted: list[list[StringSegmentValue]] = []
    for node in nodes:
        source_page = node.pages[default_code]
        objects.append(
            TranslatableObject(
                translation_key=source_page.translation_key, content_type=page_type
            )
        )
        sources.append(
            TranslationSource(
                object_id=source_page.translation_key,
                specific_content_type=ContentType.objects.get_for_model(source_page),
                locale=default_locale,
                object_repr=str(source_page)[:200],
                content_json=source_page.to_json(),
                schema_version=_schema_version(source_page._meta.app_label),
                last_updated_at=timezone.now(),
            )
        )
        extracted.append(_string_segments(source_page))
    TranslatableObject.objects.bulk_create(objects)
    TranslationSource.objects.bulk_create(sources)

    strings = _strings(
        default_locale,
        {value.string.data for segments in extracted for value in segments},
    )
    contexts = []
    segments = []
    for source, values in zip(sources, extracted, strict=True):
        for value in values:
            context = TranslationContext(
                object_id=source.object_id,
                path=value.path,
                path_id=TranslationContext._get_path_id(value.path),
                field_path=value.path,
            )
            contexts.append(context)
            segments.append(
                StringSegment(
                    source=source,
                    context=context,
                    order=value.order,
                    string=strings[value.string.data],
                    attrs=json.dumps(value.attrs, cls=DjangoJSONEncoder),
                )
            )
    TranslationContext.objects.bulk_create(contexts)
    StringSegment.objects.bulk_create(segments)

    locales = {
        locale.language_code: locale
        for locale in Locale.objects.filter(language_code__in=codes[1:])
    }
    translations = []
    string_translations = []
    logs = []
    for node, source, values, first in zip(
        nodes, sources, extracted, _offsets(extracted), strict=True
    ):
        for code in codes[1:]:
            translations.append(
                Translation(source=source, target_locale=locales[code], enabled=True)
            )
            logs.append(
                TranslationLog(
                    source=source,
                    locale=locales[code],
                    revision=node.revisions[code],
                )
            )
            for index, value in enumerate(values):
                data = node.draft.strings[code].get(value.path)
                if data is None:
                    continue
                string_translations.append(
                    StringTranslation(
                        translation_of=strings[value.string.data],
                        locale=locales[code],
                        context=contexts[first + index],
                        data=data,
                        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                        has_error=not _valid_translation(value.string.data, data),
                    )
                )
    Translation.objects.bulk_create(translations)
    StringTranslation.objects.bulk_create(string_translations)
    TranslationLog.objects.bulk_create(logs)


@cache
def _schema_version(app_label: str) -> str:
    """The app's last applied migration, as wagtail-localize records it with
    each source (read once per process: migrations change with deploys)."""
    version: str = get_schema_version(app_label)
    return version


def _string_segments(page: Page) -> list[StringSegmentValue]:
    """The page's translatable segments; this builder handles plain strings
    in top-level fields (titles, slugs, texts), the only kind a new agency's
    pages have."""
    values: list[StringSegmentValue] = extract_segments(page)
    for value in values:
        if not isinstance(value, StringSegmentValue) or "." in value.path:
            raise ValueError(
                f"{type(page).__name__}: segment {value.path!r} needs the generic "
                "translation path"
            )
    return values


def _strings(locale: Locale, texts: set[str]) -> dict[str, String]:
    """wagtail-localize's String rows for ``texts`` in ``locale`` (shared by
    every object with the same text), created where missing."""
    hashes = {String._get_data_hash(text): text for text in texts}
    found = {
        string.data: string
        for string in String.objects.filter(locale=locale, data_hash__in=hashes)
    }
    missing = [
        String(locale=locale, data=text, data_hash=data_hash)
        for data_hash, text in hashes.items()
        if text not in found
    ]
    String.objects.bulk_create(missing)
    found.update((string.data, string) for string in missing)
    return found


def _offsets(extracted: list[list[StringSegmentValue]]) -> list[int]:
    """Where each source's segments start in the flat list of contexts."""
    offsets = []
    position = 0
    for values in extracted:
        offsets.append(position)
        position += len(values)
    return offsets


def _valid_translation(source: str, translation: str) -> bool:
    """What ``StringTranslation.save`` checks before it sets ``has_error``."""
    try:
        StringValue.from_translated_html(translation)
        validate_translation_links(source, translation)
    except ValueError:
        return False
    return True

"""Page-tree steps of provisioning: sections, translations, registry-owned
titles. Each is idempotent and says whether it wrote anything."""

from collections import defaultdict

from django.db.models import Q
from django.utils import translation
from django.utils.functional import Promise

from wagtail.models import Locale, Page, Site

from agency_sites.models import Agency
from agency_sites.provisioning.tree import PageDraft
from cms.contracts.sections import SectionSpec
from cms.contracts.sites import site_blueprint
from cms.translation import translate_page_into


def ensure_sections(
    home: Page,
    *,
    sections: list[SectionSpec],
    locales: list[Locale],
    agency: Agency | None = None,
    family: list[Page] | None = None,
) -> bool:
    """Create missing standard sections and their translations, a new
    section with the text its spec describes it by (from the agency's
    registry entry). Existing sections are the editors' own: their titles
    and texts are never overwritten. One query when nothing is missing, none
    if the caller passes the home's ``family`` (:func:`home_family`)."""
    default_locale, *other_locales = locales
    changed = False
    # The home's children (id by slug) and the locales each child's
    # translation key has.
    children: dict[str, int] = {}
    child_keys: dict[int, object] = {}
    translated: dict[object, set[int]] = defaultdict(set)
    child_path_length = len(home.path) + Page.steplen
    if family is None:
        family = home_family(home)
    for page in family:
        translated[page.translation_key].add(page.locale_id)
        if page.path.startswith(home.path) and len(page.path) == child_path_length:
            children[page.slug] = page.pk
            child_keys[page.pk] = page.translation_key
    for section in sections:
        child = children.get(section.slug)
        missing = [
            locale
            for locale in other_locales
            if child is None or locale.pk not in translated[child_keys[child]]
        ]
        if child is not None and not missing:
            continue
        titles = rendered_in_each_language(section.title, locales)
        texts = {
            locale.language_code: _section_text(section, agency, locale.language_code)
            for locale in locales
        }
        if child is not None:
            page = Page.objects.get(pk=child)
        else:
            page = section.page_model(
                title=titles[default_locale.language_code],
                slug=section.slug,
                locale=default_locale,
                show_in_menus=True,
                **texts[default_locale.language_code],
            )
            add_published_child(home, page)
            changed = True
        changed |= ensure_translations(
            page,
            wanted={
                locale: {
                    "title": titles[locale.language_code],
                    "slug": section.slug,
                    **texts[locale.language_code],
                }
                for locale in missing
            },
        )
    return changed


def home_family(home: Page) -> list[Page]:
    """The home page's translations and its children's, with both (one
    query)."""
    family: list[Page] = list(
        Page.objects.filter(
            Q(translation_key=home.translation_key)
            | Q(translation_key__in=home.get_children().values("translation_key"))
        ).order_by("path")
    )
    return family


def new_agency_tree(
    *, agency: Agency, sections: list[SectionSpec], locales: list[Locale]
) -> PageDraft:
    """A new agency's home page and standard sections, in every language: the
    pages :func:`ensure_translations` and :func:`ensure_sections` would
    create, for :func:`~agency_sites.provisioning.tree.build_translated_tree`."""
    default_code, *other_codes = [locale.language_code for locale in locales]
    children = []
    for section in sections:
        titles = rendered_in_each_language(section.title, locales)
        texts = {
            code: _section_text(section, agency, code)
            for code in [default_code, *other_codes]
        }
        children.append(
            PageDraft(
                model=section.page_model,
                fields={
                    "title": titles[default_code],
                    "slug": section.slug,
                    "show_in_menus": True,
                    **texts[default_code],
                },
                strings={
                    code: {"title": titles[code], "slug": section.slug, **texts[code]}
                    for code in other_codes
                },
            )
        )
    return PageDraft(
        model=site_blueprint().agency_home,
        fields={"title": agency.names[default_code], "slug": agency.slug},
        strings={
            code: {"title": agency.names[code], "slug": f"{agency.slug}-{code}"}
            for code in other_codes
        },
        children=tuple(children),
    )


def _section_text(
    section: SectionSpec, agency: Agency | None, language_code: str
) -> dict[str, str]:
    """The fields a new section starts with in one language: its meta
    description, and its introduction where the page type has one."""
    if section.describe is None or agency is None:
        return {}
    text = section.describe(agency, language_code)
    fields = {"search_description": text}
    if any(field.name == "intro" for field in section.page_model._meta.fields):
        fields["intro"] = text
    return fields


def ensure_translations(
    page: Page,
    *,
    wanted: dict[Locale, dict[str, str]],
    title_is_owned: bool = False,
    translations: list[Page] | None = None,
) -> bool:
    """Translate ``page`` into each locale of ``wanted`` (field path to text)
    where it is not translated yet; with ``title_is_owned`` also bring existing
    translations' titles up to date. ``translations``: the page's
    translations if the caller has them (read otherwise). Returns whether
    anything was written."""
    if translations is None:
        translations = list(page.get_translations())
    existing = {
        translation.locale_id: translation
        for translation in translations
        if translation.pk != page.pk
    }
    missing = {
        locale: strings
        for locale, strings in wanted.items()
        if locale.pk not in existing
        or (title_is_owned and existing[locale.pk].title != strings["title"])
    }
    if missing:
        translate_page_into(page, translations=missing)
    return bool(missing)


def set_registry_title(page: Page, title: str) -> bool:
    """Give a page the title the registry prescribes (an official name),
    publishing it unless an editor's unpublished draft is pending."""
    if page.title == title and page.draft_title == title:
        return False
    editor_draft_pending = page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    draft.title = title
    revision = draft.save_revision()
    if not editor_draft_pending:
        revision.publish()
    page.refresh_from_db()
    return True


def add_published_child(parent: Page, page: Page) -> None:
    parent.add_child(instance=page)
    page.save_revision().publish()


def delete_if_welcome_page(page: Page | None) -> None:
    """Delete Wagtail's initial "Welcome" page once the portal replaces it:
    a plain Page with no children that no site uses any more."""
    if (
        page is not None
        and type(page) is Page
        and page.depth == 2
        and not page.get_children().exists()
        and not Site.objects.filter(root_page=page).exists()
    ):
        page.delete()


def rendered_in_each_language(
    text: str | Promise, locales: list[Locale]
) -> dict[str, str]:
    """A translatable string rendered in each locale's language."""
    rendered = {}
    for locale in locales:
        with translation.override(locale.language_code):
            rendered[locale.language_code] = str(text)
    return rendered

"""Translation of pages and snippets through wagtail-localize's own machinery.

Nothing is copied by hand: translated strings go into wagtail-localize's
translation memory (``StringTranslation``) and ``TranslationSource`` builds
the translated object, so editors find each translation linked to its source
and can sync it from the admin. Synchronised fields (codes, fees, dates,
links to other pages) are copied from the source on every sync.
"""

from collections.abc import Mapping

from django.db import models

from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate_page(
    page: Page,
    *,
    locale: Locale,
    strings: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> Page:
    """Create or update the published translation of ``page`` into ``locale``.

    ``strings`` maps a field path (``"title"``, ``"slug"``) to its translated
    text; ``texts`` maps source text to its translation wherever it appears
    (a rich-text paragraph, a block inside a StreamField). Segments given by
    neither keep their earlier translation, or fall back to the source text.
    The page's parent must already be translated into ``locale``.
    """
    source = _record_translations(page, locale=locale, strings=strings, texts=texts)
    return _save_translation(source, locale)


def translate_snippet(
    snippet: TranslatableMixin,
    *,
    locale: Locale,
    strings: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> TranslatableMixin:
    """Create or update the translation of a translatable snippet (a service
    category, a news topic); arguments as for :func:`translate_page`."""
    source = _record_translations(snippet, locale=locale, strings=strings, texts=texts)
    return _save_translation(source, locale)


def sync_translations(instance: models.Model) -> list[models.Model]:
    """Bring every translation of a page or snippet up to date with its
    source, as the admin's "Sync translated pages" does: synchronised fields
    are copied again, translated text stays as translated."""
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    locales = Locale.objects.filter(
        pk__in=Translation.objects.filter(source=source, enabled=True).values(
            "target_locale"
        )
    )
    return [_save_translation(source, locale) for locale in locales]


def translate_page_into(
    page: Page, *, translations: Mapping[Locale, Mapping[str, str]]
) -> list[Page]:
    """:func:`translate_page` into several locales at once (``translations``
    maps each locale to its ``strings``), extracting the source only once."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translated = []
    for locale, strings in translations.items():
        _record_strings(source, locale=locale, strings=strings, texts=None)
        translated.append(_save_translation(source, locale))
    return translated


def _record_translations(
    instance: models.Model,
    *,
    locale: Locale,
    strings: Mapping[str, str] | None,
    texts: Mapping[str, str] | None,
) -> TranslationSource:
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    _record_strings(source, locale=locale, strings=strings, texts=texts)
    return source


def _record_strings(
    source: TranslationSource,
    *,
    locale: Locale,
    strings: Mapping[str, str] | None,
    texts: Mapping[str, str] | None,
) -> None:
    strings = strings or {}
    texts = texts or {}
    Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    segments = StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    )
    for segment in segments:
        data = strings.get(segment.context.path, texts.get(segment.string.data))
        if data is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )


def _save_translation(source: TranslationSource, locale: Locale) -> models.Model:
    translated: models.Model
    if issubclass(source.specific_content_type.model_class(), Page):
        # publish=False, then publish here: wagtail-localize would otherwise
        # defer the publish to after the commit, outside the caller's
        # transaction.
        page, _created = source.create_or_update_translation(
            locale, publish=False, fallback=True
        )
        page.get_latest_revision().publish()
        page.refresh_from_db()
        translated = page
        return translated
    translated, _created = source.create_or_update_translation(locale, fallback=True)
    return translated

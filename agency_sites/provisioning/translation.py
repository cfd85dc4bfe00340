"""Page translation through wagtail-localize's own machinery.

Provisioning does not copy pages by hand: it records the translated strings
in wagtail-localize's translation memory (``StringTranslation``) and lets
``TranslationSource`` build the translated page, so editors later find each
translation linked to its source and can sync it from the admin.
"""

from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate_page(
    page: Page, *, translations: dict[Locale, dict[str, str]]
) -> list[Page]:
    """Create or update the published translations of ``page``.

    ``translations`` maps each target locale to the translated text of field
    paths (``"title"``, ``"slug"``); segments left out fall back to the source
    text. The page's parent must already be translated into those locales.
    The translation source is extracted once for all of them.
    """
    source, _created = TranslationSource.update_or_create_from_instance(page)
    paths = {path for strings in translations.values() for path in strings}
    segments = list(
        StringSegment.objects.filter(
            source=source, context__path__in=paths
        ).select_related("string", "context")
    )
    translated_pages = []
    for locale, strings in translations.items():
        Translation.objects.update_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        for segment in segments:
            if segment.context.path not in strings:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": strings[segment.context.path],
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
        # publish=False, then publish here: wagtail-localize would otherwise
        # defer the publish to after the commit, outside the caller's transaction.
        translated, _created = source.create_or_update_translation(
            locale, publish=False, fallback=True
        )
        translated.get_latest_revision().publish()
        translated_pages.append(translated)
    return translated_pages

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


def translate_page(page: Page, *, locale: Locale, strings: dict[str, str]) -> Page:
    """Create or update the published translation of ``page`` into ``locale``.

    ``strings`` maps a field path (``"title"``, ``"slug"``) to its translated
    text; segments left out fall back to the source text. The page's parent
    must already be translated into ``locale``.
    """
    source, _created = TranslationSource.update_or_create_from_instance(page)
    Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    segments = StringSegment.objects.filter(
        source=source, context__path__in=list(strings)
    ).select_related("string", "context")
    for segment in segments:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": strings[segment.context.path],
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    # publish=False, then publish here: wagtail-localize would otherwise defer
    # the publish to after the commit, outside the provisioning transaction.
    translated, _created = source.create_or_update_translation(
        locale, publish=False, fallback=True
    )
    translated.get_latest_revision().publish()
    return translated

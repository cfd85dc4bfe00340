"""Links from blocks to other pages, shown in the reader's language.

wagtail-localize keeps page links synchronised: a Russian translation links
to the same (Tajik) page as its source. The chooser below fetches the chosen
pages together with their translations in the active language, in one query
for a whole stream, so each link can lead to the reader's language.
"""

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import get_language

from wagtail.blocks import PageChooserBlock
from wagtail.models import Page


class TranslatedPageChooserBlock(PageChooserBlock):
    """A page chooser whose value (the chosen page, as stored) carries
    ``in_reader_language``: its live translation in the active language, or
    the page itself when it has none."""

    def bulk_to_python(self, values: Iterable[int | None]) -> list[Page | None]:
        values = list(values)
        ids = [value for value in values if value is not None]
        if not ids:
            return [None] * len(values)
        language = get_language()
        chosen_keys = Page.objects.filter(pk__in=ids).values("translation_key")
        pages = Page.objects.filter(
            Q(pk__in=ids)
            | Q(translation_key__in=chosen_keys, locale__language_code=language)
        ).select_related("locale")
        by_id = {}
        in_language = {}
        for page in pages:
            by_id[page.pk] = page
            if page.live and page.locale.language_code == language:
                in_language[page.translation_key] = page
        result = []
        for value in values:
            page = by_id.get(value)
            if page is not None:
                page.in_reader_language = in_language.get(page.translation_key, page)
            result.append(page)
        return result

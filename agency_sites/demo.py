"""Helpers for content apps' demo content: the sections of a provisioned
agency, and translating a demo page into every language. The contract by
which content apps add demo content is :mod:`cms.contracts.demo`."""

from collections.abc import Mapping

from wagtail.models import Locale, Page

from agency_sites.models import Agency
from cms.translation import translate_page


def agency_sections(slug: str) -> dict[str, Page]:
    """The sections of a provisioned agency in the default language, by
    slug; empty when the agency has not been provisioned."""
    agency = Agency.objects.select_related("site__root_page").filter(slug=slug).first()
    if agency is None or agency.site is None:
        return {}
    return {page.slug: page for page in agency.site.root_page.get_children().specific()}


def translate_everywhere(
    page: Page,
    *,
    strings: Mapping[str, Mapping[str, str]],
    texts: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Translate ``page`` into every language of ``strings`` (language code ->
    field path -> text), with ``texts`` (language code -> source text ->
    translation) for text inside rich text and StreamFields."""
    texts = texts or {}
    for locale in Locale.objects.filter(language_code__in=list(strings)):
        code = locale.language_code
        translate_page(
            page, locale=locale, strings=strings[code], texts=texts.get(code)
        )

"""Reads of a site's sitemap: every live, public page in every language, each
with its translations as hreflang alternates."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest

from wagtail.models import Page, Site

from cms.selectors import public


@dataclass(frozen=True)
class Alternate:
    language_code: str
    url: str


@dataclass(frozen=True)
class SitemapEntry:
    """A page's address, when it last changed, and its language versions."""

    url: str
    last_modified: datetime | None
    alternates: list[Alternate]


def sitemap_entries(*, site: Site, request: HttpRequest) -> list[SitemapEntry]:
    """The site's pages in every language, in tree order; a fixed number of
    queries (the site's homes, then their pages) whatever their number."""
    homes = Page.objects.filter(
        translation_key=site.root_page.translation_key, live=True
    ).values_list("path", flat=True)
    in_site = Q()
    for path in homes:
        in_site |= Q(path__startswith=path)
    if not in_site:
        return []
    pages = list(
        public(Page.objects.live().filter(in_site))
        .select_related("locale")
        .order_by("path")
    )
    urls = {page.pk: page.get_full_url(request) for page in pages}
    versions: dict[object, list[Alternate]] = {}
    for page in pages:
        versions.setdefault(page.translation_key, []).append(
            Alternate(language_code=page.locale.language_code, url=urls[page.pk])
        )
    order = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    for alternates in versions.values():
        alternates.sort(key=lambda alternate: order.index(alternate.language_code))
    return [
        SitemapEntry(
            url=urls[page.pk],
            last_modified=page.last_published_at,
            alternates=versions[page.translation_key]
            if len(versions[page.translation_key]) > 1
            else [],
        )
        for page in pages
        if urls[page.pk]
    ]

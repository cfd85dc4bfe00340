"""The contract by which content apps add demo content to the local demo.

Each content app registers a function under the ``register_demo_content``
Wagtail hook that returns a list of :class:`DemoContent`. The
``load_demo_content`` command runs them in order, after provisioning, so a
new content app brings its demo content without editing the others.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise

from wagtail import hooks
from wagtail.models import Locale, Page

from agency_sites.models import Agency
from cms.translation import translate_page

REGISTER_DEMO_CONTENT_HOOK = "register_demo_content"


@dataclass(frozen=True, kw_only=True)
class DemoContent:
    """One batch of demo content. ``load`` creates whatever is missing and
    returns how many objects it created (0 on a second run)."""

    name: str | Promise
    order: int
    load: Callable[[], int]


def declared_demo_content() -> list[DemoContent]:
    """Every batch declared through the hook, in loading order."""
    batches = [
        batch
        for hook in hooks.get_hooks(REGISTER_DEMO_CONTENT_HOOK)
        for batch in hook()
    ]
    return sorted(batches, key=lambda batch: batch.order)


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

"""Base page class shared by every page type, and the standard free-form page."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from cms.blocks import StandardBodyBlock

# Hook called as ``hook(page=..., request=..., context=...)`` when any page of
# the platform builds its template context.
PAGE_CONTEXT_HOOK = "cms_page_context"


@dataclass(frozen=True)
class LanguageVersion:
    """One entry of the language switcher: a language and its page, if any."""

    language_code: str
    name: str
    url: str | None
    full_url: str | None
    is_current: bool


class BasePage(Page):
    """Every page type of the platform derives from this abstract page."""

    class Meta:
        abstract = True

    def get_language_versions(self, request: HttpRequest) -> list[LanguageVersion]:
        """The page in each content language, for the language switcher.

        A language without a live translation gets ``url=None`` so the
        template can say plainly that no translation exists.
        """
        translations = {
            page.locale.language_code: page
            for page in self.get_translations(inclusive=True)
            .live()
            .public()
            .select_related("locale")
        }
        versions = []
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            page = translations.get(code)
            versions.append(
                LanguageVersion(
                    language_code=code,
                    name=capfirst(get_language_info(code)["name_local"]),
                    url=page.get_url(request) if page else None,
                    full_url=page.get_full_url(request) if page else None,
                    is_current=page is not None and page.pk == self.pk,
                )
            )
        return versions

    def get_site_root(self, request: HttpRequest) -> Page | None:
        """The root page of this request's site, in this page's language.

        Site roots and their translations sit at the same depth, so this is
        the page's own ancestor at that depth: no query for a site root, one
        for any page below it.
        """
        site = Site.find_for_request(request)
        if site is None or self.depth < site.root_page.depth:
            return None
        if self.depth == site.root_page.depth:
            return self
        return Page.objects.ancestor_of(self).filter(depth=site.root_page.depth).first()

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["language_versions"] = self.get_language_versions(request)
        context["site_root"] = self.get_site_root(request)
        return context


class StandardPage(BasePage):
    """A free-form page (About, Contacts, and anything else an agency needs)."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "One or two sentences shown at the top of the page and in listings."
        ),
    )
    body = StreamField(StandardBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

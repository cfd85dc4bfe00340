"""Base page class shared by every page type, and the standard free-form page.

Serving a page costs a fixed, small number of queries: a page is found by its
URL path in one query (not one per level), joined with whether a view
restriction covers it; the language switcher and the site root come in one
more.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from cms.blocks import StandardBodyBlock
from cms.selectors import view_restricted

from .mixins import ListingFieldsMixin, SchemaOrgMixin, SocialFieldsMixin

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


class BasePage(ListingFieldsMixin, SocialFieldsMixin, SchemaOrgMixin, Page):
    """Every page type of the platform derives from this abstract page."""

    promote_panels = [
        *Page.promote_panels,
        *ListingFieldsMixin.listing_panels,
        *SocialFieldsMixin.social_panels,
    ]
    #: Foreign keys fetched with the page when it is served (its template
    #: reads them), so that they cost no query of their own.
    serve_select_related: ClassVar[Sequence[str]] = ()

    class Meta:
        abstract = True

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """Find the page at ``path_components`` below this one by its URL path
        in two queries, whatever its depth; Wagtail's own routing (a query
        per level) remains the fallback for paths it cannot resolve so."""
        if not path_components:
            return super().route(request, path_components)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        found = (
            Page.objects.filter(url_path=url_path, path__startswith=self.path)
            .annotate(is_restricted=view_restricted())
            .only("id", "content_type")
            .first()
        )
        model = found.specific_class if found is not None else None
        if model is None or not issubclass(model, BasePage):
            return super().route(request, path_components)
        page = model._default_manager.select_related(*model.serve_select_related).get(
            pk=found.pk
        )
        page.known_view_restricted = found.is_restricted
        return page.route(request, [])

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        """The view restrictions covering this page, in one query, or none
        when routing already found that none does."""
        if getattr(self, "known_view_restricted", None) is False:
            return PageViewRestriction.objects.none()
        paths = [
            self.path[: self.steplen * depth] for depth in range(1, self.depth + 1)
        ]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict:
        context = super().get_context(request, *args, **kwargs)
        versions, site_root = self._language_versions_and_site_root(request)
        context["language_versions"] = versions
        context["site_root"] = site_root
        context["schema_org"] = self.get_schema_org_json(request)
        # Content apps add site-wide context (alerts, ...) without cms knowing them.
        for hook in hooks.get_hooks(PAGE_CONTEXT_HOOK):
            hook(page=self, request=request, context=context)
        return context

    def _language_versions_and_site_root(
        self, request: HttpRequest
    ) -> tuple[list[LanguageVersion], Page | None]:
        """The page in each content language, for the language switcher, and
        the root page of the request's site in this page's language, in one
        query.

        A language without a live, public translation gets ``url=None`` so
        the template can say plainly that no translation exists.
        """
        site = Site.find_for_request(request)
        root_depth = site.root_page.depth if site else None
        in_site = root_depth is not None and self.depth >= root_depth
        root_path = self.path[: self.steplen * root_depth] if in_site else None
        wanted = Q(translation_key=self.translation_key, live=True) & ~Q(
            view_restricted()
        )
        if root_path:
            wanted |= Q(path=root_path)
        translations = {}
        site_root = None
        for page in Page.objects.filter(wanted).select_related("locale"):
            if page.path == root_path:
                site_root = page
            if page.translation_key == self.translation_key and page.live:
                translations[page.locale.language_code] = page
            if page.pk == self.pk:
                # Already fetched: spare templates a query for the page's locale.
                self.locale = page.locale
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
        return versions, site_root


class StandardPage(BasePage):
    """A free-form page (About, and anything else an agency needs), built
    from the shared block library."""

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

    def get_listing_summary(self) -> str:
        return self.listing_summary or self.intro or self.search_description

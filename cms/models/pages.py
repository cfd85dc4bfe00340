"""Base page class shared by every page type, and the standard free-form page.

Serving a page costs a fixed, small number of queries: a page is found by its
URL path in one query (not one per level), joined with whether a view
restriction covers it; the language switcher and the site root come in one
more.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from cms.admin_titles import admin_display_title
from cms.blocks import StandardBodyBlock
from cms.fields import StreamField
from cms.media.renditions import prefetch_stored_renditions
from cms.selectors import is_live_now, view_restricted

from .mixins import ListingFieldsMixin, SchemaOrgMixin, SocialFieldsMixin

# Hook called as ``hook(page=..., request=..., context=...)`` when any page of
# the platform builds its template context.
PAGE_CONTEXT_HOOK = "cms_page_context"

# Open Graph's locale of each content language.
OG_LOCALES = {"tg": "tg_TJ", "ru": "ru_RU", "en": "en_US"}


@dataclass(frozen=True)
class Breadcrumb:
    """A page on the way from the site's home to the current page."""

    title: str
    url: str


@dataclass(frozen=True)
class PageFrame:
    """Where a page sits: its language versions, its site's root in its
    language, the breadcrumbs leading to it and its section."""

    language_versions: list["LanguageVersion"]
    site_root: Page | None
    breadcrumbs: list[Breadcrumb]
    section_id: int | None


@dataclass(frozen=True)
class LanguageVersion:
    """One entry of the language switcher: a language and its page, if any;
    where the page is not translated, ``home_url`` leads to the site's home
    in that language instead."""

    language_code: str
    name: str
    url: str | None
    full_url: str | None
    is_current: bool
    home_url: str | None = None


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
    #: StreamFields whose official documents (decrees, orders: the shared
    #: "legal_acts" block) must carry their number and date; the
    #: content-health check lists those that do not.
    legal_act_fields: ClassVar[Sequence[str]] = ()
    #: Whether the page's template lists its children (an index page), so
    #: that each is one click from it; the content-health reachability
    #: check follows what templates link.
    lists_children: ClassVar[bool] = False

    class Meta:
        abstract = True

    def get_admin_display_title(self) -> str:
        """The draft title, except on another agency's page (see
        cms.admin_titles)."""
        return admin_display_title(self)

    @classmethod
    def count_label(cls, count: int) -> str:
        """How many pages this page lists, as the agency's home page says
        it ("12 services"); section types name what they list."""
        return ngettext("%(count)s page", "%(count)s pages", count) % {"count": count}

    def get_meta_description(self) -> str:
        """The page's meta description: its own search description, else its
        summary, lead or introduction (the site's template falls back to the
        agency's description)."""
        text = (
            self.search_description
            or self.get_listing_summary()
            or getattr(self, "intro", "")
            or ""
        )
        return Truncator(" ".join(strip_tags(str(text)).split())).chars(300)

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """Find the page at ``path_components`` below this one by its URL path
        in two queries, whatever its depth: one finds it together with what
        its frame shows (its translations, its ancestors, this page), the
        other fetches it as its own type. Wagtail's own routing (a query per
        level) remains the fallback for paths it cannot resolve so."""
        if not path_components:
            return super().route(request, path_components)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        in_tree = Q(path__startswith=self.path)
        target = Page.objects.filter(in_tree, url_path=url_path)
        ancestor_url_paths = [
            f"{self.url_path}{'/'.join(path_components[:count])}/"
            for count in range(1, len(path_components))
        ]
        candidates = list(
            Page.objects.filter(
                (in_tree & Q(url_path__in=[url_path, *ancestor_url_paths]))
                | Q(pk=self.pk)
                | Q(translation_key__in=target.values("translation_key"), live=True)
            )
            .annotate(is_restricted=view_restricted())
            .select_related("locale")
        )
        found = next(
            (
                page
                for page in candidates
                if page.url_path == url_path and page.path.startswith(self.path)
            ),
            None,
        )
        model = found.specific_class if found is not None else None
        if found is None or model is None or not issubclass(model, BasePage):
            return super().route(request, path_components)
        page = model._default_manager.select_related(*model.serve_select_related).get(
            pk=found.pk
        )
        page.known_view_restricted = found.is_restricted
        site = Site.find_for_request(request)
        if site is not None and site.root_page.depth == self.depth:
            # Everything the frame needs was fetched with the page.
            page.frame_candidates = candidates
        return page.route(request, [])

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        """The view restrictions covering this page, in one query, or none
        when routing already found that none does."""
        restrictions: QuerySet[PageViewRestriction]
        if getattr(self, "known_view_restricted", None) is False:
            restrictions = PageViewRestriction.objects.none()
            return restrictions
        paths = [
            self.path[: self.steplen * depth] for depth in range(1, self.depth + 1)
        ]
        restrictions = PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()
        return restrictions

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        frame = self._page_frame(request)
        context["language_versions"] = frame.language_versions
        context["site_root"] = frame.site_root
        context["breadcrumbs"] = frame.breadcrumbs
        # The main navigation marks the section the page is in.
        context["current_section_id"] = frame.section_id
        # The images the page shows arrive with their stored renditions, in
        # one query for all of them.
        prefetch_stored_renditions(images=self.images_to_prefetch())
        context["schema_org"] = self.get_schema_org_json(request)
        context["canonical_url"] = self.get_full_url(request)
        context["default_language"] = settings.LANGUAGE_CODE
        context["og_type"] = self.og_type
        context["og_locale"] = OG_LOCALES.get(self.locale.language_code, "")
        # Content apps add site-wide context (alerts, ...) without cms knowing them.
        for hook in hooks.get_hooks(PAGE_CONTEXT_HOOK):
            hook(page=self, request=request, context=context)
        return context

    def images_to_prefetch(self) -> list[Any]:
        """Images this page's template and metadata show; page types with
        images of their own add them."""
        return [self.get_social_image()]

    def _page_frame(self, request: HttpRequest) -> PageFrame:
        """The page in each content language (for the language switcher),
        the root page of the request's site in this page's language, and the
        breadcrumbs from that root to this page's parent, in one query, or
        none when routing fetched them with the page.

        A language without a live, public translation gets ``url=None`` so
        the template can say plainly that no translation exists.
        """
        site = Site.find_for_request(request)
        root_depth = site.root_page.depth if site else None
        in_site = root_depth is not None and self.depth >= root_depth
        ancestor_paths = (
            [
                self.path[: self.steplen * depth]
                for depth in range(root_depth, self.depth)
            ]
            if in_site and root_depth is not None
            else []
        )
        root_path = ancestor_paths[0] if ancestor_paths else None
        if self.depth == root_depth:
            root_path = self.path
        candidates = getattr(self, "frame_candidates", None)
        if candidates is None:
            wanted = Q(translation_key=self.translation_key, live=True)
            if root_path:
                wanted |= Q(path=root_path)
            if ancestor_paths:
                wanted |= Q(path__in=ancestor_paths)
            candidates = (
                Page.objects.filter(wanted)
                .annotate(is_restricted=view_restricted())
                .select_related("locale")
            )
        translations = {}
        ancestors = {}
        site_root = None
        now = timezone.now()
        for page in candidates:
            if page.path == root_path:
                site_root = page
            if page.path in ancestor_paths and is_live_now(page, at=now):
                ancestors[page.path] = page
            if (
                page.translation_key == self.translation_key
                and is_live_now(page, at=now)
                and not page.is_restricted
            ):
                translations[page.locale.language_code] = page
            if page.pk == self.pk:
                # Already fetched: spare templates a query for the page's locale.
                self.locale = page.locale
        breadcrumbs = [
            Breadcrumb(title=page.title, url=page.get_url(request))
            for path in ancestor_paths
            if (page := ancestors.get(path)) is not None
        ]
        section_id = None
        if in_site and root_depth is not None and self.depth == root_depth + 1:
            section_id = self.pk
        elif len(ancestor_paths) > 1 and ancestor_paths[1] in ancestors:
            section_id = ancestors[ancestor_paths[1]].pk
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
                    home_url=None if page else f"/{code}/",
                )
            )
        return PageFrame(
            language_versions=versions,
            site_root=site_root,
            breadcrumbs=breadcrumbs,
            section_id=section_id,
        )


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
    legal_act_fields = ("body",)

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_listing_summary(self) -> str:
        return self.listing_summary or self.intro or self.search_description

"""The News section and its news items."""

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.images import get_image_model_string
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.blocks import ArticleBodyBlock
from cms.fields import StreamField
from cms.media.renditions import stored_rendition
from cms.models import BasePage

from .topics import NewsTopic


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The News section of an agency site, newest first, filterable by topic
    and year, with its RSS feed at ``rss/``."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short text shown above the list of news."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.AgencyHomePage"]
    subpage_types = ["news.NewsPage"]
    # The template lists every child (paginated): one click from here.
    lists_children = True
    max_count_per_parent = 1
    schema_org_type = "CollectionPage"

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    @classmethod
    def count_label(cls, count: int) -> str:
        return ngettext("%(count)s news item", "%(count)s news items", count) % {
            "count": count
        }

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict[str, Any]:
        from news.selectors import news_listing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = news_listing(index=self, params=request.GET)
        return context

    @path("rss/", name="rss")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        """The section's newest items as RSS 2.0."""
        from news.feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPage(BasePage):
    """A news item of the agency."""

    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date the news is about, shown above it."),
    )
    lead = models.TextField(
        _("lead"), help_text=_("The essentials in one or two sentences.")
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    legal_act_fields = ("body",)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("topics", label=_("Topic"), heading=_("Topics")),
    ]
    # What Wagtail's API v2 (/api/v2/pages/?fields=...) may show.
    api_fields = [
        APIField("date"),
        APIField("lead"),
        APIField("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    override_translatable_fields = [
        SynchronizedField("date", overridable=False),
        SynchronizedField("image"),
        SynchronizedField("topics", overridable=False),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    serve_select_related = ["image"]
    schema_org_type = "NewsArticle"
    og_type = "article"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        # The portal API's order (newest first): read along it, stop at the limit.
        indexes = [models.Index(fields=["date", "page_ptr"], name="news_date_keyset")]

    def listing_meta(self) -> str:
        """The date, as a line under the title in lists."""
        return date_format(self.date, "DATE_FORMAT")

    def get_listing_summary(self) -> str:
        return self.listing_summary or self.lead

    def get_listing_image(self) -> Any:
        return self.listing_image or self.image

    def get_social_image(self) -> Any:
        return super().get_social_image() or self.image

    def images_to_prefetch(self) -> list[Any]:
        return [*super().images_to_prefetch(), self.image]

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict[str, Any]:
        from news.selectors import topics_of

        context = super().get_context(request, *args, **kwargs)
        context["topics"] = topics_of(page=self)
        return context

    def get_schema_org(self, request: HttpRequest) -> dict[str, Any]:
        data = super().get_schema_org(request)
        data["headline"] = self.title
        data["description"] = self.lead
        data["datePublished"] = self.date.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        data["mainEntityOfPage"] = data["url"]
        image = self.get_social_image()
        social = stored_rendition(image=image, spec_name="social") if image else None
        if social is not None:
            data["image"] = [social.full_url]
        organization = self.schema_org_organization(request)
        if organization:
            data["author"] = organization
            data["publisher"] = organization
        return data


class NewsPageTopic(Orderable):
    """A topic a news item is filed under."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="topics")
    topic = models.ForeignKey(
        NewsTopic,
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="news_links",
    )

    panels = [FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

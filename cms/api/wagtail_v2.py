"""Wagtail's own API v2 at /api/v2/ (pages, images, documents), for generic
headless use, limited like the portal API to public content: live,
unexpired pages under no view restriction on an online agency's site (or
the portal's own), and only the images and documents such pages use.

Unlike stock Wagtail, a logged-in editor's session or a page password does
not widen what it returns: it is a public API."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
)
from django.db.models.functions import Cast

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents import get_document_model
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex

from agency_sites.selectors import offline_site_ids

from .content import public_live, public_scope


def public_pages() -> QuerySet:
    """Public live pages of online sites, in every language (a site's trees
    are found through its root page's translations)."""
    offline_roots = Page.objects.filter(
        translation_key__in=Page.objects.filter(
            sites_rooted_here__in=offline_site_ids()
        ).values("translation_key"),
        depth=2,
    ).values_list("path", flat=True)
    pages = public_live(Page.objects.all(), scope=public_scope())
    for path in offline_roots:
        pages = pages.exclude(path__startswith=path)
    return pages


def used_by_public_pages(model: type) -> QuerySet:
    """Ids of the objects of ``model`` that public pages use (the reference
    index keeps ids as text: read back as the integers they are)."""
    return (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            to_content_type=ContentType.objects.get_for_model(model),
            object_id__in=public_pages()
            .annotate(text_id=Cast("pk", output_field=CharField()))
            .values("text_id"),
        )
        .annotate(used_id=Cast("to_object_id", output_field=IntegerField()))
        .values("used_id")
    )


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Pages of the request's site (Wagtail's rule), public only."""

    def get_base_queryset(self) -> QuerySet:
        return super().get_base_queryset().filter(pk__in=public_pages().values("pk"))


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Images that public pages show. Filtered on the primary key alone, a
    filter the search backend can apply (``?search=``)."""

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .filter(pk__in=used_by_public_pages(get_image_model()))
        )


def in_private_collection() -> Exists:
    """True for a document in a collection under a view restriction."""
    target = ExpressionWrapper(OuterRef("collection__path"), output_field=CharField())
    return Exists(
        CollectionViewRestriction.objects.annotate(target=target).filter(
            target__startswith=F("collection__path")
        )
    )


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents that public pages link to, outside private collections."""

    def get_queryset(self) -> QuerySet:
        model = get_document_model()
        public = (
            model.objects.filter(pk__in=used_by_public_pages(model))
            .exclude(in_private_collection())
            .values("pk")
        )
        # One filter on the primary key, which the search backend can apply.
        return super().get_queryset().filter(pk__in=public)


wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PublicPagesAPIViewSet)
wagtail_api.register_endpoint("images", PublicImagesAPIViewSet)
wagtail_api.register_endpoint("documents", PublicDocumentsAPIViewSet)

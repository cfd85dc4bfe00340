"""Wagtail's own API v2 at /api/v2/ (pages, images, documents), for generic
headless use, limited like the portal API to public content: live,
unexpired pages under no view restriction on an online agency's site (or
the portal's own), and only the images and documents such pages use.

Unlike stock Wagtail, a logged-in editor's session or a page password does
not widen what it returns: it is a public API."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, QuerySet
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
    """Ids (as text) of the objects of ``model`` that public pages use."""
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(model),
        object_id__in=public_pages()
        .annotate(text_id=Cast("pk", output_field=CharField()))
        .values("text_id"),
    ).values("to_object_id")


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Pages of the request's site (Wagtail's rule), public only."""

    def get_base_queryset(self) -> QuerySet:
        return super().get_base_queryset().filter(pk__in=public_pages().values("pk"))


def _with_text_id(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(text_id=Cast("pk", output_field=CharField()))


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Images that public pages show."""

    def get_queryset(self) -> QuerySet:
        return _with_text_id(super().get_queryset()).filter(
            text_id__in=used_by_public_pages(get_image_model())
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
        return (
            _with_text_id(super().get_queryset())
            .filter(text_id__in=used_by_public_pages(get_document_model()))
            .filter(~in_private_collection())
        )


wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PublicPagesAPIViewSet)
wagtail_api.register_endpoint("images", PublicImagesAPIViewSet)
wagtail_api.register_endpoint("documents", PublicDocumentsAPIViewSet)

"""Wagtail's own API v2 at /api/v2/ (pages, images, documents), for generic
headless use, limited like the portal API to public content: live,
unexpired pages under no view restriction on an online agency's site (or
the portal's own), and only the images and documents such pages use.

Unlike stock Wagtail, a logged-in editor's session or a page password does
not widen what it returns: it is a public API."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models
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

from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents import get_document_model
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.documents.models import AbstractDocument
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.images.models import AbstractImage
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex, Site

from agency_sites.selectors import offline_site_ids

from .content import public_live, public_scope


def public_pages() -> QuerySet[Page]:
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


def used_by_public_pages(model: type[models.Model]) -> QuerySet[Any, dict[str, int]]:
    """Ids of the objects of ``model`` that public pages use (the reference
    index keeps ids as text: read back as the integers they are)."""
    used: QuerySet[Any, dict[str, int]] = (
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
    return used


#: Wagtail's parameters that it reads as integers (ids, offset, limit).
INTEGER_PARAMETERS = (
    "ancestor_of",
    "child_of",
    "descendant_of",
    "translation_of",
    "offset",
    "limit",
    "id",
)
# Ids and offsets the database's integers hold.
LARGEST_INTEGER = 2**31 - 1


def _integer_in_range(value: str) -> bool:
    try:
        return abs(int(value)) <= LARGEST_INTEGER
    except ValueError:
        return True  # not a number: Wagtail answers it itself


def _field_value_error(model: type[models.Model], name: str, value: str) -> str:
    """Why ``value`` cannot filter ``model``'s field ``name`` (empty if it
    can): Wagtail converts only booleans and integers, and passes the rest
    (a malformed date, an id beyond the database's integers) to the query."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return ""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if not isinstance(target, models.Field):
        return ""  # a reverse relation: Wagtail does not filter on those
    if isinstance(target, models.BooleanField):
        return ""  # Wagtail's parse_boolean
    try:
        python = target.to_python(value)
    except ValidationError:
        return f"'{value[:100]}' is not a valid value for {name}"
    if isinstance(python, int) and isinstance(
        target, models.IntegerField | models.AutoField
    ):
        low, high = connection.ops.integer_field_range(target.get_internal_type())
        if (low is not None and python < low) or (high is not None and python > high):
            return f"{name} is out of range"
    return ""


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's filter on fields (``?slug=...``), refusing with a 400 the
    values the database cannot compare rather than failing with a 500."""

    def filter_queryset(
        self, request: Any, queryset: QuerySet[models.Model], view: Any
    ) -> QuerySet[models.Model]:
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            error = (
                _field_value_error(queryset.model, name, value)
                if name in fields and name != "locale"
                else ""
            )
            if error:
                raise BadRequestError(f"field filter error. {error}")
        filtered: QuerySet[models.Model] = super().filter_queryset(
            request, queryset, view
        )
        return filtered


def _checked(backends: list[type]) -> list[type]:
    return [
        CheckedFieldsFilter if backend is FieldsFilter else backend
        for backend in backends
    ]


class CheckedParametersMixin:
    """Integer parameters beyond the database's integers are a 400."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]  # the viewset's
        for name in INTEGER_PARAMETERS:
            if name in request.GET and not _integer_in_range(request.GET[name]):
                raise BadRequestError(f"{name} is out of range")
        _hostname, colon, port = request.GET.get("site", "").partition(":")
        if colon and not (port.isascii() and port.isdigit() and int(port) < 2**16):
            raise BadRequestError("site must be a hostname, with an optional :port")


class PublicPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    """Pages of the request's site (Wagtail's rule), public only."""

    filter_backends = _checked(PagesAPIViewSet.filter_backends)

    def get_base_queryset(self) -> QuerySet[Page]:
        try:
            pages: QuerySet[Page] = super().get_base_queryset()
        except Site.DoesNotExist:
            # Wagtail lets an unknown ?site= through as a 500.
            raise BadRequestError("site doesn't exist") from None
        return pages.filter(pk__in=public_pages().values("pk"))


class PublicImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    """Images that public pages show. Filtered on the primary key alone, a
    filter the search backend can apply (``?search=``)."""

    filter_backends = _checked(ImagesAPIViewSet.filter_backends)

    def get_queryset(self) -> QuerySet[AbstractImage]:
        images: QuerySet[AbstractImage] = (
            super()
            .get_queryset()
            .filter(pk__in=used_by_public_pages(get_image_model()))
        )
        return images


def in_private_collection() -> Exists:
    """True for a document in a collection under a view restriction."""
    target = ExpressionWrapper(OuterRef("collection__path"), output_field=CharField())
    return Exists(
        CollectionViewRestriction.objects.annotate(target=target).filter(
            target__startswith=F("collection__path")
        )
    )


class PublicDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    """Documents that public pages link to, outside private collections."""

    filter_backends = _checked(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self) -> QuerySet[AbstractDocument]:
        model = get_document_model()
        public = (
            model.objects.filter(pk__in=used_by_public_pages(model))
            .exclude(in_private_collection())
            .values("pk")
        )
        # One filter on the primary key, which the search backend can apply.
        documents: QuerySet[AbstractDocument] = (
            super().get_queryset().filter(pk__in=public)
        )
        return documents


wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PublicPagesAPIViewSet)
wagtail_api.register_endpoint("images", PublicImagesAPIViewSet)
wagtail_api.register_endpoint("documents", PublicDocumentsAPIViewSet)

"""Stored renditions: generated on upload and publish, only read on views.

The named specs (``MEDIA_RENDITION_SPECS``) are the only sizes templates and
the API use. :func:`generate_stored_renditions` creates them (with the admin's
own sizes) when an image is uploaded or changed and when a page that uses it
is published; :func:`stored_rendition` and the ``{% stored_image %}`` tag only
read what exists, so a page view never decodes an image nor calls storage:
with S3 the URL is computed locally.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, prefetch_related_objects

from wagtail.images import get_image_model
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Filter,
    ImageQuerySet,
)
from wagtail.models import Page, ReferenceIndex

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredRenditionData:
    """What the API says about one stored rendition."""

    url: str
    width: int
    height: int


def named_spec(spec_name: str) -> str:
    """The filter spec of a named rendition, e.g. ``"card"``."""
    try:
        return settings.MEDIA_RENDITION_SPECS[spec_name]
    except KeyError:
        raise KeyError(
            f"Unknown rendition {spec_name!r}; the named renditions are "
            f"{', '.join(sorted(settings.MEDIA_RENDITION_SPECS))} "
            "(MEDIA_RENDITION_SPECS)."
        ) from None


def generated_specs() -> list[str]:
    """Every filter spec generated ahead of views: named, then the admin's."""
    return list(
        dict.fromkeys(
            [
                *settings.MEDIA_RENDITION_SPECS.values(),
                *settings.MEDIA_ADMIN_RENDITION_SPECS,
            ]
        )
    )


# --- services ----------------------------------------------------------------


def generate_stored_renditions(*, image: AbstractImage) -> None:
    """Create the renditions ``image`` lacks (reading its original once).
    Storage and image errors propagate."""
    image.get_renditions(*generated_specs())


def generate_renditions_quietly(*, image_ids: Iterable[int]) -> None:
    """Generate stored renditions for each image, logging failures: called
    after an upload or a publish has been committed, which must stand even
    when storage is down. The next publish, or an edit, tries again."""
    for image in get_image_model().objects.filter(pk__in=list(image_ids)):
        try:
            generate_stored_renditions(image=image)
        except Exception:
            logger.exception("Could not generate renditions of image %s", image.pk)


# --- selectors ---------------------------------------------------------------


def images_used_by(*, page: Page) -> list[int]:
    """Ids of the images a page's content refers to (reference index)."""
    return [
        int(pk)
        for pk in ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type=ContentType.objects.get_for_model(get_image_model()))
        .values_list("to_object_id", flat=True)
        .distinct()
    ]


def with_stored_renditions(queryset: ImageQuerySet) -> ImageQuerySet:
    """Images with their named renditions prefetched: one query for all."""
    return queryset.prefetch_renditions(*settings.MEDIA_RENDITION_SPECS.values())


def prefetch_stored_renditions(*, images: Iterable[AbstractImage | None]) -> None:
    """Fetch the named renditions of several images in one query, so that
    ``{% stored_image %}`` finds them without a query per image."""
    pending = [
        image
        for image in images
        if image is not None and not hasattr(image, "prefetched_renditions")
    ]
    if not pending:
        return
    rendition_model = get_image_model().get_rendition_model()
    prefetch_related_objects(
        pending,
        Prefetch(
            "renditions",
            queryset=rendition_model.objects.filter(
                filter_spec__in=settings.MEDIA_RENDITION_SPECS.values()
            ),
            to_attr="prefetched_renditions",
        ),
    )


def stored_rendition(
    *, image: AbstractImage, spec_name: str
) -> AbstractRendition | None:
    """The stored rendition of ``image`` for a named spec, or ``None`` if it
    has not been generated. Never generates one, never calls storage."""
    rendition_model = image.get_rendition_model()
    try:
        return image.find_existing_rendition(Filter(named_spec(spec_name)))
    except rendition_model.DoesNotExist:
        logger.warning(
            "Image %s has no stored %r rendition; it is generated on upload and "
            "publish",
            image.pk,
            spec_name,
        )
        return None


def stored_rendition_data(
    *, image: AbstractImage, spec_names: Iterable[str] | None = None
) -> dict[str, StoredRenditionData]:
    """URL and size of each stored named rendition of ``image``, for the API.
    Missing renditions are left out."""
    result = {}
    for spec_name in spec_names or settings.MEDIA_RENDITION_SPECS:
        rendition = stored_rendition(image=image, spec_name=spec_name)
        if rendition is not None:
            result[spec_name] = StoredRenditionData(
                url=rendition.full_url, width=rendition.width, height=rendition.height
            )
    return result

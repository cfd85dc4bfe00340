"""Template tags that read stored renditions (never generate them).

    {% load media_tags %}
    {% stored_image page.image "card" loading="lazy" class="card__image" %}
    {% stored_rendition page.image "social" as social %}{{ social.full_url }}

Spec names are those of ``MEDIA_RENDITION_SPECS``. A missing image or a
rendition not generated yet renders nothing (and is logged), instead of
generating it during the page view.
"""

from django import template
from django.utils.safestring import SafeString

from wagtail.images.models import AbstractImage, AbstractRendition

from cms.media.renditions import stored_rendition as find_stored_rendition

register = template.Library()


@register.simple_tag
def stored_image(
    image: AbstractImage | None, spec_name: str, **attributes: object
) -> SafeString | str:
    """An ``<img>`` of the stored named rendition; extra keyword arguments
    become attributes (``data_x`` is written ``data-x``; ``alt=""`` marks a
    decorative image, otherwise the image's description is the alt text)."""
    if image is None:
        return ""
    rendition = find_stored_rendition(image=image, spec_name=spec_name)
    if rendition is None:
        return ""
    tag: SafeString = rendition.img_tag(
        {name.replace("_", "-"): value for name, value in attributes.items()}
    )
    return tag


@register.simple_tag
def stored_rendition(
    image: AbstractImage | None, spec_name: str
) -> AbstractRendition | None:
    """The stored named rendition itself (``url``, ``full_url``, ``width``,
    ``height``, ``alt``), for ``srcset``, Open Graph tags or JSON-LD."""
    if image is None:
        return None
    return find_stored_rendition(image=image, spec_name=spec_name)

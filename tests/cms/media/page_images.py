"""A context processor standing in for a page type with images: every image,
with its stored renditions prefetched (see templates/cms/standard_page.html)."""

from django.http import HttpRequest

from wagtail.images import get_image_model

from cms.media.renditions import with_stored_renditions


def page_images(request: HttpRequest) -> dict:
    return {"page_images": with_stored_renditions(get_image_model().objects.all())}

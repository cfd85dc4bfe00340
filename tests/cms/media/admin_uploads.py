"""Uploading through the Wagtail admin, as an editor does."""

from django.test import Client
from django.urls import reverse

from wagtail.models import Collection

from tests.factories.media import upload


def post_image(
    client: Client,
    name: str,
    content: bytes,
    *,
    collection: Collection,
    title: str = "",
):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title or name,
            "file": upload(name, content),
            "collection": collection.pk,
        },
    )


def post_document(
    client: Client,
    name: str,
    content: bytes,
    *,
    collection: Collection,
    title: str = "",
):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title or name,
            "file": upload(name, content),
            "collection": collection.pk,
        },
    )


def post_multiple_image(
    client: Client, name: str, content: bytes, *, collection_id: int, title: str = ""
):
    """The multiple uploader's AJAX request (answers JSON)."""
    return client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "files[]": upload(name, content),
            "collection": collection_id,
            "title": title or name,
        },
    )


def file_errors(response) -> list[str]:
    """The errors shown under the file field of a re-displayed form."""
    form = response.context["form"]
    return [str(message) for message in form.errors.get("file", [])]

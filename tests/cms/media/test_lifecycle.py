"""An image and a document through their whole life on a real S3 endpoint:
upload, renditions, rendering, serving, deletion."""

import io

from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from wagtail.models import Page
from wagtail.rich_text import RichText

import pytest
from PIL import Image

from cms.media.renditions import generated_specs
from cms.media.storage import IMMUTABLE_CACHE_CONTROL
from cms.models import CustomDocument, CustomImage, CustomRendition
from tests.cms.media.conftest import start_moto_server
from tests.factories.media import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def moto_server(tmp_path_factory):
    """This module's own S3 endpoint. moto records the requests of a whole
    server, and bin/test's shared one also serves the other test processes:
    their uploads would show up in the "no S3 request" checks here."""
    server = start_moto_server(tmp_path_factory.mktemp("moto-recorded"))
    yield server
    server.stop()


def test_upload_stores_the_checked_image_and_every_rendition(image, bucket):
    assert image.file.name == "original_images/Қасри_Миллат.jpg"
    assert bucket.list_keys("original_images/") == [image.file.name]
    stored = Image.open(io.BytesIO(bucket.read(image.file.name)))
    assert stored.size == (1600, 1000)
    renditions = {
        rendition.filter_spec: rendition for rendition in image.renditions.all()
    }
    assert set(renditions) == set(generated_specs())
    assert bucket.list_keys("images/") == sorted(
        r.file.name for r in renditions.values()
    )
    card = renditions[settings.MEDIA_RENDITION_SPECS["card"]]
    assert (card.width, card.height) == (640, 360)


def test_renditions_are_public_and_cached_for_a_year(image, bucket):
    card = image.renditions.get(filter_spec=settings.MEDIA_RENDITION_SPECS["card"])
    status, body = bucket.anonymous_get(card.url)
    assert status == 200
    assert Image.open(io.BytesIO(body)).size == (640, 360)
    head = bucket.head(card.file.name)
    assert head["ContentType"] == "image/jpeg"
    assert head["CacheControl"] == IMMUTABLE_CACHE_CONTROL


def test_page_view_reads_stored_urls_without_calling_s3(
    client, image, standard_page, moto_server, django_assert_max_num_queries
):
    renditions_before = CustomRendition.objects.count()
    log = moto_server.request_log()
    log.start()
    with django_assert_max_num_queries(30):
        response = client.get(standard_page.url, HTTP_HOST="mvd.portal.test")
    requests = [r for r in log.stop() if "/moto-api/" not in r["url"]]
    assert response.status_code == 200
    content = response.content.decode()
    content_rendition = image.renditions.get(
        filter_spec=settings.MEDIA_RENDITION_SPECS["content"]
    )
    assert f'src="{content_rendition.url}"' in content
    assert 'alt="Қасри Миллат"' in content
    assert 'loading="lazy"' in content
    assert requests == []
    assert CustomRendition.objects.count() == renditions_before


def test_tag_renders_nothing_rather_than_generating_a_missing_rendition(
    image, moto_server
):
    image.renditions.all().delete()
    log = moto_server.request_log()
    log.start()
    html = Template(
        '{% load media_tags %}[{% stored_image image "card" %}]'
        '{% stored_rendition image "card" as card %}[{{ card.url }}]'
    ).render(Context({"image": image}))
    assert [r for r in log.stop() if "/moto-api/" not in r["url"]] == []
    assert html == "[][]"
    assert not image.renditions.exists()


def test_publishing_a_page_generates_the_renditions_of_its_images(
    image, standard_page, run_on_commit
):
    image.renditions.all().delete()
    standard_page.body = [
        (
            "paragraph",
            RichText(f'<p>Сурат: <embed embedtype="image" id="{image.pk}"/></p>'),
        )
    ]
    with run_on_commit():
        standard_page.save_revision().publish()
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(
        generated_specs()
    )


def test_public_document_is_served_from_its_public_url(client, document, bucket):
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith("/Қарори_Ҳукумат_5.pdf")
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"] == document.file.url
    assert "Signature" not in response["Location"]
    status, body = bucket.anonymous_get(response["Location"])
    assert status == 200
    assert body == pdf_bytes()
    head = bucket.head(document.file.name)
    assert head["ContentType"] == "application/pdf"


def test_deleting_removes_every_object(
    admin_client, image, document, bucket, run_on_commit
):
    with run_on_commit():
        admin_client.post(reverse("wagtailimages:delete", args=[image.pk]))
        admin_client.post(reverse("wagtaildocs:delete", args=[document.pk]))
    assert not CustomImage.objects.exists()
    assert not CustomDocument.objects.exists()
    assert bucket.list_keys() == []


def test_page_links_the_document_by_its_stable_serve_url(
    client, standard_page, document
):
    response = client.get(standard_page.url, HTTP_HOST="mvd.portal.test")
    assert f'href="{document.url}"' in response.content.decode()
    assert Page.objects.get(pk=standard_page.pk).live


def test_request_log_sees_storage_calls(image, moto_server):
    """The log the zero-request checks rely on does record S3 requests."""
    log = moto_server.request_log()
    log.start()
    assert image.file.storage.exists(image.file.name)
    requests = [r for r in log.stop() if "/moto-api/" not in r["url"]]
    assert [request["method"] for request in requests] == ["HEAD"]

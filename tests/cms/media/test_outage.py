"""When S3 is unreachable: pages and downloads keep working, uploads fail
within the timeouts with a clear message and leave nothing behind.

These tests run their own moto_server (the shared one keeps running) and stop
it mid-test, or point the storage at an endpoint that never answers.
"""

import socket
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import translation

from wagtail.models import BaseViewRestriction, CollectionViewRestriction

import pytest

from cms.media.forms import STORAGE_UNAVAILABLE
from cms.models import CustomDocument, CustomImage
from tests.cms.media.admin_uploads import post_document, post_image
from tests.cms.media.conftest import (
    Bucket,
    MotoServer,
    create_bucket,
    start_moto_server,
    use_bucket,
)
from tests.factories.media import image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def storage_down_message() -> str:
    """The refusal as editors read it (in Tajik, the admin's default here)."""
    with translation.override("tg"):
        return str(STORAGE_UNAVAILABLE)


@pytest.fixture
def private_s3(tmp_path) -> Iterator[MotoServer]:
    server = start_moto_server(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def bucket(settings, private_s3) -> Bucket:
    """This module's media live on its own S3 server, which tests may stop."""
    created = create_bucket(private_s3.endpoint)
    use_bucket(settings, endpoint=private_s3.endpoint, name=created.name)
    return created


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """An address that accepts connections and never answers (a hung S3)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def storage_error(response) -> str:
    assert response.status_code == 200
    return " ".join(str(error) for error in response.context["form"].errors["file"])


def test_pages_and_downloads_keep_working_when_s3_stops(
    client, image, document, standard_page, private_s3
):
    private_s3.stop()
    response = client.get(standard_page.url, HTTP_HOST="mvd.portal.test")
    assert response.status_code == 200
    content = response.content.decode()
    assert (
        image.renditions.get(filter_spec=settings.MEDIA_RENDITION_SPECS["content"]).url
        in content
    )
    assert f'href="{document.url}"' in content
    download = client.get(document.url)
    assert download.status_code == 302
    assert download["Location"] == document.file.url


def test_uploads_fail_cleanly_when_s3_stops(
    admin_client, image, root_collection, private_s3, run_on_commit
):
    private_s3.stop()
    images_before = CustomImage.objects.count()
    started = time.monotonic()
    with run_on_commit():
        image_response = post_image(
            admin_client, "Нав.jpg", image_bytes("JPEG"), collection=root_collection
        )
        document_response = post_document(
            admin_client, "Нав.pdf", pdf_bytes(), collection=root_collection
        )
    elapsed = time.monotonic() - started

    assert storage_down_message() == storage_error(image_response)
    assert storage_down_message() == storage_error(document_response)
    assert CustomImage.objects.count() == images_before
    assert not CustomDocument.objects.exists()
    bound = (
        2
        * settings.MEDIA_S3_MAX_ATTEMPTS
        * (settings.MEDIA_S3_CONNECT_TIMEOUT + settings.MEDIA_S3_READ_TIMEOUT)
    )
    assert elapsed < bound


def test_a_hung_s3_fails_uploads_within_the_timeouts(
    settings, admin_client, root_collection, silent_endpoint
):
    settings.MEDIA_S3_CONNECT_TIMEOUT = 1
    settings.MEDIA_S3_READ_TIMEOUT = 1
    settings.MEDIA_S3_MAX_ATTEMPTS = 2
    use_bucket(settings, endpoint=silent_endpoint, name="unreachable")
    started = time.monotonic()
    response = post_image(
        admin_client, "Нав.jpg", image_bytes("JPEG"), collection=root_collection
    )
    elapsed = time.monotonic() - started
    assert storage_down_message() == storage_error(response)
    assert not CustomImage.objects.exists()
    # Two attempts of at most 1 s of connecting and 1 s of waiting, plus backoff.
    assert elapsed < 8


def test_no_object_is_left_when_the_database_write_fails(
    admin_client, bucket, root_collection
):
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the database refuses writes'; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_write BEFORE INSERT ON cms_customimage "
            "FOR EACH ROW EXECUTE FUNCTION refuse_write()"
        )
    with pytest.raises(DatabaseError):
        post_image(
            admin_client, "Нав.jpg", image_bytes("JPEG"), collection=root_collection
        )
    assert not CustomImage.objects.exists()
    assert bucket.list_keys() == []


def test_privacy_holds_when_the_move_to_private_fails(
    client, document, root_collection, private_s3, run_on_commit
):
    private_s3.stop()
    with run_on_commit():
        CollectionViewRestriction.objects.create(
            collection=root_collection, restriction_type=BaseViewRestriction.LOGIN
        )
    document.refresh_from_db()
    assert not document.file.name.startswith("private/")  # the move failed
    response = client.get(document.url)
    assert response.status_code == 302
    assert "login" in response["Location"]

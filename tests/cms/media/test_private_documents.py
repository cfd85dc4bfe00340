"""Private documents on S3: refused to anonymous visitors, served to allowed
ones through a signed URL that expires, never readable by a plain URL; moved
in and out of ``private/`` when their privacy changes."""

import time
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

import pytest
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from cms.media.privacy import document_access
from cms.models import CustomDocument
from tests.cms.media.admin_uploads import post_document
from tests.cms.media.conftest import REGION
from tests.factories.media import pdf_bytes

pytestmark = pytest.mark.django_db

LOGIN = BaseViewRestriction.LOGIN
PASSWORD = BaseViewRestriction.PASSWORD


@pytest.fixture
def private_collection(root_collection) -> Collection:
    collection = root_collection.add_child(name="Ҳуҷҷатҳои дохилӣ")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=LOGIN
    )
    return collection


@pytest.fixture
def private_document(
    admin_client, bucket, private_collection, run_on_commit
) -> CustomDocument:
    with run_on_commit():
        response = post_document(
            admin_client,
            "Фармоиш.pdf",
            pdf_bytes(body=b"(maxfi) Tj"),
            collection=private_collection,
        )
    assert response.status_code == 302
    return CustomDocument.objects.get()


def plain_url(bucket, key: str) -> str:
    """The object's address without any signature (what a guess would be)."""
    return f"{bucket.endpoint}/{bucket.name}/{key}"


def test_private_upload_is_stored_under_private(private_document, bucket):
    assert private_document.file.name.startswith("private/documents/")
    assert private_document.file.name.endswith("/Фармоиш.pdf")
    assert bucket.list_keys() == [private_document.file.name]
    assert bucket.head(private_document.file.name)["CacheControl"] == (
        "private, no-store"
    )


def test_anonymous_visitor_is_sent_to_log_in(client, private_document):
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "next=" in response["Location"]
    assert "Signature" not in response["Location"]


def test_the_object_itself_is_unreadable_without_a_signature(private_document, bucket):
    status, body = bucket.anonymous_get(plain_url(bucket, private_document.file.name))
    assert status == 403
    assert b"maxfi" not in body


def test_allowed_visitor_gets_a_short_lived_signed_url(
    admin_client, private_document, bucket
):
    before = time.time()
    response = admin_client.get(private_document.url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    url = response["Location"]
    assert url.startswith(f"{bucket.endpoint}/{bucket.name}/private/documents/")
    status, body = bucket.anonymous_get(url)
    assert status == 200
    assert b"maxfi" in body

    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert query["X-Amz-Expires"] == str(settings.MEDIA_PRIVATE_URL_TTL)
    signed_at = time.mktime(time.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ"))
    assert abs(signed_at - time.timezone - before) < 60
    assert query["response-cache-control"] == "private, no-store"


def test_the_expiry_is_part_of_the_signature(admin_client, private_document):
    """S3 refuses a signed URL after X-Amz-Expires seconds; the expiry cannot
    be lengthened because it is signed. (moto does not enforce expiry, so
    the signature is checked here as S3 checks it.)"""
    url = admin_client.get(private_document.url)["Location"]
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}

    def signature_for(expires: int) -> str:
        request = AWSRequest(
            method="GET",
            url=f"{parts.scheme}://{parts.netloc}{parts.path}",
            params={
                key: value
                for key, value in query.items()
                if not key.startswith("X-Amz-")
            },
        )
        request.context["timestamp"] = query["X-Amz-Date"]
        S3SigV4QueryAuth(
            Credentials("testing", "testing"), "s3", REGION, expires=expires
        ).add_auth(request)
        signed = parse_qs(urlsplit(request.url).query)
        return signed["X-Amz-Signature"][0]

    assert signature_for(settings.MEDIA_PRIVATE_URL_TTL) == query["X-Amz-Signature"]
    assert signature_for(3600) != query["X-Amz-Signature"]


def test_collection_password_form_is_still_wagtails(
    client, admin_client, bucket, root_collection, run_on_commit
):
    collection = root_collection.add_child(name="Бо рамз")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=PASSWORD, password="рамз-2026"
    )
    with run_on_commit():
        post_document(admin_client, "a.pdf", pdf_bytes(), collection=collection)
    document = CustomDocument.objects.get()
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"password" in response.content.lower()


def test_collection_turning_private_then_public_moves_the_object(
    client, admin_client, bucket, root_collection, run_on_commit
):
    with run_on_commit():
        post_document(
            admin_client, "Қарор.pdf", pdf_bytes(), collection=root_collection
        )
    document = CustomDocument.objects.get()
    public_key, url = document.file.name, document.url

    with run_on_commit():
        restriction = CollectionViewRestriction.objects.create(
            collection=root_collection, restriction_type=LOGIN
        )
    document.refresh_from_db()
    assert document.file.name.startswith("private/documents/")
    assert document.url == url  # links keep working
    assert bucket.list_keys() == [document.file.name]
    assert bucket.anonymous_get(plain_url(bucket, public_key))[0] in (403, 404)
    assert client.get(url).status_code == 302
    assert "Signature" not in client.get(url)["Location"]

    with run_on_commit():
        restriction.delete()
    document.refresh_from_db()
    assert document.file.name.startswith("documents/")
    assert bucket.list_keys() == [document.file.name]
    assert client.get(url)["Location"] == document.file.url


def test_document_on_a_restricted_page_is_private(
    client, admin_client, standard_page, document, bucket, run_on_commit
):
    assert not document_access(document=document).is_private
    with run_on_commit():
        PageViewRestriction.objects.create(page=standard_page, restriction_type=LOGIN)
    document.refresh_from_db()
    assert document_access(document=document).restricted_pages
    assert document.file.name.startswith("private/documents/")

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert "Signature" not in anonymous["Location"]
    allowed = admin_client.get(document.url)
    assert "X-Amz-Signature" in allowed["Location"]
    assert bucket.anonymous_get(allowed["Location"])[0] == 200


def test_password_page_documents_need_the_pages_password(
    client, standard_page, document, run_on_commit
):
    with run_on_commit():
        restriction = PageViewRestriction.objects.create(
            page=standard_page, restriction_type=PASSWORD, password="рамз"
        )
    assert client.get(document.url).status_code == 403
    session = client.session
    session[restriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    response = client.get(document.url)
    assert response.status_code == 302
    assert "X-Amz-Signature" in response["Location"]

"""``manage.py media_check`` finds what a backup and restore drill must know."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import BaseViewRestriction, CollectionViewRestriction

import pytest

from cms.models import CustomDocument, CustomImage
from tests.cms.media.admin_uploads import post_document, post_image
from tests.factories.media import image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def media_check(*arguments: str) -> str:
    output = io.StringIO()
    call_command("media_check", "--language=en", *arguments, stdout=output)
    return output.getvalue()


def failing_media_check(*arguments: str) -> tuple[str, CommandError]:
    output = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("media_check", "--language=en", *arguments, stdout=output)
    return output.getvalue(), raised.value


def test_consistent_media_pass(image, document):
    report = media_check("--grace-minutes=0")
    assert "Rows whose stored object is missing: 0" in report
    assert "Stored objects that no row names: 0" in report
    assert "Media are consistent." in report


def test_finds_a_deleted_object(image, document, bucket):
    bucket.client.delete_object(Bucket=bucket.name, Key=document.file.name)
    report, error = failing_media_check("--grace-minutes=0")
    assert "Rows whose stored object is missing: 1" in report
    assert f"cms.customdocument\t{document.pk}\t{document.file.name}" in report
    assert error.returncode == 1
    assert "1 problem(s)" in str(error)


def test_finds_an_orphaned_object(image, bucket):
    bucket.client.put_object(
        Bucket=bucket.name, Key="original_images/left-behind.jpg", Body=b"x"
    )
    report, _error = failing_media_check("--grace-minutes=0")
    assert "Stored objects that no row names: 1" in report
    assert "  original_images/left-behind.jpg" in report


def test_a_fresh_object_may_still_be_an_upload_in_progress(image, bucket):
    bucket.client.put_object(
        Bucket=bucket.name, Key="original_images/uploading.jpg", Body=b"x"
    )
    assert "Media are consistent." in media_check()


def test_finds_and_fixes_a_private_document_left_readable(
    document, root_collection, bucket
):
    # The restriction is committed but the move never ran (storage was down).
    CollectionViewRestriction.objects.create(
        collection=root_collection, restriction_type=BaseViewRestriction.LOGIN
    )
    report, _error = failing_media_check("--grace-minutes=0")
    assert "Private documents readable without a signature: 1" in report
    assert document.file.name in report

    report = media_check("--grace-minutes=0", "--sync-privacy")
    assert "Media are consistent." in report
    document.refresh_from_db()
    assert document.file.name.startswith("private/documents/")
    assert bucket.list_keys("documents/") == []


def test_works_on_local_files_too(
    local_media, admin_client, root_collection, run_on_commit
):
    with run_on_commit():
        post_image(
            admin_client, "Акс.png", image_bytes("PNG"), collection=root_collection
        )
        post_document(
            admin_client, "Қарор.pdf", pdf_bytes(), collection=root_collection
        )
    image = CustomImage.objects.get()
    document = CustomDocument.objects.get()
    assert "Media are consistent." in media_check("--grace-minutes=0")

    (local_media / document.file.name).unlink()
    (local_media / "images" / "stray.png").write_bytes(b"x")
    report, _error = failing_media_check("--grace-minutes=0")
    assert f"cms.customdocument\t{document.pk}\t{document.file.name}" in report
    assert "  images/stray.png" in report
    assert image.file.name not in report

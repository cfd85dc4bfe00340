"""Refusals are form errors in the editor's language, with the file's name."""

from wagtail.models import UploadedFile
from wagtail.users.models import UserProfile

import pytest

from cms.models import CustomDocument, CustomImage
from tests.cms.media.admin_uploads import (
    file_errors,
    post_document,
    post_image,
    post_multiple_image,
)
from tests.factories.media import image_bytes

pytestmark = pytest.mark.django_db


def prefer(user, language: str) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def test_tajik_is_the_default(admin_client, bucket, root_collection):
    response = post_image(
        admin_client, "Акс.svg", b"<svg/>", collection=root_collection
    )
    assert (
        "Тасвирҳои SVG қабул карда намешаванд, зеро метавонанд скрипт дошта "
        "бошанд. Расмро ҳамчун PNG ё JPEG бор кунед."
    ) in response.content.decode()
    assert len(file_errors(response)) == 1
    assert not CustomImage.objects.exists()


def test_russian_editor_reads_russian(
    admin_client, admin_user, bucket, root_collection
):
    prefer(admin_user, "ru")
    response = post_image(
        admin_client, "Фото.jpg", image_bytes("PNG"), collection=root_collection
    )
    assert (
        "Содержимое «Фото.jpg» не является файлом .jpg. Сохраните его в этом "
        "формате и загрузите снова."
    ) in response.content.decode()


def test_english_editor_reads_english(
    admin_client, admin_user, bucket, root_collection
):
    prefer(admin_user, "en")
    response = post_document(
        admin_client, "setup.exe", b"MZ", collection=root_collection
    )
    assert (
        "Files like “setup.exe” cannot be uploaded here. Allowed file types: .csv"
    ) in response.content.decode()
    assert not CustomDocument.objects.exists()


def test_multiple_uploader_reports_the_refusal(admin_client, bucket, root_collection):
    response = post_multiple_image(
        admin_client, "logo.svg", b"<svg/>", collection_id=root_collection.pk
    )
    assert response.json()["success"] is False
    assert "SVG" in response.json()["error_message"]
    assert not CustomImage.objects.exists()
    assert bucket.list_keys() == []


def test_other_field_errors_never_park_the_unchecked_file(
    admin_client, bucket, root_collection
):
    """Wagtail's multiple uploader stores a file as-is when only other fields
    are invalid; the form ties such errors to the file so that never happens."""
    response = post_multiple_image(
        admin_client,
        "photo.jpg",
        image_bytes("JPEG"),
        collection_id=root_collection.pk,
        title="x" * 300,  # longer than a title may be
    )
    assert response.json()["success"] is False
    assert not UploadedFile.objects.exists()
    assert bucket.list_keys() == []

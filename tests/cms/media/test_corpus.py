"""Every file of the malicious corpus, uploaded through the admin onto S3, is
refused (a form error, no row, no object) or neutralised (the stored object
itself is checked)."""

import pytest

from cms.models import CustomDocument, CustomImage
from tests.cms.media.admin_uploads import post_document, post_image
from tests.cms.media.corpus import CORPUS, Case

pytestmark = pytest.mark.django_db

UPLOADS = {
    "image": (post_image, CustomImage),
    "document": (post_document, CustomDocument),
}


def test_corpus_is_large_and_varied():
    assert len(CORPUS) >= 20
    assert len({case.id for case in CORPUS}) == len(CORPUS)
    assert {case.kind for case in CORPUS} == {"image", "document"}
    assert any(case.refused for case in CORPUS)
    assert any(case.stored_check for case in CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_upload_is_refused_or_neutralised(
    case: Case, admin_client, bucket, root_collection, run_on_commit
):
    post, model = UPLOADS[case.kind]
    with run_on_commit():
        response = post(
            admin_client, case.name, case.build(), collection=root_collection, title="x"
        )

    if case.refused:
        assert response.status_code == 200
        errors = response.context["form"].errors.as_data()["file"]
        assert [error.code for error in errors] == [case.refused]
        assert errors[0].messages[0].strip()
        assert not model.objects.exists()
        assert bucket.list_keys() == []
        return

    assert response.status_code == 302, response.context["form"].errors
    instance = model.objects.get()
    assert bucket.list_keys(instance.file.name) == [instance.file.name]
    case.stored_check(instance.file.name, bucket.read(instance.file.name))

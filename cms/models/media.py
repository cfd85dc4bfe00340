"""The platform's image and document models.

Custom models from the start, so that media rules (upload checks, stored
renditions, agency ownership) can grow without migrating every reference to
Wagtail's stock models later. The rules themselves live in ``cms.media``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from cms.media.names import normalise_file_name
from cms.media.privacy import collection_is_private
from cms.media.storage import IMAGE_PREFIX, document_name
from cms.media.uploads import discarding_upload_on_failure, has_pending_upload
from cms.media.validators.documents import DOCUMENT_NAME_LENGTH
from cms.media.validators.images import IMAGE_NAME_LENGTH


def document_upload_to(instance: "CustomDocument", filename: str) -> str:
    """``documents/TOKEN/NAME``, or under ``private/`` for a document uploaded
    into a private collection (see ``cms.media.storage``)."""
    return document_name(
        file_name=normalise_file_name(
            filename, max_stem_length=DOCUMENT_NAME_LENGTH, fallback="document"
        ),
        private=collection_is_private(collection_id=instance.collection_id),
    )


class CustomImage(AbstractImage):
    """An uploaded image. Its ``description`` is the alternative text read to
    people who cannot see it."""

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]

    def get_upload_to(self, filename: str) -> str:
        # Wagtail's own would transliterate Tajik and Russian names to ASCII.
        return IMAGE_PREFIX + normalise_file_name(
            filename, max_stem_length=IMAGE_NAME_LENGTH, fallback="image"
        )

    def _set_image_file_metadata(self) -> None:
        # A checked upload was measured and hashed before it was stored:
        # measuring again would read it back from storage.
        if not has_pending_upload(self):
            super()._set_image_file_metadata()

    def save(self, *args: object, **kwargs: object) -> None:
        with discarding_upload_on_failure(instance=self):
            super().save(*args, **kwargs)


class CustomRendition(AbstractRendition):
    """A resized version of a :class:`CustomImage`."""

    image = models.ForeignKey(
        CustomImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    """An uploaded document (decree, form, report)."""

    file = models.FileField(
        upload_to=document_upload_to, max_length=255, verbose_name=_("file")
    )

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("choose_document", "Can choose document")]

    def clean(self) -> None:
        # No file here means the upload form refused it and said why already;
        # Wagtail's extension check would only repeat it.
        if self.file:
            super().clean()

    def _set_document_file_metadata(self) -> None:
        if not has_pending_upload(self):
            super()._set_document_file_metadata()

    def save(self, *args: object, **kwargs: object) -> None:
        with discarding_upload_on_failure(instance=self):
            super().save(*args, **kwargs)

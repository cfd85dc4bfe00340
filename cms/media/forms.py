"""The admin's image and document forms (WAGTAILIMAGES_IMAGE_FORM_BASE,
WAGTAILDOCS_DOCUMENT_FORM_BASE): every upload path of the admin (add, edit,
multiple upload, chooser upload) checks the file here and stores it here."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .uploads import StorageUnavailableError, store_checked_upload
from .validators import CheckedFile, check_document_upload, check_image_upload

STORAGE_UNAVAILABLE = _(
    "The file could not be saved because the media storage is not reachable. "
    "Nothing was saved; please try again in a few minutes."
)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, with the platform's checks in front of Wagtail's
    own: the cleaned value is the re-encoded, safely named image."""

    def __init__(self, **kwargs: object) -> None:
        # Empty files are refused by the checks, with the file's name.
        super().__init__(allow_empty_file=True, **kwargs)

    def to_python(self, data: UploadedFile[bytes] | None) -> CheckedFile | None:
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return check_image_upload(upload=upload)


class CheckedDocumentField(WagtailDocumentField):
    """Wagtail's document field, with the platform's checks."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(allow_empty_file=True, **kwargs)

    def to_python(self, data: UploadedFile[bytes] | None) -> CheckedFile | None:
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return check_document_upload(upload=upload)


if TYPE_CHECKING:
    from django.forms.utils import ErrorDict

    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage


class StoredUploadFormMixin:
    """Stores the checked file while the form is validated, so that a storage
    outage is a form error and a row is only ever saved for a stored file."""

    if TYPE_CHECKING:  # given by the model form this mixes into
        cleaned_data: dict[str, Any]
        errors: ErrorDict
        instance: AbstractImage | AbstractDocument

        def add_error(self, field: str | None, error: str | Promise) -> None: ...

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # Wagtail's form, after this mixin
        checked = self.cleaned_data.get("file")
        if not isinstance(checked, CheckedFile):
            return
        if self.errors:
            # Browsers do not keep a chosen file across a failed submission;
            # saying so also stops Wagtail's multiple uploader from parking the
            # unchecked original while the other fields are corrected.
            if "file" not in self.errors:
                self.add_error(
                    "file",
                    _("Correct the other fields, then choose the file again."),
                )
            return
        try:
            store_checked_upload(instance=self.instance, checked=checked)
        except StorageUnavailableError:
            self.add_error("file", STORAGE_UNAVAILABLE)


class ImageForm(StoredUploadFormMixin, BaseImageForm):
    """Wagtail's image form with checked, stored uploads."""

    file = CheckedImageField(
        label=_("File"),
        widget=BaseImageForm.Meta.widgets["file"],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Built per form, so that it is in the editor's language.
            self.fields["file"].help_text = _(
                "Accepted formats: %(formats)s; at most %(size)s and %(pixels)s "
                "million pixels. SVG is not accepted."
            ) % {
                "formats": ", ".join(
                    extension.upper() for extension in settings.WAGTAILIMAGES_EXTENSIONS
                ),
                "size": filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE),
                "pixels": f"{settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS / 1_000_000:g}",
            }

    class Meta(BaseImageForm.Meta):
        pass


class DocumentForm(StoredUploadFormMixin, BaseDocumentForm):
    """Wagtail's document form with checked, stored uploads."""

    file = CheckedDocumentField(
        label=_("File"),
        widget=BaseDocumentForm.Meta.widgets["file"],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].help_text = _(
                "Accepted formats: %(formats)s; at most %(size)s."
            ) % {
                "formats": ", ".join(
                    extension.upper() for extension in settings.WAGTAILDOCS_EXTENSIONS
                ),
                "size": filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE),
            }

    class Meta(BaseDocumentForm.Meta):
        pass

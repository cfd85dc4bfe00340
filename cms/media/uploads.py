"""Storing a checked upload: the one place uploads are written to storage.

The admin's upload forms store the checked file while the form is validated,
so that storage being unreachable is a form error (in the editor's language)
and no database row is ever written for a file that was not stored. The model
then saves without writing the file again; if that database write fails, the
stored object is deleted (:func:`discarding_upload_on_failure`), so neither a
row without an object nor an object without a row is left behind.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db.models import Model
from django.db.models.fields.files import FieldFile

from wagtail.utils.file import hash_filelike

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError

from .validators import CheckedFile

if TYPE_CHECKING:
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage

logger = logging.getLogger(__name__)

# Errors a storage backend raises when it cannot store a file.
STORAGE_ERRORS = (BotoCoreError, ClientError, Boto3Error, OSError)
# Set on a model instance whose file was stored by store_checked_upload and
# whose row is not saved yet.
PENDING_UPLOAD = "_media_pending_upload"


class StorageUnavailableError(Exception):
    """The media storage could not store an upload (unreachable, refusing)."""


def store_checked_upload(
    *,
    instance: "AbstractImage | AbstractDocument",
    checked: CheckedFile,
    field_name: str = "file",
) -> str:
    """Write a checked upload to storage for ``instance``'s file field.

    The field keeps the in-memory content, marked as already stored, so the
    model's save writes only its row; size and hash are set from the checked
    bytes. Returns the stored name; raises :class:`StorageUnavailableError`.
    """
    field_file = getattr(instance, field_name)
    field = field_file.field
    name = field.generate_filename(instance, checked.name)
    try:
        stored: str = field_file.storage.save(
            name, checked, max_length=field.max_length
        )
    except STORAGE_ERRORS as error:
        logger.warning("Could not store upload %s: %s", name, error)
        raise StorageUnavailableError(name) from error
    checked.seek(0)
    instance.file_size = checked.size
    instance.file_hash = hash_filelike(checked)
    checked.seek(0)
    field_file.file = checked
    field_file.name = stored
    field_file._committed = True
    setattr(instance, PENDING_UPLOAD, stored)
    return stored


def has_pending_upload(instance: Model) -> bool:
    """Whether ``instance``'s file was just stored and its metadata set."""
    return bool(getattr(instance, PENDING_UPLOAD, None))


@contextmanager
def discarding_upload_on_failure(
    *, instance: Model, field_name: str = "file"
) -> Iterator[None]:
    """Delete the object stored for ``instance`` if its save fails."""
    pending = getattr(instance, PENDING_UPLOAD, None)
    try:
        yield
    except BaseException:
        if pending:
            delete_quietly(file=getattr(instance, field_name), name=pending)
            setattr(instance, PENDING_UPLOAD, None)
        raise
    setattr(instance, PENDING_UPLOAD, None)


def delete_quietly(*, file: FieldFile, name: str) -> None:
    """Delete a stored file, logging rather than raising if storage fails."""
    try:
        file.storage.delete(name)
    except STORAGE_ERRORS:
        logger.exception(
            "Could not delete %s; `manage.py media_check` will list it", name
        )

"""What ``manage.py media_check`` compares: database rows against stored objects.

For backup and restore drills: after restoring a database and a bucket from
backups taken at different moments, rows may point at objects that are gone
and objects may be left that no row names. Private documents whose object is
still under a public key (a move that failed while storage was down) are
reported too, as they are readable by anyone who knows the key.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.core.files.storage import Storage, default_storage
from django.db.models import Model
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from .privacy import private_document_ids
from .storage import MANAGED_PREFIXES, MediaStorage, is_private_name


@dataclass(frozen=True)
class Row:
    """A database row that names a stored file."""

    model: str
    pk: int
    name: str


@dataclass
class MediaInventory:
    """The differences between the database and the storage."""

    missing: list[Row] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    exposed: list[Row] = field(default_factory=list)
    misplaced: list[Row] = field(default_factory=list)

    @property
    def is_consistent(self) -> bool:
        return not (self.missing or self.orphaned or self.exposed or self.misplaced)


def recorded_files() -> Iterator[Row]:
    """Every (row, file name) of the media models and Wagtail's parked uploads."""
    image_model = get_image_model()
    models: list[type[Model]] = [
        image_model,
        image_model.get_rendition_model(),
        get_document_model(),
        UploadedFile,
    ]
    for model in models:
        label = model._meta.label_lower
        for pk, name in model._default_manager.values_list("pk", "file").iterator():
            if name:
                yield Row(model=label, pk=pk, name=name)


def stored_files(*, storage: Storage = default_storage) -> dict[str, datetime]:
    """Every stored object under the managed prefixes, with its last change."""
    if isinstance(storage, MediaStorage):
        return stored_objects(storage=storage)
    found = {}
    # Any other storage is a FileSystemStorage (settings.dev, settings.test).
    root = Path(storage.location)  # type: ignore[attr-defined]
    for prefix in MANAGED_PREFIXES:
        for directory, _dirs, files in os.walk(root / prefix):
            for file_name in files:
                path = Path(directory) / file_name
                found[path.relative_to(root).as_posix()] = datetime.fromtimestamp(
                    path.stat().st_mtime, tz=timezone.get_current_timezone()
                )
    return found


def stored_objects(*, storage: MediaStorage) -> dict[str, datetime]:
    """Objects in the bucket, listed a thousand keys per request."""
    found = {}
    location = storage.location.strip("/")
    paginator = storage.connection.meta.client.get_paginator("list_objects_v2")
    for prefix in MANAGED_PREFIXES:
        full_prefix = f"{location}/{prefix}" if location else prefix
        for page in paginator.paginate(Bucket=storage.bucket_name, Prefix=full_prefix):
            for entry in page.get("Contents", ()):
                key = entry["Key"]
                name = key[len(location) + 1 :] if location else key
                found[name] = entry["LastModified"]
    return found


def take_media_inventory(*, grace: timedelta) -> MediaInventory:
    """Compare rows and objects. Objects younger than ``grace`` are not called
    orphans: an upload stores its object just before its row is committed."""
    stored = stored_files()
    rows = list(recorded_files())
    recorded = {row.name for row in rows}
    private = private_document_ids()
    document_label = get_document_model()._meta.label_lower
    inventory = MediaInventory()
    for row in rows:
        if row.name not in stored:
            inventory.missing.append(row)
        if row.model == document_label:
            if row.pk in private and not is_private_name(row.name):
                inventory.exposed.append(row)
            elif row.pk not in private and is_private_name(row.name):
                inventory.misplaced.append(row)
    cutoff = timezone.now() - grace
    inventory.orphaned = sorted(
        name
        for name, modified in stored.items()
        if name not in recorded and modified <= cutoff
    )
    return inventory

"""System checks for the media settings."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from wagtail.images.models import Filter

from .formats import DOCUMENT_FORMATS, IMAGE_FORMATS
from .storage import is_object_storage


def check_media_settings(**kwargs: object) -> list[CheckMessage]:
    """Named renditions parse, and every allowed extension has a content rule."""
    errors: list[CheckMessage] = []
    for name, spec in settings.MEDIA_RENDITION_SPECS.items():
        try:
            Filter(spec).operations  # noqa: B018 - parsing validates the spec
        except Exception as error:  # Wagtail raises several types for bad specs
            errors.append(
                Error(
                    f"MEDIA_RENDITION_SPECS[{name!r}] = {spec!r} is not a valid "
                    f"Wagtail filter spec: {error}",
                    id="cms.E001",
                )
            )
    for setting, formats in (
        ("WAGTAILIMAGES_EXTENSIONS", IMAGE_FORMATS),
        ("WAGTAILDOCS_EXTENSIONS", DOCUMENT_FORMATS),
    ):
        unknown = sorted(set(getattr(settings, setting)) - set(formats))
        if unknown:
            errors.append(
                Error(
                    f"{setting} allows {', '.join(unknown)}, which cms.media has no "
                    "content check for: uploads of that type would all be refused.",
                    hint="Add a rule to cms/media/formats.py or remove the extension.",
                    id="cms.E002",
                )
            )
    return errors


def check_media_deployment(**kwargs: object) -> list[CheckMessage]:
    """In production, media belong in object storage (stateless servers)."""
    if is_object_storage():
        return []
    return [
        Warning(
            "Media are stored on this server's disk (MEDIA_ROOT): application "
            "servers are not stateless and uploads are lost with the server.",
            hint="Set AWS_STORAGE_BUCKET_NAME and the other S3 variables "
            "(see README, 'Media').",
            id="cms.W001",
        )
    ]

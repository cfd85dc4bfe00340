"""Where media are stored: the object key layout and the S3 storage backend.

Key layout, the same on S3 and on local disk:

- ``original_images/NAME`` uploaded images (after their checks);
- ``images/NAME`` renditions;
- ``documents/TOKEN/NAME`` public documents;
- ``private/documents/TOKEN/NAME`` documents that only some people may read.

Everything outside ``private/`` may be read by anyone (through the CDN); the
bucket policy from :func:`public_read_policy` grants exactly that, so objects
under ``private/`` can only be read through a short-lived signed URL. The
random ``TOKEN`` directory keeps document names readable while making keys
unguessable, and lets a document move between the two places without
changing its file name (and so its download URL).
"""

import secrets
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, default_storage

from botocore.config import Config
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from .formats import content_type_for

IMAGE_PREFIX = "original_images/"
RENDITION_PREFIX = "images/"
DOCUMENT_PREFIX = "documents/"
PRIVATE_PREFIX = "private/"
PRIVATE_DOCUMENT_PREFIX = PRIVATE_PREFIX + DOCUMENT_PREFIX
# Wagtail parks uploads here while an editor completes a multiple upload.
WAGTAIL_UPLOAD_PREFIX = "uploaded_files/"
PUBLIC_PREFIXES = (IMAGE_PREFIX, RENDITION_PREFIX, DOCUMENT_PREFIX)
MANAGED_PREFIXES = (*PUBLIC_PREFIXES, PRIVATE_PREFIX, WAGTAIL_UPLOAD_PREFIX)

# Images and renditions never change under a key: cache them for a year.
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"
# A public document can become private: keep CDN copies short-lived.
DOCUMENT_CACHE_CONTROL = "public, max-age=600"
PRIVATE_CACHE_CONTROL = "private, no-store"


def is_private_name(name: str) -> bool:
    """Whether an object of this name is kept unreadable without a signature."""
    return name.startswith(PRIVATE_PREFIX)


def document_name(*, file_name: str, private: bool) -> str:
    """A fresh key for a document file: a random directory, then its name."""
    prefix = PRIVATE_DOCUMENT_PREFIX if private else DOCUMENT_PREFIX
    return f"{prefix}{secrets.token_urlsafe(12)}/{file_name}"


def is_object_storage(storage: Storage = default_storage) -> bool:
    """Whether media live in object storage (S3) rather than on local disk."""
    # Lazy storages (default_storage) report their wrapped class to isinstance.
    return isinstance(storage, S3Storage)


def public_read_policy(*, bucket_name: str) -> dict[str, Any]:
    """The bucket policy that lets anyone (the CDN, browsers) read public media
    and nobody read ``private/`` without a signed URL."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [
                    f"arn:aws:s3:::{bucket_name}/{prefix}*"
                    for prefix in PUBLIC_PREFIXES
                ],
            }
        ],
    }


def client_config() -> Config:
    """botocore settings for every S3 call: bounded timeouts and retries,
    signature v4 (needed for signed URLs on every S3 implementation)."""
    return Config(
        connect_timeout=settings.MEDIA_S3_CONNECT_TIMEOUT,
        read_timeout=settings.MEDIA_S3_READ_TIMEOUT,
        retries={"max_attempts": settings.MEDIA_S3_MAX_ATTEMPTS, "mode": "standard"},
        signature_version="s3v4",
        s3={"addressing_style": getattr(settings, "AWS_S3_ADDRESSING_STYLE", None)},
    )


class MediaStorage(S3Storage):
    """django-storages' S3 backend with the platform's rules.

    - Never overwrites: two uploads named ``decree.pdf`` get two objects.
    - Public objects get plain (CDN) URLs computed locally, without a request;
      ``private/`` objects get URLs signed for ``MEDIA_PRIVATE_URL_TTL``
      seconds, always on the S3 endpoint (a CDN must not cache them).
    - The Content-Type comes from the (checked) extension, never from the
      browser's claim at upload, and Cache-Control from the key's place.
    """

    def get_default_settings(self) -> dict[str, Any]:
        defaults: dict[str, Any] = super().get_default_settings()
        defaults.update(
            file_overwrite=False,
            querystring_auth=False,
            querystring_expire=settings.MEDIA_PRIVATE_URL_TTL,
            default_acl=None,
            client_config=client_config(),
        )
        return defaults

    def get_object_parameters(self, name: str) -> dict[str, Any]:
        parameters: dict[str, Any] = super().get_object_parameters(name)
        relative = name.removeprefix(self.location.rstrip("/") + "/")
        parameters["ContentType"] = content_type_for(relative)
        if is_private_name(relative):
            parameters["CacheControl"] = PRIVATE_CACHE_CONTROL
        elif relative.startswith(DOCUMENT_PREFIX):
            parameters["CacheControl"] = DOCUMENT_CACHE_CONTROL
        else:
            parameters["CacheControl"] = IMMUTABLE_CACHE_CONTROL
        return parameters

    def url(
        self,
        name: str,
        parameters: dict[str, str] | None = None,
        expire: int | None = None,
        http_method: str | None = None,
    ) -> str:
        if is_private_name(clean_name(name)):
            return self.signed_url(name, parameters=parameters, expire=expire)
        url: str = super().url(name, parameters, expire, http_method)
        return url

    def signed_url(
        self,
        name: str,
        *,
        parameters: dict[str, str] | None = None,
        expire: int | None = None,
    ) -> str:
        """A GET URL signed for ``expire`` seconds (default
        ``MEDIA_PRIVATE_URL_TTL``), on the S3 endpoint itself. Computed
        locally: signing makes no request."""
        signed: str = self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params={
                **(parameters or {}),
                "Bucket": self.bucket_name,
                "Key": self._normalize_name(clean_name(name)),
            },
            ExpiresIn=expire or settings.MEDIA_PRIVATE_URL_TTL,
        )
        return signed

    def copy(self, source: str, target: str) -> None:
        """Copy an object server-side, with the target key's headers."""
        target_key = self._normalize_name(clean_name(target))
        self.connection.meta.client.copy_object(
            Bucket=self.bucket_name,
            Key=target_key,
            CopySource={
                "Bucket": self.bucket_name,
                "Key": self._normalize_name(clean_name(source)),
            },
            MetadataDirective="REPLACE",
            **self.get_object_parameters(target_key),
        )


def copy_object(*, storage: Storage, source: str, target: str) -> None:
    """Copy a stored file to a new name in the same storage."""
    if isinstance(storage, MediaStorage):
        storage.copy(source, target)
        return
    with storage.open(source, "rb") as content:
        saved = storage.save(target, content)
    if saved != target:
        storage.delete(saved)
        raise FileExistsError(target)

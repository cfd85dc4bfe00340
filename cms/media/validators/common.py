"""What every upload check shares: the result type, sizes and refusals."""

import re
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from django_stubs_ext import StrOrPromise

from ..formats import extension_of

# Markup that makes a browser, an old mail client or a sniffing proxy treat a
# file as a web page. Legitimate images, PDFs and office files never carry it
# where browsers sniff (the first KiB); text files may not carry it at all.
MARKUP = re.compile(
    rb"<(?:script|html|!doctype\s+html|svg|iframe|body|object|embed|\?php)\b",
    re.IGNORECASE,
)
SNIFFED_PREFIX = 1024


# What the checks read: a Django upload or any binary file object.
Upload = IO[bytes] | File[Any]


class CheckedFile(ContentFile[bytes]):
    """An upload that passed its checks: the bytes to store (re-encoded for
    images) under the normalised name, with the Content-Type of its real
    format (never the browser's claim)."""

    def __init__(self, content: bytes, *, name: str, content_type: str) -> None:
        super().__init__(content, name=name)
        self.content_type = content_type


def refuse(message: StrOrPromise, *, code: str, **params: object) -> ValidationError:
    """A refusal shown to the editor under the file field."""
    return ValidationError(message, code=code, params=params)


def read_upload(upload: Upload, *, name: str, limit: int) -> bytes:
    """The upload's bytes, refusing empty and oversized files before reading
    more than ``limit`` + 1 bytes."""
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise too_large(name=name, size=declared, limit=limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if not data:
        raise refuse(
            _("The file “%(name)s” is empty."),
            code="empty",
            name=name,
        )
    if len(data) > limit:
        raise too_large(name=name, size=declared or len(data), limit=limit)
    return data


def too_large(*, name: str, size: int, limit: int) -> ValidationError:
    return refuse(
        _(
            "The file “%(name)s” is %(size)s; files of this kind may be at most "
            "%(limit)s."
        ),
        code="file_too_large",
        name=name,
        size=filesizeformat(size),
        limit=filesizeformat(limit),
    )


def check_extension(*, name: str, allowed: list[str]) -> str:
    """The name's extension, if it is one of ``allowed``."""
    extension = extension_of(name)
    if extension == "svg" or extension == "svgz":
        raise refuse(
            _(
                "SVG images are not accepted, because they can contain scripts. "
                "Upload the picture as PNG or JPEG."
            ),
            code="svg",
        )
    if extension not in allowed:
        raise refuse(
            _(
                "Files like “%(name)s” cannot be uploaded here. Allowed file "
                "types: %(allowed)s."
            ),
            code="extension_not_allowed",
            name=name,
            allowed=", ".join(f".{item}" for item in allowed),
        )
    return extension


def mismatch(*, name: str, extension: str) -> ValidationError:
    return refuse(
        _(
            "The content of “%(name)s” is not a .%(extension)s file. Save it in "
            "that format and upload it again."
        ),
        code="content_mismatch",
        name=name,
        extension=extension,
    )


def check_no_markup(data: bytes, *, name: str) -> None:
    """Refuse files that carry web page code where browsers would sniff it."""
    if MARKUP.search(data):
        raise refuse(
            _(
                "“%(name)s” contains web page code (HTML or scripts) and cannot "
                "be uploaded."
            ),
            code="markup",
            name=name,
        )

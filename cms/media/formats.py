"""The file formats the platform accepts, by extension.

One table for the upload checks (what an extension must contain), the storage
(which Content-Type an object is served with, whatever the browser claimed at
upload) and the system check that every allowed extension has a rule.
"""

from dataclasses import dataclass
from enum import StrEnum


class Family(StrEnum):
    """How a format's content is checked."""

    JPEG = "jpeg"
    PNG = "png"
    GIF = "gif"
    WEBP = "webp"
    PDF = "pdf"
    OOXML = "ooxml"
    ODF = "odf"
    RTF = "rtf"
    TEXT = "text"


@dataclass(frozen=True)
class Format:
    """An accepted file format: its check family and Content-Type."""

    family: Family
    content_type: str
    # For ZIP-based office formats: the member that identifies the application
    # (OOXML) or the exact content of the ``mimetype`` member (ODF).
    marker: str = ""


IMAGE_FORMATS: dict[str, Format] = {
    "jpg": Format(Family.JPEG, "image/jpeg"),
    "jpeg": Format(Family.JPEG, "image/jpeg"),
    "png": Format(Family.PNG, "image/png"),
    "gif": Format(Family.GIF, "image/gif"),
    "webp": Format(Family.WEBP, "image/webp"),
}

DOCUMENT_FORMATS: dict[str, Format] = {
    "pdf": Format(Family.PDF, "application/pdf"),
    "docx": Format(
        Family.OOXML,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        marker="word/document.xml",
    ),
    "xlsx": Format(
        Family.OOXML,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        marker="xl/workbook.xml",
    ),
    "pptx": Format(
        Family.OOXML,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        marker="ppt/presentation.xml",
    ),
    "odt": Format(
        Family.ODF,
        "application/vnd.oasis.opendocument.text",
        marker="application/vnd.oasis.opendocument.text",
    ),
    "ods": Format(
        Family.ODF,
        "application/vnd.oasis.opendocument.spreadsheet",
        marker="application/vnd.oasis.opendocument.spreadsheet",
    ),
    "rtf": Format(Family.RTF, "application/rtf"),
    "txt": Format(Family.TEXT, "text/plain; charset=utf-8"),
    "csv": Format(Family.TEXT, "text/csv; charset=utf-8"),
}

# What anything else is served as: browsers download it, never render it.
FALLBACK_CONTENT_TYPE = "application/octet-stream"


def extension_of(name: str) -> str:
    """The lower-case extension of a file name, without its dot ("" if none)."""
    stem, dot, extension = name.rpartition("/")[2].rpartition(".")
    return extension.lower() if dot and stem else ""


def content_type_for(name: str) -> str:
    """The Content-Type an object of this name is served with."""
    extension = extension_of(name)
    known = IMAGE_FORMATS.get(extension) or DOCUMENT_FORMATS.get(extension)
    return known.content_type if known else FALLBACK_CONTENT_TYPE

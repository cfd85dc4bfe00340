"""Document uploads: checked and stored as uploaded, or refused.

Documents are not rewritten (a decree's PDF must stay the signed original), so
whatever could act on a reader's machine is refused instead: PDFs with
scripts, launch actions, embedded files or encryption that hides their
content; office files with macros, ActiveX or templates fetched from the
network; RTF with embedded objects; ZIP bombs; text that is not UTF-8 text.
"""

import io
import re
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..formats import DOCUMENT_FORMATS, Family, Format
from ..names import normalise_file_name
from .common import (
    SNIFFED_PREFIX,
    CheckedFile,
    Upload,
    check_extension,
    check_no_markup,
    mismatch,
    read_upload,
    refuse,
)

DOCUMENT_NAME_LENGTH = 100

# PDF names that make a reader run code, open other programs or files, or
# carry files of their own. Matched after undoing #xx escapes (/J#61vaScript).
PDF_ACTIVE_NAMES = {
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"XFA",
}
PDF_ACTIVE = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9#])"
)
PDF_ENCRYPT = re.compile(rb"/Encrypt(?![A-Za-z0-9#])")
PDF_ESCAPED_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*#[0-9A-Fa-f]{2}[^\s/<>\[\]()%{}]*")
PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm")
# A stream object: "N G obj", a dictionary without strings or comments (so the
# keyword cannot hide in either), then "stream" and its end of line.
PDF_STREAM_OBJECT = re.compile(
    rb"(?<![0-9])[0-9]+\s+[0-9]+\s+obj\s*(<<[^()%]{0,4096}?>>)\s*stream(?:\r\n|\n)"
)
PDF_LENGTH = re.compile(rb"/Length\s+([0-9]+)(?:\s+([0-9]+)\s+R)?")
PDF_STREAM_END = re.compile(rb"\s*endstream")
PDF_TRAILING_JUNK = b" \t\r\n\x00\x0c"
# Object streams hold compressed dictionaries: inflated to look inside them,
# never past this many bytes in all.
PDF_INFLATE_BUDGET = 64 * 1024 * 1024

RTF_OBJECT = re.compile(rb"\\obj[a-z]*")
# Relationship types that make an office suite fetch something when opening.
OOXML_EXTERNAL = re.compile(
    rb"Type=\"[^\"]*/(?:attachedTemplate|oleObject|frame|subDocument)\"[^>]*"
    rb"TargetMode=\"External\"|TargetMode=\"External\"[^>]*"
    rb"Type=\"[^\"]*/(?:attachedTemplate|oleObject|frame|subDocument)\"",
)
RELS_READ_LIMIT = 1024 * 1024
TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_document_upload(*, upload: Upload) -> CheckedFile:
    """Check an uploaded document and return it under its safe name.

    Raises ``ValidationError`` with a message for the editor otherwise.
    """
    name = normalise_file_name(
        getattr(upload, "name", "") or "",
        max_stem_length=DOCUMENT_NAME_LENGTH,
        fallback="document",
    )
    allowed = [
        ext for ext in settings.WAGTAILDOCS_EXTENSIONS if ext in DOCUMENT_FORMATS
    ]
    extension = check_extension(name=name, allowed=allowed)
    data = read_upload(upload, name=name, limit=settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
    document_format = DOCUMENT_FORMATS[extension]
    check_no_markup(data[:SNIFFED_PREFIX], name=name)
    CHECKS[document_format.family](
        data, name=name, extension=extension, document_format=document_format
    )
    return CheckedFile(data, name=name, content_type=document_format.content_type)


def check_pdf(data: bytes, *, name: str, extension: str, **_kwargs: object) -> None:
    # The header must come first: a file that starts as something else
    # (an HTML page, a script) is that something else to a browser.
    if not (data.startswith((b"%PDF-1.", b"%PDF-2."))):
        raise mismatch(name=name, extension=extension)
    end = data.rfind(b"%%EOF")
    if end == -1 or data[end + 5 :].strip(PDF_TRAILING_JUNK):
        raise refuse(
            _(
                "The PDF “%(name)s” is damaged or has other data after its end. "
                "Save it again as PDF and upload the new file."
            ),
            code="pdf_damaged",
            name=name,
        )
    # Names are looked for in the PDF's structure (objects and dictionaries,
    # including those compressed in object streams), not in stream data:
    # a scanned page's image bytes contain "/JS" by chance.
    inflated = inflate_object_streams(data, name=name)
    for chunk in (without_stream_data(data), *inflated):
        if PDF_ENCRYPT.search(chunk) or any(
            decoded == b"Encrypt" for decoded in escaped_names(chunk)
        ):
            raise refuse(
                _(
                    "The PDF “%(name)s” is encrypted or password-protected, so its "
                    "content cannot be checked. Save it without protection and "
                    "upload it again."
                ),
                code="pdf_encrypted",
                name=name,
            )
        if PDF_ACTIVE.search(chunk) or PDF_ACTIVE_NAMES & set(escaped_names(chunk)):
            raise refuse(
                _(
                    "The PDF “%(name)s” contains scripts, embedded files or other "
                    "active content, which are not accepted. Print it to a new PDF "
                    "and upload that."
                ),
                code="pdf_active_content",
                name=name,
            )


def without_stream_data(data: bytes) -> bytes:
    """The PDF with the content of its well-formed streams left out.

    A stream's bytes are skipped only when its dictionary gives its exact
    length (directly or through an indirect object) and ``endstream``
    follows; anything else is scanned, so a malformed stream cannot hide a
    dictionary from the checks. This is a careful scanner, not a PDF parser.
    """
    kept = []
    position = 0
    while match := PDF_STREAM_OBJECT.search(data, position):
        start = match.end()
        length = stream_length(match.group(1), data)
        if length is not None and PDF_STREAM_END.match(data, start + length):
            kept.append(data[position:start])
            position = start + length
        else:
            kept.append(data[position:start])
            position = start
    kept.append(data[position:])
    return b"".join(kept)


def stream_length(dictionary: bytes, data: bytes) -> int | None:
    """A stream's /Length: a number, or a reference to an object holding one."""
    match = PDF_LENGTH.search(dictionary)
    if match is None:
        return None
    if match.group(2) is None:
        return int(match.group(1))
    referenced = re.search(
        rb"(?<![0-9])"
        + match.group(1)
        + rb"\s+"
        + match.group(2)
        + rb"\s+obj\s*([0-9]+)\s*endobj",
        data,
    )
    return int(referenced.group(1)) if referenced else None


def escaped_names(chunk: bytes) -> list[bytes]:
    """PDF names written with #xx escapes, decoded (without the slash)."""
    return [
        PDF_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), raw[1:])
        for raw in PDF_ESCAPED_NAME.findall(chunk)
    ]


def inflate_object_streams(data: bytes, *, name: str) -> list[bytes]:
    """The inflated content of every compressed object stream, where PDF 1.5+
    writers put dictionaries (and so any /JavaScript)."""
    inflated = []
    budget = PDF_INFLATE_BUDGET
    for match in PDF_OBJECT_STREAM.finditer(data):
        start = data.find(b"stream", match.end())
        if start == -1:
            continue
        start += len(b"stream")
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        stop = data.find(b"endstream", start)
        if stop == -1:
            continue
        decompressor = zlib.decompressobj()
        try:
            content = decompressor.decompress(data[start:stop], budget + 1)
        except zlib.error:
            # Not Flate-compressed (or damaged): the raw bytes were scanned.
            continue
        budget -= len(content)
        if budget < 0:
            raise too_complex(name=name)
        inflated.append(content)
    return inflated


def too_complex(*, name: str) -> ValidationError:
    return refuse(
        _("“%(name)s” would unpack to more than %(limit)s; it cannot be accepted."),
        code="archive_too_large",
        name=name,
        limit=filesizeformat(settings.MEDIA_ARCHIVE_MAX_UNPACKED_SIZE),
    )


def open_archive(data: bytes, *, name: str, extension: str) -> zipfile.ZipFile:
    """The document's ZIP container, refusing bombs and unsafe member names."""
    if not data.startswith(b"PK\x03\x04"):
        raise mismatch(name=name, extension=extension)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise damaged(name=name) from error
    if len(members) > settings.MEDIA_ARCHIVE_MAX_MEMBERS or (
        sum(member.file_size for member in members)
        > settings.MEDIA_ARCHIVE_MAX_UNPACKED_SIZE
    ):
        raise too_complex(name=name)
    for member in members:
        path = PurePosixPath(member.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in member.filename:
            raise damaged(name=name)
    return archive


def damaged(*, name: str) -> ValidationError:
    return refuse(
        _("“%(name)s” is damaged: its parts cannot be read."),
        code="archive_damaged",
        name=name,
    )


def macros(*, name: str) -> ValidationError:
    return refuse(
        _(
            "“%(name)s” contains macros or embedded programs, which are not "
            "accepted. Save it without macros and upload it again."
        ),
        code="macros",
        name=name,
    )


def read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, name: str
) -> bytes:
    try:
        with archive.open(member) as stream:
            return stream.read(RELS_READ_LIMIT)
    except (zipfile.BadZipFile, NotImplementedError, zlib.error, OSError) as error:
        raise damaged(name=name) from error


def check_ooxml(
    data: bytes, *, name: str, extension: str, document_format: Format
) -> None:
    archive = open_archive(data, name=name, extension=extension)
    names = {member.filename for member in archive.infolist()}
    if "[Content_Types].xml" not in names or document_format.marker not in names:
        raise mismatch(name=name, extension=extension)
    lowered = {item.lower() for item in names}
    if any(
        item.endswith(("vbaproject.bin", ".vba")) or "/activex/" in item
        for item in lowered
    ):
        raise macros(name=name)
    if b"macroEnabled" in read_member(
        archive, archive.getinfo("[Content_Types].xml"), name=name
    ):
        raise macros(name=name)
    for member in archive.infolist():
        if member.filename.endswith(".rels") and OOXML_EXTERNAL.search(
            read_member(archive, member, name=name)
        ):
            raise refuse(
                _(
                    "“%(name)s” loads content from another address when it is "
                    "opened, which is not accepted. Save a copy without links to "
                    "templates or objects elsewhere and upload it."
                ),
                code="external_content",
                name=name,
            )


def check_odf(
    data: bytes, *, name: str, extension: str, document_format: Format
) -> None:
    archive = open_archive(data, name=name, extension=extension)
    members = archive.infolist()
    # The OpenDocument rule: "mimetype" first, stored, naming the format.
    if (
        not members
        or members[0].filename != "mimetype"
        or read_member(archive, members[0], name=name).strip()
        != document_format.marker.encode()
    ):
        raise mismatch(name=name, extension=extension)
    if any(
        member.filename.startswith(("Basic/", "Scripts/"))
        or member.filename.lower().endswith(".bin")
        for member in members
    ):
        raise macros(name=name)


def check_rtf(data: bytes, *, name: str, extension: str, **_kwargs: object) -> None:
    if not data.startswith(b"{\\rtf1"):
        raise mismatch(name=name, extension=extension)
    if RTF_OBJECT.search(data):
        raise refuse(
            _(
                "“%(name)s” contains embedded objects, which are not accepted. "
                "Save it as PDF or .docx instead."
            ),
            code="rtf_objects",
            name=name,
        )


def check_text(data: bytes, *, name: str, extension: str, **_kwargs: object) -> None:
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        if b"\x00" in data:
            raise mismatch(name=name, extension=extension) from error
        raise refuse(
            _(
                "“%(name)s” is not saved as UTF-8 text. Save it with the UTF-8 "
                "encoding and upload it again."
            ),
            code="text_encoding",
            name=name,
        ) from error
    if TEXT_CONTROL.search(text):
        raise mismatch(name=name, extension=extension)
    check_no_markup(data, name=name)


class FamilyCheck(Protocol):
    """Refuses ``data`` unless it is a well-formed file of its family."""

    def __call__(
        self, data: bytes, *, name: str, extension: str, document_format: Format
    ) -> None: ...


CHECKS: dict[Family, FamilyCheck] = {
    Family.PDF: check_pdf,
    Family.OOXML: check_ooxml,
    Family.ODF: check_odf,
    Family.RTF: check_rtf,
    Family.TEXT: check_text,
}

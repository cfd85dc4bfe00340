"""The upload checks on their own (no database, no storage)."""

import io
import os

from django.core.exceptions import ValidationError

import pytest
from PIL import Image

from cms.media.formats import DOCUMENT_FORMATS, IMAGE_FORMATS
from cms.media.validators import check_document_upload, check_image_upload
from tests.factories.media import (
    animated_gif_bytes,
    image_bytes,
    pdf_bytes,
    upload,
    valid_document_bytes,
)

PILLOW_NAMES = {
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WEBP",
}


@pytest.mark.parametrize("extension", sorted(IMAGE_FORMATS))
def test_every_image_format_is_accepted(extension: str):
    checked = check_image_upload(
        upload=upload(f"Акс.{extension}", image_bytes(PILLOW_NAMES[extension]))
    )
    assert checked.name == f"Акс.{extension}"
    assert checked.content_type == IMAGE_FORMATS[extension].content_type
    assert Image.open(io.BytesIO(checked.read())).format == PILLOW_NAMES[extension]


def test_animations_keep_their_frames():
    checked = check_image_upload(upload=upload("anim.gif", animated_gif_bytes()))
    assert Image.open(io.BytesIO(checked.read())).n_frames == 3


def test_photos_keep_their_orientation_but_no_other_metadata():
    image = Image.linear_gradient("L").resize((300, 200)).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°
    exif[0x010F] = "CameraMaker"
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    stored = Image.open(
        io.BytesIO(check_image_upload(upload=upload("a.jpg", output.getvalue())).read())
    )
    assert dict(stored.getexif()) == {0x0112: 6}


@pytest.mark.parametrize("extension", sorted(DOCUMENT_FORMATS))
def test_every_document_format_is_accepted(extension: str):
    content = valid_document_bytes(extension)
    checked = check_document_upload(upload=upload(f"Ҳуҷҷат.{extension}", content))
    assert checked.name == f"Ҳуҷҷат.{extension}"
    assert checked.read() == content  # documents are stored as uploaded
    assert checked.content_type == DOCUMENT_FORMATS[extension].content_type


def pdf_with_stream(dictionary: bytes, data: bytes, *, extra: bytes = b"") -> bytes:
    """A PDF with an extra stream object (say, a scanned page's image)."""
    stream = b"5 0 obj\n" + dictionary + b"\nstream\n" + data + b"\nendstream\nendobj\n"
    return pdf_bytes().replace(b"xref\n", stream + extra + b"xref\n", 1)


def test_image_data_of_a_scan_is_not_mistaken_for_scripts():
    data = os.urandom(4000) + b"/JavaScript /JS (x) /Launch" + os.urandom(4000)
    direct = pdf_with_stream(
        b"<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length "
        + str(len(data)).encode()
        + b" >>",
        data,
    )
    check_document_upload(upload=upload("scan.pdf", direct))
    indirect = pdf_with_stream(
        b"<< /Filter /DCTDecode /Length 6 0 R >>",
        data,
        extra=b"6 0 obj\n" + str(len(data)).encode() + b"\nendobj\n",
    )
    check_document_upload(upload=upload("scan.pdf", indirect))


@pytest.mark.parametrize(
    "disguise",
    [
        # the "stream" keyword inside a string: the script is real PDF syntax
        b"7 0 obj << /Title (<< /Length 60 >>stream\n) >> endobj\n",
        # the "stream" keyword inside a comment
        b"7 0 obj % << /Length 60 >> stream\n",
        # a stream whose length does not end where "endstream" is
        b"7 0 obj << /Length 3 >> stream\n",
    ],
)
def test_a_fake_stream_cannot_hide_a_script(disguise: bytes):
    hidden = b"8 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n(endstream)\n"
    content = pdf_bytes().replace(b"xref\n", disguise + hidden + b"xref\n", 1)
    with pytest.raises(ValidationError) as refused:
        check_document_upload(upload=upload("form.pdf", content))
    assert refused.value.code == "pdf_active_content"

"""Media benchmark: what the upload checks and rendition generation cost.

    DJANGO_SETTINGS_MODULE=settings.dev python bench/media_uploads.py
        # options: --width 4000 --height 3000 --pdf-bytes N --runs 5

Pure CPU work on files built in memory (no database, no storage): the time
an editor waits for the checks of a large photo and a large PDF, and for the
renditions generated after an upload. Figures are medians of 5 runs on this
machine; compare runs on the same machine only.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import File  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from wagtail.images.models import Filter  # noqa: E402

from PIL import Image  # noqa: E402

from cms.media.renditions import generated_specs  # noqa: E402
from cms.media.validators import (  # noqa: E402
    check_document_upload,
    check_image_upload,
)
from cms.models import CustomImage  # noqa: E402

RUNS = 5


def median_seconds(work, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def photo(width: int, height: int) -> bytes:
    """A noisy photo-like JPEG (noise defeats compression, as real photos do)."""
    image = Image.effect_noise((width, height), 60).convert("RGB")
    output = io.BytesIO()
    image.save(output, "JPEG", quality=92)
    return output.getvalue()


def large_pdf(size: int) -> bytes:
    """A PDF padded with an incompressible image-like stream to ``size`` bytes."""
    payload = os.urandom(size)
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Length "
        + str(len(payload)).encode()
        + b" /Filter /DCTDecode >>\nstream\n"
        + payload
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--width", type=int, default=4000, help="of the photo")
    parser.add_argument("--height", type=int, default=3000, help="of the photo")
    parser.add_argument(
        "--pdf-bytes",
        type=int,
        default=settings.WAGTAILDOCS_MAX_UPLOAD_SIZE - 1024,
        help="size of the PDF (default: just under the upload limit)",
    )
    parser.add_argument("--runs", type=int, default=RUNS, help="median of")
    args = parser.parse_args(argv)
    width, height = args.width, args.height

    jpeg = photo(width, height)
    print(f"photo {width}x{height} JPEG, {len(jpeg) / 1e6:.1f} MB")
    seconds = median_seconds(
        lambda: check_image_upload(upload=SimpleUploadedFile("photo.jpg", jpeg)),
        args.runs,
    )
    print(f"  upload checks + re-encoding: {seconds * 1000:.0f} ms")

    specs = generated_specs()
    image = CustomImage(width=width, height=height, collection_id=1)
    image.file.name = "original_images/photo.jpg"

    def renditions() -> None:
        for spec in specs:
            image.generate_rendition_file(
                Filter(spec), source=File(io.BytesIO(jpeg), name="photo.jpg")
            )

    seconds = median_seconds(renditions, args.runs)
    print(f"  {len(specs)} renditions ({', '.join(specs)}):")
    print(f"    {seconds * 1000:.0f} ms (Wagtail's own generation)")

    pdf = large_pdf(args.pdf_bytes)
    print(f"PDF, {len(pdf) / 1e6:.1f} MB")
    seconds = median_seconds(
        lambda: check_document_upload(upload=SimpleUploadedFile("scan.pdf", pdf)),
        args.runs,
    )
    print(f"  upload checks: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""Image uploads: checked, then re-encoded.

An image is accepted when its extension is allowed, its real format (magic
bytes and Pillow's decoder agreeing) is the one the extension names, it is
within the size, pixel and frame limits, and every frame decodes. What is
stored is not the uploaded file but a re-encoding of its pixels: comments,
EXIF (with camera GPS positions), XMP and any data appended after the image
are dropped, which neutralises polyglots (a JPEG that is also an HTML page or
a ZIP archive). JPEGs keep their compression tables, so quality is unchanged.
"""

import io
import warnings
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

import filetype
from PIL import Image, ImageOps, ImageSequence

from ..formats import IMAGE_FORMATS, Family
from ..names import normalise_file_name
from .common import (
    CheckedFile,
    Upload,
    check_extension,
    check_no_markup,
    mismatch,
    read_upload,
    refuse,
)

# Pillow's name for each format family, and filetype's names for it.
PILLOW_FORMATS = {
    Family.JPEG: "JPEG",
    Family.PNG: "PNG",
    Family.GIF: "GIF",
    Family.WEBP: "WEBP",
}
MAGIC_NAMES = {
    Family.JPEG: {"jpg"},
    Family.PNG: {"png", "apng"},
    Family.GIF: {"gif"},
    Family.WEBP: {"webp"},
}
# Frame metadata that re-encoding keeps; everything else is dropped.
KEPT_INFO = {"transparency", "duration", "loop", "background", "disposal"}
EXIF_ORIENTATION = 0x0112
IMAGE_NAME_LENGTH = 60


def check_image_upload(*, upload: Upload) -> CheckedFile:
    """Check an uploaded image and return its re-encoded, safely named form.

    Raises ``ValidationError`` with a message for the editor otherwise.
    """
    name = normalise_file_name(
        getattr(upload, "name", "") or "",
        max_stem_length=IMAGE_NAME_LENGTH,
        fallback="image",
    )
    allowed = [ext for ext in settings.WAGTAILIMAGES_EXTENSIONS if ext in IMAGE_FORMATS]
    extension = check_extension(name=name, allowed=allowed)
    data = read_upload(upload, name=name, limit=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    image_format = IMAGE_FORMATS[extension]
    family = image_format.family

    kind = filetype.guess(data[:8192])
    if kind is None or kind.extension not in MAGIC_NAMES[family]:
        raise mismatch(name=name, extension=extension)
    check_no_markup(data[:1024], name=name)

    image = open_within_limits(data, name=name)
    if image.format != PILLOW_FORMATS[family]:
        raise mismatch(name=name, extension=extension)
    frames = check_frames(image, name=name)
    try:
        encoded = reencode(image, family=family, frames=frames)
    except Exception as error:  # Pillow raises many types for broken data
        raise unreadable(name) from error
    return CheckedFile(encoded, name=name, content_type=image_format.content_type)


def unreadable(name: str) -> ValidationError:
    return refuse(
        _("“%(name)s” could not be read as an image; the file may be damaged."),
        code="invalid_image",
        name=name,
    )


def too_many_pixels(name: str) -> ValidationError:
    return refuse(
        _(
            "The image “%(name)s” is too large: at most %(limit)s million pixels "
            "(width × height × frames) are accepted. Make it smaller and upload "
            "it again."
        ),
        code="file_too_many_pixels",
        name=name,
        limit=f"{settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS / 1_000_000:g}",
    )


def open_within_limits(data: bytes, *, name: str) -> Image.Image:
    """Open an image by its header only, refusing decompression bombs before
    any pixel is decoded."""
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow warns past its own limit and refuses past twice that.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels(name) from error
    except Exception as error:  # anything Pillow cannot open
        raise unreadable(name) from error
    width, height = image.size
    if width < 1 or height < 1 or width * height > limit:
        raise too_many_pixels(name)
    return image


def check_frames(image: Image.Image, *, name: str) -> int:
    """The number of frames, within the frame and total pixel limits."""
    try:
        frames = getattr(image, "n_frames", 1)
    except Exception as error:  # broken animation data
        raise unreadable(name) from error
    width, height = image.size
    if width * height * frames > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise too_many_pixels(name)
    if frames > settings.MEDIA_IMAGE_MAX_FRAMES:
        raise refuse(
            _(
                "The animation “%(name)s” has %(frames)s frames; at most "
                "%(limit)s are accepted."
            ),
            code="too_many_frames",
            name=name,
            frames=frames,
            limit=settings.MEDIA_IMAGE_MAX_FRAMES,
        )
    return frames


def clean_info(
    info: dict[str | tuple[int, int], Any],
) -> dict[str | tuple[int, int], Any]:
    return {key: value for key, value in info.items() if key in KEPT_INFO}


def reencode(image: Image.Image, *, family: Family, frames: int) -> bytes:
    """The image's pixels written anew in its own format, without metadata."""
    output = io.BytesIO()
    icc_profile = image.info.get("icc_profile")
    pillow_format = PILLOW_FORMATS[family]
    if frames > 1:
        copies = []
        durations = []
        for frame in ImageSequence.Iterator(image):
            frame.load()
            durations.append(frame.info.get("duration", 100))
            copy = frame.copy()
            copy.info = clean_info(frame.info)
            copies.append(copy)
        options = {"save_all": True, "append_images": copies[1:], "duration": durations}
        if "loop" in image.info:
            options["loop"] = image.info["loop"]
        if family == Family.WEBP:
            options["quality"] = 90
        copies[0].save(output, pillow_format, **options)
        return output.getvalue()

    image.load()
    if family == Family.JPEG:
        # Same compression tables and subsampling: no visible loss. Only the
        # orientation survives from EXIF, so photos stay upright.
        orientation = image.getexif().get(EXIF_ORIENTATION)
        image.info = clean_info(image.info)
        options = {"quality": "keep", "subsampling": "keep", "qtables": "keep"}
        if orientation and orientation != 1:
            exif = Image.Exif()
            exif[EXIF_ORIENTATION] = orientation
            options["exif"] = exif.tobytes()
        if icc_profile:
            options["icc_profile"] = icc_profile
        image.save(output, "JPEG", **options)
        return output.getvalue()

    upright = ImageOps.exif_transpose(image) or image
    upright.info = clean_info(image.info)
    options = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if family == Family.WEBP:
        options["quality"] = 90
    upright.save(output, pillow_format, **options)
    return output.getvalue()

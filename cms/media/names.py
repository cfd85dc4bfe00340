"""Safe, readable file names for uploads.

Editors name files in Tajik and Russian (``Қарори_Ҳукумат.pdf``); those
letters stay. What goes: any path (``../``, ``C:\\``), control and invisible
formatting characters (NUL, right-to-left overrides that disguise ``exe`` as
``pdf``), punctuation a shell or web server could read as syntax, and extra
dots (``photo.php.jpg`` becomes ``photo_php.jpg``).
"""

import re
import unicodedata

# Anything that is not a letter or digit of any script, "_" or "-".
UNSAFE_RUN = re.compile(r"[^\w-]+")
REPEATED_SEPARATORS = re.compile(r"[_-]{2,}")
ASCII_EXTENSION = re.compile(r"[a-z0-9]{1,10}")


def normalise_file_name(name: str, *, max_stem_length: int, fallback: str) -> str:
    """The name an uploaded file is stored under.

    Unicode NFC (so ``и`` + combining breve is one ``й``); the last path
    component only, for ``/`` and ``\\`` alike; no control or formatting
    characters; the stem reduced to letters, digits, ``_`` and ``-`` of any
    script and cut to ``max_stem_length``; the extension lower-case ASCII or
    dropped. ``fallback`` names a file left with no stem.
    """
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[\\/]", name)[-1]
    # Cc (controls, NUL), Cf (bidi overrides, zero-width), Cs, Co, Cn.
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = extension.strip().lower()
    if not ASCII_EXTENSION.fullmatch(extension):
        # Not an extension we could ever accept: keep it readable in the stem.
        stem, extension = name, ""
    stem = UNSAFE_RUN.sub("_", stem.strip())
    stem = REPEATED_SEPARATORS.sub("_", stem).strip("_-")
    stem = stem[:max_stem_length].rstrip("_-") or fallback
    return f"{stem}.{extension}" if extension else stem

"""Upload checks: what an image or a document must be to be stored.

Pure functions of the uploaded bytes and the settings' limits; each refusal is
a ``ValidationError`` whose message the editor reads in their language.
"""

from .common import CheckedFile
from .documents import check_document_upload
from .images import check_image_upload

__all__ = ["CheckedFile", "check_document_upload", "check_image_upload"]

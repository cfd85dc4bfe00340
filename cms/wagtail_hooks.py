"""Wagtail hooks of the shared core."""

from django.http import HttpRequest, HttpResponse

from wagtail import hooks
from wagtail.documents.models import AbstractDocument

from cms.media.serving import serve_document


# After Wagtail's own hook (order 0), which checks collection restrictions.
@hooks.register("before_serve_document", order=100)
def serve_private_documents(
    document: AbstractDocument, request: HttpRequest
) -> HttpResponse | None:
    """Page restrictions, then signed URLs for private documents."""
    return serve_document(document=document, request=request)

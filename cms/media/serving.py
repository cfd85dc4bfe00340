"""Serving documents: Wagtail's privacy check, then the right URL.

Wagtail's ``/documents/ID/NAME`` URL stays the one links use (stable when a
document turns private or public). Wagtail's own hook checks collection
restrictions first; :func:`serve_document` then checks the restrictions of
pages that use the document, and sends private documents to a signed URL
that expires after ``MEDIA_PRIVATE_URL_TTL`` seconds. Public documents get
Wagtail's redirect to their public (CDN) URL.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers

from wagtail.documents.models import AbstractDocument
from wagtail.models import BaseViewRestriction
from wagtail.wagtail_hooks import require_wagtail_login

from .privacy import DocumentAccess, document_access
from .storage import PRIVATE_CACHE_CONTROL, is_object_storage, is_private_name

logger = logging.getLogger(__name__)


def serve_document(
    *, document: AbstractDocument, request: HttpRequest
) -> HttpResponse | None:
    """Check page restrictions, then serve a private document through a
    short-lived signed URL. ``None`` lets Wagtail serve it (public documents:
    a redirect to their public URL; local files: streamed by Django).

    Collection restrictions have already been checked by Wagtail's own
    ``before_serve_document`` hook, which runs first.
    """
    access = document_access(document=document)
    if access.restricted_pages and not any(
        all(restriction.accept_request(request) for restriction in restrictions)
        for restrictions in access.restricted_pages.values()
    ):
        return refuse_document(request=request, access=access)
    storage = document.file.storage
    name = document.file.name
    if not is_object_storage(storage) or not (
        access.is_private or is_private_name(name)
    ):
        return None
    if not is_private_name(name):
        logger.warning(
            "Private document %s is still stored under a public key (%s)",
            document.pk,
            name,
        )
    url = storage.signed_url(
        name,
        parameters={
            "ResponseContentDisposition": document.content_disposition,
            "ResponseCacheControl": PRIVATE_CACHE_CONTROL,
        },
    )
    response = HttpResponseRedirect(url)
    # Neither the redirect nor the signed URL may be cached or passed on.
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    return response


def refuse_document(*, request: HttpRequest, access: DocumentAccess) -> HttpResponse:
    """Send anonymous visitors to log in when a login could grant access;
    refuse everyone else."""
    needs_login = any(
        restriction.restriction_type
        in (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)
        for restrictions in access.restricted_pages.values()
        for restriction in restrictions
    )
    if needs_login and not request.user.is_authenticated:
        response: HttpResponse = require_wagtail_login(next=request.get_full_path())
        return response
    raise PermissionDenied


def private_media_not_served(request: HttpRequest) -> HttpResponse:
    """Local media URLs under ``private/`` do not exist (development server)."""
    raise Http404

"""Wagtail hooks of the shared core."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse

from wagtail import hooks
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page

from cms.caching import limit_page_cache
from cms.media.serving import serve_document
from cms.selectors import is_live_now
from cms.services import start_admin_in_platform_language


# After Wagtail's own hook (order 0), which checks collection restrictions.
@hooks.register("before_serve_document", order=100)
def serve_private_documents(
    document: AbstractDocument, request: HttpRequest
) -> HttpResponse | None:
    """Page restrictions, then signed URLs for private documents."""
    return serve_document(document=document, request=request)


# After the other hooks (an offline agency's site answers 410 first).
@hooks.register("before_serve_page", order=100)
def refuse_expired_pages(
    page: Page,
    request: HttpRequest,
    serve_args: list[object],
    serve_kwargs: dict[str, object],
) -> None:
    """A page past its expiry time is gone at once, as if unpublished,
    without waiting for the scheduler; a page that will expire is not kept
    in the page cache past that moment."""
    if not is_live_now(page):
        raise Http404
    if page.expire_at is not None:
        limit_page_cache(request, until=page.expire_at)


@hooks.register("after_create_user")
def new_users_start_in_tajik(request: HttpRequest, user: AbstractBaseUser) -> None:
    """An account added in the admin's Users area starts in the platform's
    language, as those add_agency_user creates do."""
    start_admin_in_platform_language(user=user)

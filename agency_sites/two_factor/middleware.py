"""No admin view before the second step (after django-otp's OTPMiddleware)."""

from collections.abc import Callable
from functools import cache
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from agency_sites.two_factor.selectors import (
    has_second_factor,
    is_verified,
    must_have_second_factor,
)


@cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


@cache
def _open_before_verification() -> tuple[str, ...]:
    """Admin addresses a signed-in user who has not passed the second step
    may still reach: the step itself, signing out, and the assets the
    admin's pages load (no data in them)."""
    return (
        reverse("two_factor:verify"),
        reverse("wagtailadmin_logout"),
        reverse("wagtailadmin_javascript_catalog"),
        reverse("wagtailadmin_sprite"),
    )


@cache
def _open_before_enrolment() -> tuple[str, ...]:
    """What a portal administrator required to set up an authenticator may
    reach before they have: the set-up pages and signing out."""
    return (
        reverse("two_factor:index"),
        reverse("two_factor:setup"),
        reverse("wagtailadmin_logout"),
        reverse("wagtailadmin_javascript_catalog"),
        reverse("wagtailadmin_sprite"),
    )


def _redirect(to: str, request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    response = HttpResponseRedirect(f"{to}?{query}")
    response["Cache-Control"] = "no-store"
    return response


def _verified_or_anonymous(user: Any) -> Any:
    """The user, or anonymous if they have an authenticator whose code this
    session has not passed."""
    if user.is_authenticated and not is_verified(user) and has_second_factor(user):
        return AnonymousUser()
    return user


class TwoFactorMiddleware:
    """In the admin, a signed-in user with an authenticator goes to the code
    page until this session has passed it; a portal administrator without
    one, when the platform requires it, goes to its set-up page.

    Elsewhere (citizen pages, documents, the APIs), a session that has
    passed the password but not the code of the user's authenticator is
    anonymous: it opens nothing that sign-in alone would (documents in a
    private collection, pages restricted to signed-in users, a health
    report's findings)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(_admin_prefix()):
            user = request.user
            if user.is_authenticated and not is_verified(user):
                if has_second_factor(user):
                    if not path.startswith(_open_before_verification()):
                        return _redirect(reverse("two_factor:verify"), request)
                elif must_have_second_factor(user) and not path.startswith(
                    _open_before_enrolment()
                ):
                    return _redirect(reverse("two_factor:setup"), request)
        else:
            # Lazily, as AuthenticationMiddleware's own user: a response
            # that never reads the user (a cached API answer, a citizen
            # page) reads no session, costs no query and does not vary by
            # cookie.
            signed_in = request.user
            request.user = cast(
                Any, SimpleLazyObject(lambda: _verified_or_anonymous(signed_in))
            )
        return self.get_response(request)

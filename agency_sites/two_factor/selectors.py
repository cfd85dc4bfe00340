"""Reads about a member of staff's second factor."""

from django.conf import settings

from django_otp import user_has_device

from agency_sites.permissions import User, is_portal_administrator


def has_second_factor(user: User) -> bool:
    """Whether the user has a confirmed authenticator app."""
    if not user.is_authenticated:
        return False
    return bool(user_has_device(user, confirmed=True))


def must_have_second_factor(user: User) -> bool:
    """Whether the platform requires this user to use two-step sign-in:
    portal administrators, when the setting says so."""
    if not settings.TWO_FACTOR_REQUIRED_FOR_PORTAL_ADMINS:
        return False
    return bool(user.is_superuser) or is_portal_administrator(user)


def is_verified(user: User) -> bool:
    """Whether this session has passed the second step (django-otp's
    middleware tells it on the request's user)."""
    verified = getattr(user, "is_verified", None)
    return bool(verified()) if callable(verified) else False

"""The admin pages of two-step sign-in: its status in the account area,
setting up an authenticator, the code step after the password, new backup
codes and turning it off."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wagtail.log_actions import log

from agency_sites.two_factor import services
from agency_sites.two_factor.forms import CodeForm
from agency_sites.two_factor.selectors import (
    has_second_factor,
    is_verified,
    must_have_second_factor,
)

TEMPLATES = "agency_sites/two_factor"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (require_admin_access signed in)
    return user


def _next_url(request: HttpRequest) -> str:
    """Where to go after the step: ``next`` when it is this site's own."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return TemplateResponse(request, f"{TEMPLATES}/{template}", context, status=status)


def _locked_message(verification: services.Verification) -> str | None:
    if verification.locked_until is None:
        return None
    seconds = max(
        1, int((verification.locked_until - timezone.now()).total_seconds()) + 1
    )
    return _("Too many wrong codes. Wait %(seconds)s seconds, then try again.") % {
        "seconds": seconds
    }


@never_cache
def index(request: HttpRequest) -> HttpResponse:
    """Two-step sign-in in the account area: on or off, and what to do."""
    user = _user(request)
    return _render(
        request,
        "index.html",
        {
            "page_title": _("Two-step sign-in"),
            "enabled": has_second_factor(user),
            "required": must_have_second_factor(user),
            "verified": is_verified(user),
            "backup_codes_left": services.remaining_backup_codes(user=user),
        },
    )


@never_cache
def setup(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator: the secret as a QR code and an
    otpauth:// address, then a code from the app to confirm it. Replacing one
    needs a session that has passed the second step with the old one."""
    user = _user(request)
    if has_second_factor(user) and not is_verified(user):
        return redirect("two_factor:verify")
    device = services.pending_authenticator(user=user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and services.confirm_authenticator(
            device=device, code=form.cleaned_data["code"]
        ):
            codes = services.new_backup_codes(user=user)
            services.mark_session_verified(request=request, device=device)
            log(user, "hukumat.two_factor.enable")
            return _render(
                request,
                "backup_codes.html",
                {
                    "page_title": _("Two-step sign-in is on"),
                    "codes": codes,
                    "next": _next_url(request),
                    "just_enabled": True,
                },
            )
        form.add_error(
            "code" if form.is_bound and "code" not in form.errors else None,
            _("That code is not right. Type the code the app shows now."),
        )
        status = 400
    return _render(
        request,
        "setup.html",
        {
            "page_title": _("Set up two-step sign-in"),
            "form": form,
            "qr_svg": services.authenticator_qr_svg(device=device),
            "otpauth_uri": device.config_url,
            "secret": services.base32_secret(device=device),
            "required": must_have_second_factor(user),
            "next": _next_url(request),
        },
        status=status,
    )


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The step after the password: a code from the authenticator app or a
    backup code, before any other admin page."""
    user = _user(request)
    if is_verified(user) or not has_second_factor(user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        verification = services.verify_code(user=user, code=form.cleaned_data["code"])
        if verification.device is not None:
            services.mark_session_verified(request=request, device=verification.device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _locked_message(verification)
            or _("That code is not right. Try the code the app shows now."),
        )
        status = 429 if verification.locked_until else 400
    elif request.method == "POST":
        status = 400
    return _render(
        request,
        "verify.html",
        {
            "page_title": _("Two-step sign-in"),
            "form": form,
            "next": _next_url(request),
        },
        status=status,
    )


@never_cache
@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working), shown once."""
    user = _user(request)
    if not (has_second_factor(user) and is_verified(user)):
        return redirect("two_factor:index")
    codes = services.new_backup_codes(user=user)
    log(user, "hukumat.two_factor.backup_codes")
    return _render(
        request,
        "backup_codes.html",
        {"page_title": _("New backup codes"), "codes": codes, "next": ""},
    )


@never_cache
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in off, unless the platform requires it."""
    user = _user(request)
    if must_have_second_factor(user):
        messages.error(
            request,
            _("Portal administrators must keep two-step sign-in on."),
        )
        return redirect("two_factor:index")
    if has_second_factor(user) and is_verified(user):
        services.remove_second_factor(user=user)
        log(user, "hukumat.two_factor.disable")
        messages.success(request, _("Two-step sign-in is off."))
    return redirect("two_factor:index")

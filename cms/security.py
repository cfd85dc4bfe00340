"""Security headers Django does not send itself, and the client's address
for the admin's login throttling (django-axes)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``settings.PERMISSIONS_POLICY`` as a Permissions-Policy header value:
    an empty list refuses a feature everywhere, ``["self"]`` allows it for
    the page's own origin."""
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
    )


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` on every response that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind
    ``settings.TRUSTED_PROXY_HOPS`` proxies the address the outermost of them
    appended to X-Forwarded-For (earlier entries are the client's own claim,
    never trusted)."""
    hops = settings.TRUSTED_PROXY_HOPS
    remote: str = request.META.get("REMOTE_ADDR", "")
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    return forwarded[-hops] if len(forwarded) >= hops else remote


def admin_lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None,
    credentials: dict[str, object] | None,
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: a 429 page in the
    editor's language saying for how long, with Retry-After."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    response = render(
        request,
        "cms/admin_lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    response["Cache-Control"] = "no-store"
    return response

"""Wagtail's admin makes some public changes outside any transaction: a view
restriction is saved (and its event written by our receiver) in separate
commits, and a move rewrites the descendants' addresses after its own
transaction, where their events are written. Those admin views run here in
one transaction each, so the change and its events are committed together
or not at all (and the caches and subscribers hear of it once it commits).
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse

#: The admin views (URL names) whose POST is one transaction.
ATOMIC_ADMIN_VIEWS = frozenset(
    {
        "wagtailadmin_pages:set_privacy",
        "wagtailadmin_pages:move_confirm",
    }
)


class AtomicPublicChangesMiddleware:
    """Run the POSTs of ``ATOMIC_ADMIN_VIEWS`` in a transaction (after the
    other middleware's checks: CSRF, the agency scope)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        if (
            request.method != "POST"
            or match is None
            or match.view_name not in ATOMIC_ADMIN_VIEWS
        ):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)

"""Signed delivery of events to subscribers' webhook endpoints, following
the Standard Webhooks specification (``standardwebhooks``).

A delivery row is written for each matching enabled endpoint in the
transaction of the event (so nothing is lost), and the worker sends it:
2xx is success; anything else (a timeout of ``WEBHOOK_TIMEOUT_SECONDS``,
a refused connection, a 5xx) is retried on the specification's schedule
with jitter, later if the endpoint asks so in ``Retry-After``; a 410
disables the endpoint; failing every attempt disables it and tells the
portal's administrators. Redirects are not followed. A delivery is claimed
for ``WEBHOOK_CLAIM_SECONDS`` before it is sent, so one whose worker was
killed mid-send is sent again: every event reaches each endpoint at least
once (receivers deduplicate on ``webhook-id``).
"""

import base64
import ipaddress
import json
import logging
import random
import secrets
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

import requests
from standardwebhooks import Webhook

from publishing_events.models import (
    DeliveryStatus,
    Event,
    WebhookDelivery,
    WebhookEndpoint,
)

logger = logging.getLogger(__name__)

# The Standard Webhooks retry schedule: the wait before each retry.
RETRY_SCHEDULE = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
JITTER = 0.1
BATCH = 50
EXCERPT_LENGTH = 500
USER_AGENT = "Hukumat.tj-webhooks/1"
SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes them: ``whsec_`` and
    the base64 of 24 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def queue_deliveries(events: list[Event]) -> int:
    """A delivery for every enabled endpoint each event is for, in the
    caller's transaction; the worker is asked to send them once it commits.
    One query (two when any delivery is due)."""
    endpoints = list(WebhookEndpoint.objects.filter(enabled=True))
    now = timezone.now()
    rows = [
        WebhookDelivery(endpoint=endpoint, event=event, next_attempt_at=now)
        for event in events
        for endpoint in endpoints
        if endpoint.wants(event)
    ]
    if rows:
        WebhookDelivery.objects.bulk_create(rows)
        transaction.on_commit(_send_soon)
    return len(rows)


def _send_soon(at: datetime | None = None) -> None:
    from publishing_events.tasks import deliver_webhooks

    task = deliver_webhooks
    if at is not None and task.get_backend().supports_defer:
        task = task.using(run_after=at)
    try:
        task.enqueue()
    except Exception:
        # The periodic run sends it a little later.
        logger.exception("Could not queue webhook delivery")


class RefusedDestination(Exception):
    """An endpoint address the platform will not call."""


def check_destination(url: str) -> None:
    """Refuse addresses that resolve to private, loopback, link-local or
    reserved ranges (the platform's own network), unless
    ``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` (the demo and the tests)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedDestination(_("Only http and https addresses are accepted."))
    if settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443)
    except OSError as error:
        raise RefusedDestination(
            _("The host name does not resolve: %(error)s") % {"error": error}
        ) from None
    for *_rest, address in found:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global or ip.is_multicast:
            raise RefusedDestination(
                _("%(host)s resolves to a private address (%(ip)s).")
                % {"host": parts.hostname, "ip": ip}
            )


@dataclass(frozen=True)
class Outcome:
    """What one attempt got back."""

    status: int | None
    milliseconds: int
    excerpt: str
    retry_after: timedelta | None = None
    refused: bool = False


def body_of(event: Event) -> bytes:
    return json.dumps(event.payload, ensure_ascii=False, separators=(",", ":")).encode()


def signed_headers(
    endpoint: WebhookEndpoint, event: Event, body: bytes
) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt: the id stays the same
    on every retry (receivers deduplicate on it), the timestamp is now."""
    message_id = f"evt_{event.pk}"
    now = timezone.now()
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(endpoint.secret).sign(message_id, now, body),
    }


def _retry_after(value: str | None) -> timedelta | None:
    if not value:
        return None
    if value.strip().isdigit():
        return timedelta(seconds=int(value.strip()))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(moment - timezone.now(), timedelta())


def attempt(delivery: WebhookDelivery) -> Outcome:
    """POST the event to the endpoint once."""
    endpoint, event = delivery.endpoint, delivery.event
    body = body_of(event)
    started = time.monotonic()
    try:
        check_destination(endpoint.url)
        response = requests.post(
            endpoint.url,
            data=body,
            headers=signed_headers(endpoint, event, body),
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except RefusedDestination as refused:
        return Outcome(status=None, milliseconds=0, excerpt=str(refused), refused=True)
    except requests.RequestException as error:
        elapsed = int((time.monotonic() - started) * 1000)
        return Outcome(status=None, milliseconds=elapsed, excerpt=str(error))
    elapsed = int((time.monotonic() - started) * 1000)
    return Outcome(
        status=response.status_code,
        milliseconds=elapsed,
        excerpt=response.text[:EXCERPT_LENGTH],
        retry_after=_retry_after(response.headers.get("Retry-After")),
    )


def _next_wait(attempts: int, retry_after: timedelta | None) -> timedelta | None:
    """The wait before the next attempt after ``attempts`` failed ones, or
    None when the schedule is over."""
    if attempts > len(RETRY_SCHEDULE):
        return None
    wait = RETRY_SCHEDULE[attempts - 1]
    if retry_after is not None:
        wait = max(wait, retry_after)
    return wait * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311 - jitter


def _disable(endpoint: WebhookEndpoint, reason: str) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        enabled=False, disabled_reason=reason[:300]
    )
    _notify_administrators(endpoint, reason)


def _notify_administrators(endpoint: WebhookEndpoint, reason: str) -> None:
    """E-mail the portal's administrators (superusers and the portal
    administrators group) that an endpoint was disabled."""
    users = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name="Portal administrators"),
        is_active=True,
    )
    recipients = sorted({user.email for user in users if user.email})
    if not recipients:
        return
    send_mail(
        _("Webhook endpoint disabled: %(url)s") % {"url": endpoint.url},
        _(
            "Hukumat.tj stopped sending events to %(url)s: %(reason)s. "
            "Enable it again in the admin (Settings, Webhooks) once it works; "
            "missed events can be read from /api/v1/changes/."
        )
        % {"url": endpoint.url, "reason": reason},
        None,
        recipients,
        fail_silently=True,
    )


def record(delivery: WebhookDelivery, outcome: Outcome) -> None:
    """Keep the attempt's outcome and decide what comes next."""
    now = timezone.now()
    delivery.response_status = outcome.status
    delivery.response_ms = outcome.milliseconds
    delivery.response_excerpt = outcome.excerpt
    if outcome.status is not None and 200 <= outcome.status < 300:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif outcome.status == 410 or outcome.refused:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        _disable(
            delivery.endpoint,
            outcome.excerpt if outcome.refused else _("it answered 410 Gone"),
        )
    else:
        wait = _next_wait(delivery.attempts, outcome.retry_after)
        if wait is None:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            _disable(
                delivery.endpoint,
                _("every attempt to deliver event %(id)s failed (last: %(last)s)")
                % {
                    "id": delivery.event_id,
                    "last": outcome.status or outcome.excerpt[:100],
                },
            )
        else:
            delivery.next_attempt_at = now + wait
            _send_soon(delivery.next_attempt_at)
    delivery.save(
        update_fields=[
            "status",
            "next_attempt_at",
            "response_status",
            "response_ms",
            "response_excerpt",
            "delivered_at",
        ]
    )


def _claim(now: datetime, *, done: set[int]) -> list[WebhookDelivery]:
    """Up to BATCH due deliveries, claimed for ``WEBHOOK_CLAIM_SECONDS``
    (rows locked, those another worker holds skipped)."""
    claim = timedelta(seconds=settings.WEBHOOK_CLAIM_SECONDS)
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=DeliveryStatus.PENDING,
                next_attempt_at__lte=now,
                endpoint__enabled=True,
            )
            .exclude(pk__in=done)
            .select_related("endpoint", "event")
            .order_by("next_attempt_at", "id")[:BATCH]
        )
        for delivery in due:
            delivery.attempts += 1
            delivery.last_attempt_at = now
            delivery.next_attempt_at = now + claim
        WebhookDelivery.objects.bulk_update(
            due, ["attempts", "last_attempt_at", "next_attempt_at"]
        )
    return due


def deliver_due(*, now: datetime | None = None) -> int:
    """Send every delivery due now, once each (one that fails is not
    tried again in the same run, whatever its next time). Returns how many
    attempts were made."""
    now = now or timezone.now()
    done: set[int] = set()
    while due := _claim(now, done=done):
        for delivery in due:
            record(delivery, attempt(delivery))
            done.add(delivery.pk)
    return len(done)


def redeliver(delivery: WebhookDelivery) -> None:
    """Send a delivery again (an administrator's "redeliver"), now."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now()
    )
    transaction.on_commit(_send_soon)

"""Events are delivered to subscribers' endpoints, signed as the Standard
Webhooks specification says (verified here with its reference library,
against a real HTTP receiver on loopback), retried on its schedule until
they are taken, and an endpoint that is gone or keeps failing is disabled
and the portal's administrators told."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

import pytest
from standardwebhooks import Webhook

from publishing_events.models import (
    DeliveryStatus,
    Event,
    WebhookDelivery,
    WebhookEndpoint,
)
from publishing_events.webhooks import (
    RETRY_SCHEDULE,
    deliver_due,
    new_secret,
    redeliver,
)
from tests.factories.content import news_item, provisioned_agency, service
from tests.publishing_events.receiver import running_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    with running_receiver() as receiver:
        yield receiver


@pytest.fixture
def tree():
    return provisioned_agency("mvd")


@pytest.fixture
def admin_email():
    get_user_model().objects.create_superuser(
        "root", "root@portal.test", "a-long-password-1"
    )
    return "root@portal.test"


def endpoint(url: str, **fields) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(url=url, secret=new_secret(), **fields)


def later(**delta) -> timezone.datetime:
    return timezone.now() + timedelta(**delta)


def verified(hook: WebhookEndpoint, request) -> dict:
    return Webhook(hook.secret).verify(request.body, request.headers)


def test_each_event_is_one_signed_delivery_per_matching_endpoint(
    tree, receiver, django_capture_on_commit_callbacks
):
    everything = endpoint(receiver.url + "/all")
    services_only = endpoint(receiver.url + "/services", event_types=["service"])
    elsewhere = endpoint(receiver.url + "/other", agencies=["adliya"])
    endpoint(receiver.url + "/off", enabled=False)

    with django_capture_on_commit_callbacks(execute=True):
        news = news_item(tree)
    with django_capture_on_commit_callbacks(execute=True):
        service(tree)

    by_path = {}
    for request in receiver.received:
        by_path.setdefault(request.path, []).append(request)
    assert sorted(by_path) == ["/hooks/all", "/hooks/services"]
    news_event, service_event = Event.objects.order_by("id")
    first, second = by_path["/hooks/all"]
    assert verified(everything, first) == news_event.payload
    assert verified(everything, second) == service_event.payload
    assert first.headers["webhook-id"] == f"evt_{news_event.pk}"
    assert first.headers["webhook-signature"].startswith("v1,")
    assert (
        verified(services_only, by_path["/hooks/services"][0])["data"]
        == (service_event.payload["data"])
    )
    # Signed with the other endpoint's secret, it does not verify.
    with pytest.raises(Exception, match="signature"):
        verified(services_only, first)
    assert not WebhookDelivery.objects.filter(endpoint=elsewhere).exists()
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
        DeliveryStatus.SUCCEEDED
    }
    assert news_event.payload["data"]["id"] == news.pk


def test_a_receiver_down_gets_the_delivery_later(tree, receiver):
    hook = endpoint(receiver.url)
    receiver.answer(503, 502, 200)
    news_item(tree)  # its delivery is queued with the event

    assert deliver_due() == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_status) == ("pending", 503)
    first_retry = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=4) < first_retry <= RETRY_SCHEDULE[0] * 1.1
    assert deliver_due() == 0  # not yet due

    assert deliver_due(now=later(seconds=6)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_status) == ("pending", 502)
    assert delivery.next_attempt_at > later(minutes=4)

    assert deliver_due(now=later(minutes=6)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 3)
    assert delivery.response_ms is not None
    assert delivery.response_excerpt == "ok"
    # The same message each time, each signed anew.
    ids = {request.headers["webhook-id"] for request in receiver.received}
    assert len(receiver.received) == 3 and len(ids) == 1
    for request in receiver.received:
        verified(hook, request)


def test_retry_after_is_honoured(tree, receiver):
    endpoint(receiver.url)
    receiver.answer((429, {"Retry-After": "3600"}, 0.0))
    news_item(tree)
    deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert delivery.next_attempt_at > later(minutes=50)


def test_redirects_are_not_followed(tree, receiver):
    endpoint(receiver.url)
    receiver.answer((307, {"Location": receiver.url + "/elsewhere"}, 0.0))
    news_item(tree)
    deliver_due()
    assert [request.path for request in receiver.received] == ["/hooks"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_status) == ("pending", 307)


def test_a_slow_receiver_times_out_and_is_retried(tree, receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    endpoint(receiver.url)
    receiver.answer((200, {}, 1.0), 200)
    news_item(tree)
    deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.response_status is None
    assert "timed out" in delivery.response_excerpt.lower()
    deliver_due(now=later(seconds=6))
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"


def test_410_disables_the_endpoint_and_tells_administrators(
    tree, receiver, admin_email
):
    hook = endpoint(receiver.url)
    receiver.answer(410)
    news_item(tree)
    deliver_due()
    hook.refresh_from_db()
    assert not hook.enabled
    assert "410" in hook.disabled_reason
    assert WebhookDelivery.objects.get().status == "failed"
    (message,) = mail.outbox
    assert message.to == [admin_email]
    assert receiver.url in message.subject
    # Nothing more is sent to a disabled endpoint.
    news_item(tree)
    assert deliver_due(now=later(days=1)) == 0


def test_persistent_failure_disables_the_endpoint(tree, receiver, admin_email):
    hook = endpoint(receiver.url)
    receiver.answer(500)
    news_item(tree)
    moment = timezone.now()
    for _attempt in range(len(RETRY_SCHEDULE) + 1):
        assert deliver_due(now=moment) == 1
        moment += timedelta(hours=12)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", len(RETRY_SCHEDULE) + 1)
    hook.refresh_from_db()
    assert not hook.enabled
    assert len(mail.outbox) == 1


def test_private_addresses_are_refused_in_production(tree, receiver, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    hook = endpoint(receiver.url)
    news_item(tree)
    deliver_due()
    assert receiver.received == []
    hook.refresh_from_db()
    assert not hook.enabled
    assert "127.0.0.1" in hook.disabled_reason


def test_redeliver_sends_a_delivery_again(
    tree, receiver, django_capture_on_commit_callbacks
):
    hook = endpoint(receiver.url)
    news_item(tree)
    deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "succeeded"

    with django_capture_on_commit_callbacks(execute=True):
        redeliver(delivery)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 2)
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    verified(hook, second)

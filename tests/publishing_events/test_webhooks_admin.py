"""Portal administrators manage webhook endpoints in the admin (Settings →
Webhooks): the signing secret is shown once, on creation and on rotation,
and the delivery log lists every attempt; agency roles see none of it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

import pytest
from standardwebhooks import Webhook

from publishing_events.models import WebhookDelivery, WebhookEndpoint
from publishing_events.webhooks import new_secret
from tests.factories.content import news_item, provisioned_agency
from tests.publishing_events.receiver import running_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return provisioned_agency("mvd")


@pytest.fixture
def portal_admin(client, tree):
    user = get_user_model().objects.create_user(
        "portal", "portal@portal.test", "a-long-password-1"
    )
    user.groups.add(Group.objects.get(name="Portal administrators"))
    client.force_login(user)
    return client


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_a_new_endpoint_shows_its_secret_once(portal_admin, tree):
    response = portal_admin.post(
        "/admin/webhooks/new/",
        {
            "url": "https://portal.example/hooks",
            "description": "Hukumat.tj",
            "event_types": ["service", "news.published"],
            "agencies": ["mvd"],
            "enabled": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.secret in messages_of(response)
    assert (endpoint.event_types, endpoint.agencies) == (
        ["service", "news.published"],
        ["mvd"],
    )
    Webhook(endpoint.secret)  # a valid Standard Webhooks secret
    # Never shown again.
    page = portal_admin.get(f"/admin/webhooks/edit/{endpoint.pk}/")
    assert page.status_code == 200
    assert endpoint.secret not in page.content.decode()

    old = endpoint.secret
    response = portal_admin.post(
        f"/admin/webhooks/edit/{endpoint.pk}/",
        {
            "url": endpoint.url,
            "enabled": "on",
            "rotate_secret": "on",
        },
        follow=True,
    )
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret in messages_of(response)


def test_bad_addresses_are_form_errors(portal_admin, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    for url in ("http://127.0.0.1:8000/hooks", "ftp://portal.example/"):
        response = portal_admin.post(
            "/admin/webhooks/new/", {"url": url, "enabled": "on"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["url"], url
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_lists_attempts_and_is_read_only(portal_admin, tree):
    endpoint = WebhookEndpoint.objects.create(
        url="https://portal.example/hooks", secret="whsec_" + "A" * 32
    )
    news_item(tree)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    listing = portal_admin.get("/admin/webhook-deliveries/")
    assert listing.status_code == 200
    assert "https://portal.example/hooks" in listing.content.decode()
    inspect = portal_admin.get(f"/admin/webhook-deliveries/inspect/{delivery.pk}/")
    assert inspect.status_code == 200
    assert portal_admin.get("/admin/webhook-deliveries/new/").status_code in (
        302,
        403,
    )


def test_agency_roles_cannot_reach_webhooks(client, tree):
    editor = get_user_model().objects.create_user(
        "editor", "editor@mvd.test", "a-long-password-1"
    )
    editor.groups.add(Group.objects.get(name="mvd administrators"))
    client.force_login(editor)
    endpoint = WebhookEndpoint.objects.create(
        url="https://portal.example/hooks", secret="whsec_" + "A" * 32
    )
    for path in (
        "/admin/webhooks/",
        "/admin/webhooks/new/",
        f"/admin/webhooks/edit/{endpoint.pk}/",
        "/admin/webhook-deliveries/",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403), path
        assert endpoint.secret not in response.content.decode()


def test_a_portal_admin_redelivers_from_the_log(
    portal_admin, tree, django_capture_on_commit_callbacks
):
    with running_receiver() as receiver:
        endpoint = WebhookEndpoint.objects.create(url=receiver.url, secret=new_secret())
        with django_capture_on_commit_callbacks(execute=True):
            news_item(tree)
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert delivery.status == "succeeded"
        assert len(receiver.received) == 1

        inspect = portal_admin.get(
            f"/admin/webhook-deliveries/inspect/{delivery.pk}/"
        ).content.decode()
        action = f'action="/admin/webhook-deliveries/redeliver/{delivery.pk}/"'
        assert action in inspect
        assert 'name="csrfmiddlewaretoken"' in inspect
        # A link cannot send it: POST only.
        redeliver_url = f"/admin/webhook-deliveries/redeliver/{delivery.pk}/"
        assert portal_admin.get(redeliver_url).status_code == 405

        with django_capture_on_commit_callbacks(execute=True):
            response = portal_admin.post(redeliver_url, follow=True)
        assert response.status_code == 200
        assert str(delivery.event_id) in messages_of(response)
        # Sent again, signed, with the same webhook-id.
        assert len(receiver.received) == 2
        first, again = receiver.received
        assert again.headers["webhook-id"] == first.headers["webhook-id"]
        Webhook(endpoint.secret).verify(again.body, again.headers)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("succeeded", 2)


def test_redelivering_needs_the_csrf_token(tree):
    user = get_user_model().objects.create_user(
        "portal", "portal@portal.test", "a-long-password-1"
    )
    user.groups.add(Group.objects.get(name="Portal administrators"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    WebhookEndpoint.objects.create(
        url="https://portal.example/hooks", secret="whsec_" + "A" * 32
    )
    news_item(tree)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed")
    response = client.post(f"/admin/webhook-deliveries/redeliver/{delivery.pk}/")
    assert response.status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == "failed"


def test_agency_roles_cannot_redeliver(client, tree):
    endpoint = WebhookEndpoint.objects.create(
        url="https://portal.example/hooks", secret="whsec_" + "A" * 32
    )
    news_item(tree)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed")
    for group in ("mvd administrators", "mvd editors", "mvd moderators"):
        user = get_user_model().objects.create_user(
            group.replace(" ", "-"), "someone@mvd.test", "a-long-password-1"
        )
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        response = client.post(f"/admin/webhook-deliveries/redeliver/{delivery.pk}/")
        assert response.status_code in (302, 403, 404), group
        delivery.refresh_from_db()
        assert delivery.status == "failed", group

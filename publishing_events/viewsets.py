"""The webhooks admin (Settings → Webhooks), for portal administrators:
endpoints with their secret shown once and rotatable, and the delivery
log. Agency roles hold none of these models' permissions."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import CreateView, EditView, InspectView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from agency_sites.models import Agency
from publishing_events.models import WebhookDelivery, WebhookEndpoint
from publishing_events.selectors import known_types
from publishing_events.webhooks import (
    RefusedDestination,
    check_destination,
    new_secret,
    redeliver,
)


def _agency_choices() -> list[tuple[str, str]]:
    return [
        (agency.slug, f"{agency.slug}: {agency}") for agency in Agency.objects.all()
    ]


class WebhookEndpointForm(WagtailAdminModelForm):
    """An endpoint; a new one (or one whose secret is rotated) gets a fresh
    signing secret, shown once after saving."""

    event_types = forms.MultipleChoiceField(
        label=_("Event types"),
        required=False,
        choices=lambda: [(name, name) for name in known_types()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every event."),
    )
    agencies = forms.MultipleChoiceField(
        label=_("Agencies"),
        required=False,
        choices=_agency_choices,
        help_text=_("None chosen: every agency."),
    )
    rotate_secret = forms.BooleanField(
        label=_("Replace the signing secret"),
        required=False,
        help_text=_(
            "A new secret is made and shown once; the old one stops working at once."
        ),
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            check_destination(url)
        except RefusedDestination as refused:
            raise forms.ValidationError(str(refused)) from None
        return url

    def save(self, commit: bool = True) -> Any:
        endpoint: WebhookEndpoint = super().save(commit=False)
        self.new_secret = None
        if not endpoint.secret or self.cleaned_data.get("rotate_secret"):
            endpoint.secret = self.new_secret = new_secret()
        if commit:
            endpoint.save()
        return endpoint


class _ShowsNewSecret:
    def get_success_message(self, *args: Any) -> Any:
        message = super().get_success_message(*args)  # type: ignore[misc]
        secret = getattr(self.form, "new_secret", None)  # type: ignore[attr-defined]
        if secret is None:
            return message
        return format_html(
            "{} {} <code>{}</code>",
            message,
            _("Its signing secret, shown only now (copy it to the subscriber):"),
            secret,
        )


class EndpointCreateView(_ShowsNewSecret, CreateView):
    pass


class EndpointEditView(_ShowsNewSecret, EditView):
    pass


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhooks")
    url_prefix = "webhooks"
    name = "webhook_endpoints"
    add_to_settings_menu = True
    # A copy would only be a new endpoint with the same address.
    copy_view_enabled = False
    add_view_class = EndpointCreateView
    edit_view_class = EndpointEditView
    list_display = ["url", "description", "enabled", "disabled_reason"]
    list_filter = ["enabled"]
    edit_handler = ObjectList(
        [
            FieldPanel("url"),
            FieldPanel("description"),
            FieldPanel("event_types"),
            FieldPanel("agencies"),
            FieldPanel("enabled"),
            FieldPanel("rotate_secret"),
        ],
        base_form_class=WebhookEndpointForm,
    )


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The delivery log is written by the worker only: nobody adds or
    changes its rows in the admin. Who holds the permission to change them
    (portal administrators) may have one sent again ("redeliver")."""

    def user_has_permission(
        self, user: AbstractBaseUser | AnonymousUser, action: str
    ) -> bool:
        if action == "redeliver":
            return bool(super().user_has_permission(user, "change"))
        if action in ("add", "change"):
            return False
        return bool(super().user_has_permission(user, action))

    def user_has_any_permission(
        self, user: AbstractBaseUser | AnonymousUser, actions: Any
    ) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


class DeliveryInspectView(InspectView):
    """A delivery's attempts, with a "Redeliver" button (a POST form) for
    those who may send it again."""

    template_name = "publishing_events/delivery_inspect.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        if self.permission_policy.user_has_permission(self.request.user, "redeliver"):
            context["redeliver_url"] = reverse(
                "webhook_deliveries:redeliver", args=[self.object.pk]
            )
        return context


class RedeliverView(PermissionCheckedMixin, View):
    """POST only (with the CSRF token): send a delivery again, now."""

    permission_policy = None
    permission_required = "redeliver"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        delivery = get_object_or_404(WebhookDelivery, pk=pk)
        redeliver(delivery)
        messages.success(
            request,
            _("Event %(event)s will be sent to %(url)s again.")
            % {"event": delivery.event_id, "url": delivery.endpoint.url},
        )
        return redirect("webhook_deliveries:inspect", pk)


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "list-ul"
    menu_label = _("Webhook deliveries")
    url_prefix = "webhook-deliveries"
    name = "webhook_deliveries"
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    permission_policy = ReadOnlyPolicy(WebhookDelivery)
    inspect_view_class = DeliveryInspectView
    list_display = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "response_status",
        "response_ms",
        "last_attempt_at",
    ]
    list_filter = ["status", "endpoint"]
    form_fields: list[str] = []

    def get_queryset(self, request: Any) -> Any:
        return WebhookDelivery.objects.select_related("endpoint", "event").order_by(
            "-event_id"
        )

    @property
    def redeliver_view(self) -> Any:
        return RedeliverView.as_view(permission_policy=self.permission_policy)

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("redeliver/<int:pk>/", self.redeliver_view, name="redeliver"),
        ]

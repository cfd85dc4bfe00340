"""Admin and serving rules that keep agencies apart."""

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import PagesSummaryItem, SummaryItem
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.models import AbstractDocument
from wagtail.documents.permissions import (
    permission_policy as document_permission_policy,
)
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.models import AbstractImage
from wagtail.images.permissions import permission_policy as image_permission_policy
from wagtail.log_actions import LogActionRegistry
from wagtail.models import Page, Site
from wagtail.permissions import page_permission_policy
from wagtail.query import PageQuerySet

from agency_sites.admin_scope import MEDIA_ACTIONS
from agency_sites.audit import urls as audit_urls
from agency_sites.audit.selectors import exportable_agencies
from agency_sites.selectors import choosable_pages, is_site_offline
from agency_sites.two_factor import urls as two_factor_urls
from agency_sites.two_factor.selectors import has_second_factor
from agency_sites.viewsets import AgencyRedirectViewSet


@hooks.register("register_admin_viewset")
def register_agency_redirects() -> AgencyRedirectViewSet:
    return AgencyRedirectViewSet()


@hooks.register("construct_settings_menu")
def hide_global_redirects(request: HttpRequest, menu_items: list[MenuItem]) -> None:
    """Wagtail's own redirects admin spans every site; agencies use theirs."""
    menu_items[:] = [item for item in menu_items if item.name != "redirects"]


SUPERUSER_REPORTS = ("page-types-usage", "translations")


@hooks.register("construct_reports_menu")
def hide_platform_wide_reports(
    request: HttpRequest, menu_items: list[MenuItem]
) -> None:
    """Reports over every site's pages are for platform superusers only (their
    URLs are guarded in agency_sites.admin_urls)."""
    if not request.user.is_superuser:
        menu_items[:] = [
            item for item in menu_items if item.name not in SUPERUSER_REPORTS
        ]


@hooks.register("construct_page_chooser_queryset")
def hide_other_agencies_unpublished_pages(
    pages: PageQuerySet, request: HttpRequest
) -> PageQuerySet:
    """Choosers offer every page of the user's own trees, and only live,
    public pages of other sites (linking to another agency's published
    service is legitimate; seeing its drafts is not)."""
    return choosable_pages(pages, user=request.user)


class AgencyPagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count, over the user's own pages only."""

    def get_context_data(self, parent_context: Mapping[str, Any]) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(parent_context)
        if not self.request.user.is_superuser:
            context["total_pages"] = (
                page_permission_policy.explorable_instances(self.request.user)
                .filter(depth__gt=1)
                .count()
            )
        return context


# After Wagtail's own hook, which adds the items.
@hooks.register("construct_homepage_summary_items", order=100)
def scope_page_count(request: HttpRequest, summary_items: list[SummaryItem]) -> None:
    summary_items[:] = [
        AgencyPagesSummaryItem(request) if type(item) is PagesSummaryItem else item
        for item in summary_items
    ]


class AgencyImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images: only those the user may choose (stock Wagtail
    lists every image of the platform to any admin user)."""

    def get_queryset(self) -> QuerySet[AbstractImage]:
        images: QuerySet[AbstractImage] = (
            image_permission_policy.instances_user_has_any_permission_for(
                self.request.user, MEDIA_ACTIONS
            ).order_by("id")
        )
        return images


class AgencyDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents, narrowed like its images."""

    def get_queryset(self) -> QuerySet[AbstractDocument]:
        documents: QuerySet[AbstractDocument] = (
            document_permission_policy.instances_user_has_any_permission_for(
                self.request.user, MEDIA_ACTIONS
            ).order_by("id")
        )
        return documents


# After the images and documents apps register the stock endpoints.
@hooks.register("construct_admin_api", order=100)
def scope_admin_api_media(router: WagtailAPIRouter) -> None:
    router.register_endpoint("images", AgencyImagesAdminAPIViewSet)
    router.register_endpoint("documents", AgencyDocumentsAdminAPIViewSet)


@hooks.register("before_serve_page")
def refuse_offline_sites(
    page: Page,
    request: HttpRequest,
    serve_args: list[object],
    serve_kwargs: dict[str, object],
) -> HttpResponse | None:
    """A deprovisioned agency's pages are kept but no longer served."""
    site = Site.find_for_request(request)
    if site is not None and is_site_offline(site_id=site.pk):
        return TemplateResponse(
            request,
            "agency_sites/site_offline.html",
            {"site_name": site.site_name},
            status=410,
        )
    return None


@hooks.register("register_admin_urls")
def register_two_factor_urls() -> list[URLResolver]:
    return [path("two-factor/", include(two_factor_urls, namespace="two_factor"))]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request: HttpRequest) -> dict[str, str]:
    """Two-step sign-in in the account area's "More actions"."""
    enabled = has_second_factor(request.user)
    return {
        "url": reverse("two_factor:index"),
        "label": str(_("Two-step sign-in")),
        "help_text": str(
            _("On: each sign-in asks for a code from your authenticator app.")
            if enabled
            else _("Off: add a code from an authenticator app to each sign-in.")
        ),
    }


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions: LogActionRegistry) -> None:
    actions.register_action(
        "hukumat.two_factor.enable",
        _("Turn on two-step sign-in"),
        _("Two-step sign-in turned on"),
    )
    actions.register_action(
        "hukumat.two_factor.disable",
        _("Turn off two-step sign-in"),
        _("Two-step sign-in turned off"),
    )
    actions.register_action(
        "hukumat.two_factor.backup_codes",
        _("New backup codes"),
        _("New backup codes made"),
    )


@hooks.register("register_admin_urls")
def register_audit_urls() -> list[URLResolver]:
    return [path("audit-log/", include(audit_urls, namespace="agency_audit"))]


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return exportable_agencies(request.user).exists()


@hooks.register("register_reports_menu_item")
def register_audit_menu_item() -> MenuItem:
    return AuditLogMenuItem(
        _("Audit log export"),
        reverse("agency_audit:index"),
        icon_name="history",
        order=900,
        name="audit-log-export",
    )

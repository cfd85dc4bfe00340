"""Admin views scoped to the user's agencies.

Stock Wagtail snippet and model views check model-wide permissions only. The
viewsets here guard every URL that names an object (edit, delete, history,
revisions, usage, preview, workflow, chooser...) with an instance check
against a :class:`SiteScopedPermissionPolicy`, and list only the objects of
the user's own sites. Guarding at the URL level covers every view Wagtail
adds to a viewset, not only the ones known today.
"""

from collections.abc import Callable
from functools import wraps
from typing import ClassVar

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.redirects.forms import RedirectForm
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from agency_sites.permissions import (
    ALL_ROLES,
    MODERATING_ROLES,
    REDIRECT_POLICY,
    SiteScopedPermissionPolicy,
)

# The action an object view performs; any other view needs "change".
ACTION_BY_VIEW_NAME = {
    "delete": "delete",
    "unpublish": "publish",
    "revisions_unschedule": "publish",
}
LISTING_ACTIONS = ("change", "delete")


def guard_object_view(
    view: Callable[..., HttpResponse],
    *,
    policy: SiteScopedPermissionPolicy,
    action: str,
) -> Callable[..., HttpResponse]:
    """Refuse the view unless the object named by its ``pk`` URL argument
    belongs to a site on which the user may perform ``action``."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        pk = kwargs.get("pk")
        if pk is not None:
            instance = policy.model._default_manager.filter(pk=unquote(str(pk))).first()
            if instance is None:
                raise Http404
            if not policy.user_has_permission_for_instance(
                request.user, action, instance
            ):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def guard_urlpatterns(
    patterns: list[URLPattern], policy: SiteScopedPermissionPolicy
) -> list[URLPattern]:
    for pattern in patterns:
        action = ACTION_BY_VIEW_NAME.get(pattern.name or "", "change")
        pattern.callback = guard_object_view(
            pattern.callback, policy=policy, action=action
        )
    return patterns


def scoped_queryset(
    policy: SiteScopedPermissionPolicy, request: HttpRequest
) -> QuerySet[Model]:
    return policy.instances_user_has_any_permission_for(request.user, LISTING_ACTIONS)


class _ScopedSnippetIndexView(snippet_views.IndexView):
    def get_base_queryset(self) -> QuerySet[Model]:
        scoped: QuerySet[Model] = self.permission_policy.restrict(
            super().get_base_queryset(), self.request.user, LISTING_ACTIONS
        )
        return scoped


class _ScopedSnippetChooseView(snippet_chooser.ChooseView):
    def get_object_list(self) -> QuerySet[Model]:
        return scoped_queryset(
            self.model_class.snippet_viewset.permission_policy, self.request
        )


class _ScopedSnippetChooseResultsView(snippet_chooser.ChooseResultsView):
    def get_object_list(self) -> QuerySet[Model]:
        return scoped_queryset(
            self.model_class.snippet_viewset.permission_policy, self.request
        )


class _ScopedSnippetChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk: str) -> object:
        return scoped_queryset(
            self.model_class.snippet_viewset.permission_policy, self.request
        ).get(pk=pk)


class _ScopedSnippetChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks: list[str]) -> QuerySet[Model]:
        return scoped_queryset(
            self.model_class.snippet_viewset.permission_policy, self.request
        ).filter(pk__in=pks)


class AgencyOwnedChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = _ScopedSnippetChooseView
    choose_results_view_class = _ScopedSnippetChooseResultsView
    chosen_view_class = _ScopedSnippetChosenView
    chosen_multiple_view_class = _ScopedSnippetChosenMultipleView


class AgencyOwnedSnippetViewSet(SnippetViewSet):
    """A snippet viewset for a model using ``AgencyOwnedMixin``: editors,
    moderators and administrators of an agency add and change its items;
    moderators and administrators delete and publish them."""

    index_view_class = _ScopedSnippetIndexView
    index_results_view_class = _ScopedSnippetIndexView
    chooser_viewset_class = AgencyOwnedChooserViewSet
    add_to_admin_menu = True

    roles_by_action: ClassVar[dict[str, frozenset[str]]] = {
        "add": ALL_ROLES,
        "change": ALL_ROLES,
        "view": ALL_ROLES,
        "lock": MODERATING_ROLES,
        "unlock": MODERATING_ROLES,
        "publish": MODERATING_ROLES,
        "delete": MODERATING_ROLES,
    }

    @cached_property
    def permission_policy(self) -> SiteScopedPermissionPolicy:
        return SiteScopedPermissionPolicy(
            self.model,
            site_lookup="agency__site_id",
            roles_by_action=self.roles_by_action,
        )

    def get_urlpatterns(self) -> list[URLPattern]:
        return guard_urlpatterns(super().get_urlpatterns(), self.permission_policy)


class AgencyRedirectForm(RedirectForm):
    """Redirects of the user's own sites only; "all sites" is for superusers."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.for_user is None or self.for_user.is_superuser:
            return
        actions = ["change"] if self.instance.pk else ["add"]
        site_ids = REDIRECT_POLICY.site_ids(self.for_user, actions)
        site_field = self.fields["site"]
        site_field.queryset = Site.objects.filter(pk__in=site_ids)
        site_field.required = True
        site_field.empty_label = None

    def clean_site(self) -> Site | None:
        site = self.cleaned_data.get("site")
        if (
            site is None
            and self.for_user is not None
            and not self.for_user.is_superuser
        ):
            raise forms.ValidationError(_("Choose the site this redirect belongs to."))
        return site


class _ScopedRedirectIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Model]:
        return scoped_queryset(REDIRECT_POLICY, self.request).select_related(
            "site", "redirect_page"
        )


class AgencyRedirectViewSet(ModelViewSet):
    """Redirects managed by each agency's moderators and administrators for
    their own site only (Wagtail's own redirects admin is global)."""

    model = Redirect
    icon = "redirect"
    menu_label = _("Redirects")
    url_prefix = "agency-redirects"
    name = "agency_redirects"
    add_to_settings_menu = True
    permission_policy = REDIRECT_POLICY
    index_view_class = _ScopedRedirectIndexView
    list_display = ["old_path", "site", "link", "is_permanent"]
    search_fields = ["old_path", "redirect_link"]
    edit_handler = ObjectList(
        [
            FieldPanel("old_path"),
            FieldPanel("site"),
            FieldPanel("is_permanent"),
            FieldPanel("redirect_page"),
            FieldPanel("redirect_link"),
        ],
        base_form_class=AgencyRedirectForm,
    )

    def get_urlpatterns(self) -> list[URLPattern]:
        return guard_urlpatterns(super().get_urlpatterns(), self.permission_policy)

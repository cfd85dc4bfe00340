"""Admin URLs mounted in front of Wagtail's and wagtail-localize's own.

Each path here is the same as the stock one it guards, so links and
``reverse()`` keep working while requests reach the guard first. They close
the places where stock Wagtail or wagtail-localize show or change other
agencies' content to any admin user (see docs in each view).
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser, workflows
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import base_page_viewset
from wagtail.models import Page
from wagtail.snippets.views.snippets import get_snippet_model_from_url_params
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import (
    edit_translation,
    report,
    snippets_api,
    submit_translations,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView

from rest_framework.request import Request
from rest_framework.response import Response as DRFResponse

from agency_sites.admin_reports import (
    AgencyLockedPagesView,
    AgencyLogEntriesView,
    AgencyWorkflowTasksView,
    AgencyWorkflowView,
)
from agency_sites.models import AgencyGroup
from agency_sites.permissions import User
from agency_sites.references import (
    MESSAGES,
    instance_references,
    unavailable_references,
)

View = Callable[..., HttpResponse]


def _admin_view(view: View) -> View:
    """Wagtail's ``require_admin_access`` (untyped), typed."""
    guarded: View = require_admin_access(view)
    return guarded


def superusers_only(view: View) -> View:
    """For reports that count or list pages of every site."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _admin_view(guarded)


def workflow_managers_only(view: View) -> View:
    """The task chooser lists every moderation task of the platform: it is
    for the people who build workflows, which no agency role does."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        user = request.user
        if not (
            user.is_superuser
            or user.has_perm("wagtailcore.add_workflow")
            or user.has_perm("wagtailcore.change_workflow")
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _admin_view(guarded)


def user_can_edit_object(user: User, instance: object) -> bool:
    """Page permissions for pages; the snippet's own policy (agency scope for
    agency-owned snippets) for everything else."""
    if isinstance(instance, Page):
        return bool(instance.permissions_for_user(user).can_edit())
    viewset = getattr(type(instance), "snippet_viewset", None)
    if viewset is None:
        return user.is_superuser
    return bool(
        viewset.permission_policy.user_has_permission_for_instance(
            user, "change", instance
        )
    )


def editable_page_required(view: View) -> View:
    """wagtail-localize lets anyone holding its global 'submit translation'
    permission translate any page; require edit permission on the page."""

    @wraps(view)
    def guarded(request: HttpRequest, page_id: int) -> HttpResponse:
        page = get_object_or_404(Page, pk=page_id).specific
        if not user_can_edit_object(request.user, page):
            raise PermissionDenied
        return view(request, page_id=page_id)

    return _admin_view(guarded)


def editable_snippet_required(view: View) -> View:
    @wraps(view)
    def guarded(
        request: HttpRequest, app_label: str, model_name: str, pk: str
    ) -> HttpResponse:
        model = get_snippet_model_from_url_params(app_label, model_name)
        instance = model._default_manager.filter(pk=pk).first()
        if instance is None:
            raise Http404
        if not user_can_edit_object(request.user, instance):
            raise PermissionDenied
        return view(request, app_label=app_label, model_name=model_name, pk=pk)

    return _admin_view(guarded)


def editable_source_required(view: View) -> View:
    """Syncing translations rewrites every translated copy of the source."""

    @wraps(view)
    def guarded(request: HttpRequest, translation_source_id: int) -> HttpResponse:
        source = get_object_or_404(TranslationSource, pk=translation_source_id)
        try:
            instance = source.get_source_instance()
        except ObjectDoesNotExist:
            raise Http404 from None
        if not user_can_edit_object(request.user, instance):
            raise PermissionDenied
        return view(request, translation_source_id=translation_source_id)

    return _admin_view(guarded)


class GuardedEditOverride(edit_translation.edit_override.cls):
    """wagtail-localize's override of a synchronised field in a translation
    (an image, a document, a page) is saved straight from the request, not
    through an admin form: the value must pass the same reference check
    (agency_sites.references) before it is kept."""

    def put(self, request: Request, *args: object, **kwargs: object) -> DRFResponse:
        user = request.user
        if user.is_superuser:
            return super().put(request, *args, **kwargs)
        translation = get_object_or_404(Translation, pk=kwargs["translation_id"])
        try:
            held = {
                (reference.model, reference.object_id)
                for reference in instance_references(translation.get_target_instance())
            }
        except ObjectDoesNotExist:
            held = set()
        with transaction.atomic():
            response = super().put(request, *args, **kwargs)
            if response.status_code >= 300:
                return response
            result = translation.source.get_ephemeral_translated_instance(
                translation.target_locale, fallback=True
            )
            added = [
                reference
                for reference in instance_references(result)
                if (reference.model, reference.object_id) not in held
            ]
            refused = unavailable_references(added, user=user)
            if refused:
                transaction.set_rollback(True)
                _reference, kind = refused[0]
                return DRFResponse(
                    {"error": str(MESSAGES.get(kind, MESSAGES["other"]))},
                    status=400,
                )
        return response


def explorer_landing(request: HttpRequest) -> HttpResponse:
    """Members of one agency land in its home page, not the tree root."""
    user = request.user
    if user.is_authenticated and not user.is_superuser:
        homes = list(
            AgencyGroup.objects.filter(group__user=user, agency__site__isnull=False)
            .values_list("agency__site__root_page_id", flat=True)
            .distinct()
        )
        if len(homes) == 1:
            return redirect("wagtailadmin_explore", homes[0])
    explorer: HttpResponse = base_page_viewset.index_view(request)
    return explorer


class ExternalLinkView(chooser.ExternalLinkView):
    """Wagtail's external-link chooser answers 500 to a POST without its URL
    field (its URL field calls ``startswith`` on None); a missing field is an
    empty one, which the form reports as required."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> object:
        field = f"{self.form_prefix}-url"
        if field not in request.POST:
            post = request.POST.copy()
            post[field] = ""
            request.POST = post  # type: ignore[assignment]  # read by Wagtail's view
        return super().post(request, *args, **kwargs)


urlpatterns: list[URLPattern] = [
    # Reports with their filter menus narrowed to the user's agencies.
    *[
        path(f"reports/{route}", require_admin_access(view))
        for route, view in (
            ("locked/", AgencyLockedPagesView.as_view()),
            ("locked/results/", AgencyLockedPagesView.as_view(results_only=True)),
            ("workflow/", AgencyWorkflowView.as_view()),
            ("workflow/results/", AgencyWorkflowView.as_view(results_only=True)),
            ("workflow_tasks/", AgencyWorkflowTasksView.as_view()),
            (
                "workflow_tasks/results/",
                AgencyWorkflowTasksView.as_view(results_only=True),
            ),
            ("site-history/", AgencyLogEntriesView.as_view()),
            (
                "site-history/results/",
                AgencyLogEntriesView.as_view(results_only=True),
            ),
        )
    ],
    path(
        "workflows/task_chooser/",
        workflow_managers_only(workflows.TaskChooserView.as_view()),
    ),
    path(
        "workflows/task_chooser/results/",
        workflow_managers_only(workflows.TaskChooserResultsView.as_view()),
    ),
    path(
        "workflows/task_chooser/create/",
        workflow_managers_only(workflows.TaskChooserCreateView.as_view()),
    ),
    path(
        "workflows/task_chooser/<int:task_id>/",
        workflow_managers_only(workflows.task_chosen),
    ),
    path(
        "choose-external-link/",
        require_admin_access(ExternalLinkView.as_view()),
        name="wagtailadmin_choose_page_external_link",
    ),
    path("pages/", require_admin_access(explorer_landing)),
    path(
        "reports/page-types-usage/",
        superusers_only(PageTypesUsageReportView.as_view()),
    ),
    path(
        "reports/page-types-usage/results/",
        superusers_only(PageTypesUsageReportView.as_view(results_only=True)),
    ),
    path(
        "localize/reports/translations/",
        superusers_only(report.TranslationsReportView.as_view()),
    ),
    path(
        "localize/reports/translations/results/",
        superusers_only(report.TranslationsReportView.as_view(results_only=True)),
    ),
    path(
        "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
        superusers_only(snippets_api.SnippetViewSet.as_view({"get": "list"})),
    ),
    path(
        "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
        superusers_only(snippets_api.SnippetViewSet.as_view({"get": "retrieve"})),
    ),
    path(
        "localize/submit/page/<int:page_id>/",
        editable_page_required(submit_translations.SubmitPageTranslationView.as_view()),
    ),
    path(
        "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
        editable_snippet_required(
            submit_translations.SubmitSnippetTranslationView.as_view()
        ),
    ),
    path(
        "localize/translate/<int:translation_id>/overrides/"
        "<int:overridable_segment_id>/edit/",
        GuardedEditOverride.as_view(),
    ),
    path(
        "localize/update/<int:translation_source_id>/",
        editable_source_required(UpdateTranslationsView.as_view()),
    ),
]

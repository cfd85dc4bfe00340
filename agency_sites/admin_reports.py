"""Wagtail's reports and the workflow task chooser, narrowed to the user's
agencies.

Their rows are already limited to pages the user may edit, but their filter
menus list every workflow, task and person of the platform (workflow names,
task names and e-mail addresses of other agencies). Agency members get the
same reports with those menus narrowed to their own agencies; superusers get
Wagtail's. The URLs are shadowed in agency_sites/admin_urls.py.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
)
from wagtail.admin.views.reports.locked_pages import (
    LockedPagesReportFilterSet,
    LockedPagesView,
)
from wagtail.admin.views.reports.workflows import (
    WorkflowReportFilterSet,
    WorkflowTasksReportFilterSet,
    WorkflowTasksView,
    WorkflowView,
)
from wagtail.models import Task, Workflow
from wagtail.permissions import page_permission_policy

from agency_sites.models import Agency


def colleagues(request: HttpRequest) -> QuerySet[User]:
    """People who belong to one of the user's agencies."""
    user_model = get_user_model()
    user = request.user
    if not user.is_authenticated:  # the admin lets no one in without a login
        return user_model.objects.none()
    agencies = Agency.objects.filter(role_groups__group__user=user)
    return (
        user_model.objects.filter(groups__agency_role__agency__in=agencies)
        .distinct()
        .order_by(user_model.USERNAME_FIELD)
    )


def own_workflows(request: HttpRequest) -> QuerySet[Workflow]:
    """Workflows that run on the user's pages."""
    pages = page_permission_policy.explorable_instances(request.user)
    workflows: QuerySet[Workflow] = Workflow.objects.filter(
        workflow_pages__page__in=pages
    ).distinct()
    return workflows


def own_tasks(request: HttpRequest) -> QuerySet[Task]:
    tasks: QuerySet[Task] = Task.objects.filter(
        workflow_tasks__workflow__in=own_workflows(request)
    ).distinct()
    return tasks


def narrow(
    filterset: WagtailFilterSet,
    request: HttpRequest | None,
    **querysets: Callable[[HttpRequest], QuerySet[Any]],
) -> None:
    """Replace the choices of the named filters for non-superusers."""
    if request is None or request.user.is_superuser:
        return
    for name, queryset_for in querysets.items():
        if name in filterset.filters:
            filterset.filters[name].queryset = queryset_for(request)


class AgencyWorkflowReportFilterSet(WorkflowReportFilterSet):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        narrow(self, self.request, requested_by=colleagues, workflow=own_workflows)


class AgencyWorkflowTasksReportFilterSet(WorkflowTasksReportFilterSet):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        narrow(self, self.request, workflow=own_workflows, task=own_tasks)


class AgencySiteHistoryReportFilterSet(SiteHistoryReportFilterSet):
    def get_users_queryset(self) -> QuerySet[User]:
        users: QuerySet[User] = super().get_users_queryset()
        if self.request.user.is_superuser:
            return users
        return users.filter(pk__in=colleagues(self.request).values("pk"))


class AgencyLockedPagesReportFilterSet(LockedPagesReportFilterSet):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        narrow(self, self.request, locked_by=colleagues)


class AgencyWorkflowView(WorkflowView):
    filterset_class = AgencyWorkflowReportFilterSet


class AgencyWorkflowTasksView(WorkflowTasksView):
    filterset_class = AgencyWorkflowTasksReportFilterSet


class AgencyLogEntriesView(LogEntriesView):
    filterset_class = AgencySiteHistoryReportFilterSet


class AgencyLockedPagesView(LockedPagesView):
    filterset_class = AgencyLockedPagesReportFilterSet

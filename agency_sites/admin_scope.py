"""One guard in front of every admin URL: objects named by a URL belong to
the user's agencies.

Wagtail checks permissions view by view, and some views (choosers, the admin
API, bulk-action confirmations, workflow and explorer frames) show an object
to any admin user who names its id. Ids are sequential, so every draft of the
platform could be enumerated. Instead of guarding views one by one, this
middleware reads the resolved URL before any admin view runs: every URL
argument and query parameter that names an object is mapped to a kind
(page, image, document, collection, snippet, revision, workflow state,
translation...) and the object must be one the user could reach in their own
agency. Anything else is answered as if it did not exist (404), so a refusal
reveals nothing: no title, URL, status or count.

The kinds come from the argument's name, and for a plain ``pk`` from the URL
namespace. ``tests/agency_sites/test_admin_routes.py`` enumerates every admin
URL pattern and fails on one whose arguments it cannot fill, so a pattern
added by a Wagtail upgrade cannot go unprobed.
"""

from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import ResolverMatch

from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.documents.permissions import (
    permission_policy as document_permission_policy,
)
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy as image_permission_policy
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Site,
    Task,
    TaskState,
    UploadedFile,
    WorkflowState,
)
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import get_snippet_models

from agency_sites.models import AgencyGroup
from agency_sites.permissions import REDIRECT_POLICY, User, is_portal_administrator
from agency_sites.selectors import choosable_pages
from cms.admin_titles import foreign_page

MEDIA_ACTIONS = ("choose", "change", "delete")
ADMIN_PREFIX = "admin/"

# URL arguments that always name the same kind of object.
KIND_BY_ARGUMENT: dict[str, str] = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_to_move_id": "page",
    "destination_id": "page",
    "page_pk": "page",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "collection_id": "collection",
    "revision_id": "revision",
    "revision_id_a": "revision",
    "revision_id_b": "revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "task_id": "task",
    "workflow_pk": "workflow",
    "translation_id": "translation",
    "translation_source_id": "translation_source",
    "uploaded_file_id": "uploaded_file",
    "session_id": "editing_session",
    "redirect_id": "redirect",
    # An agency named by its slug (its content-health report).
    "agency_slug": "agency",
}

# URL arguments that name no object: codes, model names, actions, tokens.
# (``string_segment_id`` and ``overridable_segment_id`` are checked by
# wagtail-localize against the translation, itself checked here.)
NOT_OBJECTS = frozenset(
    {
        "app_label",
        "model_name",
        "app_name",
        "content_type_app_name",
        "content_type_model_name",
        "action",
        "action_name",
        "mode",
        "filter_spec",
        "uidb64",
        "token",
        "string_segment_id",
        "overridable_segment_id",
    }
)

# What a plain ``pk`` (or ``object_id``) names, by URL namespace.
KIND_BY_NAMESPACE: dict[str, str] = {
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:images": "image",
    "wagtailadmin_api:documents": "document",
    "wagtailimages_chooser": "image",
    "wagtaildocs_chooser": "document",
    "wagtailadmin_collections": "collection",
    "agency_redirects": "redirect",
    "wagtailsettings": "site",
    "wagtaillocales": "global",
    "wagtailsites": "site",
    "wagtailusers_users": "global",
    "wagtailusers_groups": "global",
    # The portal's webhooks (publishing_events): guarded by their model
    # permissions, which only portal administrators hold.
    "webhook_endpoints": "global",
    "webhook_deliveries": "global",
}

# What the views of these URL names name (their ``?id=`` or ``pk``).
KIND_BY_URL_NAME: dict[str, str] = {
    "wagtailadmin_choose_page_chosen_multiple": "page",
}

# Query parameters that name objects; ``id`` is read with the kind of the view.
PAGE_QUERY_PARAMETERS = ("target_pages[]", "childOf", "parent_page_id", "page_id")


class ForeignPages:
    """Whether a page lies outside the trees where the user holds page
    permissions (read once per request, on first use)."""

    def __init__(self, user: User) -> None:
        self.user = user
        self._own_paths: tuple[str, ...] | None = None

    def __call__(self, page: Page) -> bool:
        if not self.user.is_authenticated or self.user.is_superuser:
            return False
        if self._own_paths is None:
            self._own_paths = tuple(
                GroupPagePermission.objects.filter(group__user=self.user)
                .values_list("page__path", flat=True)
                .distinct()
            )
        return not page.path.startswith(self._own_paths)


def page_is_explorable(user: User, pk: object) -> bool:
    """A page of the user's own trees (or one of their ancestors)."""
    return bool(
        page_permission_policy.explorable_instances(user).filter(pk=pk).exists()
    )


def page_is_choosable(user: User, pk: object) -> bool:
    """What the page chooser offers: the user's own pages, and live public
    pages of other sites (linking to another agency's published page is
    legitimate; seeing its drafts is not)."""
    return bool(choosable_pages(Page.objects.filter(pk=pk), user=user).exists())


def media_is_reachable(user: User, model: type[Model], pk: object) -> bool:
    policy = (
        image_permission_policy
        if model is get_image_model()
        else document_permission_policy
    )
    return bool(
        policy.instances_user_has_any_permission_for(user, MEDIA_ACTIONS)
        .filter(pk=pk)
        .exists()
    )


def collection_is_reachable(user: User, pk: object) -> bool:
    collection = Collection.objects.filter(pk=pk).first()
    if collection is None:
        return False
    return bool(
        GroupCollectionPermission.objects.filter(
            group__user=user,
            collection__in=collection.get_ancestors(inclusive=True),
        ).exists()
    )


def site_is_reachable(user: User, pk: object) -> bool:
    site = Site.objects.filter(pk=pk).first()
    if site is None:
        return False
    if site.is_default_site and is_portal_administrator(user):
        return True
    if not user.is_authenticated:  # the admin lets no one in without a login
        return False
    return AgencyGroup.objects.filter(group__user=user, agency__site=site).exists()


def agency_is_reachable(user: User, slug: object) -> bool:
    """An agency the user holds a role in (portal administrators: any)."""
    if is_portal_administrator(user):
        return True
    if not user.is_authenticated:
        return False
    return AgencyGroup.objects.filter(group__user=user, agency__slug=slug).exists()


def snippet_is_reachable(user: User, instance: Model) -> bool:
    """Agency-owned snippets through their site-scoped policy; global
    taxonomies (categories, topics) are the same for everyone."""
    viewset = getattr(type(instance), "snippet_viewset", None)
    policy = getattr(viewset, "permission_policy", None)
    if policy is None or not hasattr(policy, "site_lookup"):
        return True
    return bool(
        policy.user_has_any_permission_for_instance(
            user, ["add", "change", "delete", "publish"], instance
        )
    )


def object_is_reachable(user: User, instance: Model | None) -> bool:
    """Any content object (what a revision, workflow state or translation is
    about)."""
    if instance is None:
        return False
    if isinstance(instance, Page):
        return page_is_explorable(user, instance.pk)
    if isinstance(instance, get_image_model() | get_document_model()):
        return media_is_reachable(user, type(instance), instance.pk)
    if isinstance(instance, Collection):
        return collection_is_reachable(user, instance.pk)
    if isinstance(instance, Redirect):
        return REDIRECT_POLICY.user_has_any_permission_for_instance(
            user, ["add", "change", "delete"], instance
        )
    if isinstance(instance, Site):
        return site_is_reachable(user, instance.pk)
    return snippet_is_reachable(user, instance)


def _content_object(model: type[Model], pk: object, attribute: str) -> Model | None:
    holder = model._default_manager.filter(pk=pk).first()
    if holder is None:
        return None
    try:
        content: Model | None = getattr(holder, attribute)
    except ObjectDoesNotExist:
        return None
    return content


def _translation_object(pk: object, *, source: bool) -> Model | None:
    from wagtail_localize.models import Translation, TranslationSource

    if source:
        holder = TranslationSource.objects.filter(pk=pk).first()
    else:
        translation = Translation.objects.filter(pk=pk).select_related("source")
        holder = getattr(translation.first(), "source", None)
    if holder is None:
        return None
    try:
        instance: Model | None = holder.get_source_instance()
    except ObjectDoesNotExist:
        return None
    return instance


def task_is_reachable(user: User, pk: object) -> bool:
    """A task of a workflow that runs on the user's pages."""
    explorable = page_permission_policy.explorable_instances(user)
    return bool(
        Task.objects.filter(
            pk=pk, workflow_tasks__workflow__workflow_pages__page__in=explorable
        ).exists()
    )


def workflow_is_reachable(user: User, pk: object) -> bool:
    explorable = page_permission_policy.explorable_instances(user)
    from wagtail.models import Workflow

    return bool(
        Workflow.objects.filter(pk=pk, workflow_pages__page__in=explorable).exists()
    )


def kind_is_reachable(user: User, kind: str, pk: object, *, chooser: bool) -> bool:
    """Whether the object of ``kind`` with primary key ``pk`` may be named by
    this user in an admin URL."""
    if kind == "global":
        # Locales, users and groups: Wagtail's model permissions (which no
        # agency role holds) guard these views.
        return True
    if kind == "agency":
        return agency_is_reachable(user, pk)
    if kind == "page":
        return (page_is_choosable if chooser else page_is_explorable)(user, pk)
    if kind == "image":
        return media_is_reachable(user, get_image_model(), pk)
    if kind == "document":
        return media_is_reachable(user, get_document_model(), pk)
    if kind == "collection":
        return collection_is_reachable(user, pk)
    if kind == "site":
        return site_is_reachable(user, pk)
    if kind == "redirect":
        redirect = Redirect.objects.filter(pk=pk).first()
        return redirect is not None and object_is_reachable(user, redirect)
    if kind == "revision":
        return object_is_reachable(
            user, _content_object(Revision, pk, "content_object")
        )
    if kind == "workflow_state":
        return object_is_reachable(
            user, _content_object(WorkflowState, pk, "content_object")
        )
    if kind == "task_state":
        state = TaskState.objects.filter(pk=pk).select_related("workflow_state")
        first = state.first()
        return first is not None and object_is_reachable(
            user, first.workflow_state.content_object
        )
    if kind == "task":
        return task_is_reachable(user, pk)
    if kind == "workflow":
        return workflow_is_reachable(user, pk)
    if kind in ("translation", "translation_source"):
        return object_is_reachable(
            user, _translation_object(pk, source=kind == "translation_source")
        )
    if kind == "uploaded_file":
        return bool(UploadedFile.objects.filter(pk=pk, uploaded_by_user=user).exists())
    if kind == "editing_session":
        return bool(EditingSession.objects.filter(pk=pk, user=user).exists())
    model = model_for_kind(kind)
    if model is None:
        # An unknown kind is refused rather than let through.
        return False
    instance = model._default_manager.filter(pk=pk).first()
    return instance is not None and object_is_reachable(user, instance)


def model_for_kind(kind: str) -> type[Model] | None:
    """``app_label.model_name`` kinds (snippets, bulk actions, sessions)."""
    if "." not in kind:
        return None
    try:
        return apps.get_model(kind)
    except (LookupError, ValueError):
        return None


def _snippet_kinds() -> dict[str, str]:
    """URL namespaces of snippet views and choosers, to ``app.model``."""
    kinds = {}
    for model in get_snippet_models():
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        kind = model._meta.label_lower
        kinds[f"wagtailsnippets_{label}"] = kind
        kinds[f"wagtailsnippetchoosers_{label}"] = kind
    return kinds


def model_kind(app_label: str, model_name: str) -> str:
    model = model_for_kind(f"{app_label}.{model_name}")
    if model is None:
        raise Http404
    if issubclass(model, Page):
        return "page"
    if model is get_image_model():
        return "image"
    if model is get_document_model():
        return "document"
    return model._meta.label_lower


def named_objects(match: ResolverMatch, query: QueryDict) -> list[tuple[str, str]]:
    """Every (kind, primary key) that a resolved admin URL names, in its path
    arguments and its query string."""
    namespace = match.namespace
    kinds_by_namespace = {**KIND_BY_NAMESPACE, **_snippet_kinds()}
    view_kind = kinds_by_namespace.get(namespace) or KIND_BY_URL_NAME.get(
        match.url_name or ""
    )
    kwargs = dict(match.kwargs)
    if "app_label" in kwargs and "model_name" in kwargs:
        view_kind = model_kind(kwargs["app_label"], kwargs["model_name"])
    if namespace == "wagtailadmin_workflows":
        view_kind = "task" if "task" in (match.url_name or "") else "workflow"
    named: list[tuple[str, str]] = []
    for argument, value in kwargs.items():
        if argument in NOT_OBJECTS:
            continue
        kind = KIND_BY_ARGUMENT.get(argument)
        if kind is None and argument in ("pk", "object_id"):
            kind = view_kind
        if kind is None:
            # An argument nobody has classified: refuse rather than guess.
            raise Http404
        named.append((kind, str(value)))
    if match.url_name == "revisions_compare" and match.args:
        # The page's revision comparison is a regex with positional groups.
        page_id, *revisions = match.args
        named.append(("page", page_id))
        named += [("revision", r) for r in revisions if str(r).isdigit()]
    elif match.args:
        raise Http404
    if view_kind is not None:
        named += [("__ids__", value) for value in query.getlist("id")]
    for parameter in PAGE_QUERY_PARAMETERS:
        named += [("page", value) for value in query.getlist(parameter) if value]
    named += [("collection", value) for value in query.getlist("collection_id")]
    resolved: list[tuple[str, str]] = []
    for kind, value in named:
        if kind == "__ids__" and view_kind is not None:  # added only then
            kind = view_kind
        resolved.append((kind, value))
    return resolved


def is_chooser(match: ResolverMatch) -> bool:
    return "choose" in (match.namespace or "") or "choose" in (match.url_name or "")


def guard_admin_request(request: HttpRequest, match: ResolverMatch) -> None:
    """Raise Http404 unless every object the request names is reachable."""
    user = request.user
    if not user.is_authenticated or user.is_superuser:
        return
    chooser = is_chooser(match)
    for kind, value in named_objects(match, request.GET):
        if value == "all":
            # ``?id=all`` of a bulk action: see expand_bulk_selection.
            continue
        reachable = False
        with suppress(ValueError, ValidationError, OverflowError):
            reachable = kind_is_reachable(user, kind, value, chooser=chooser)
        if not reachable:
            raise Http404


def expand_bulk_selection(request: HttpRequest, match: ResolverMatch) -> None:
    """``?id=all`` selects every object of the model: keep only those the
    user can reach, so a bulk-action confirmation never lists (even as
    "no permission") another agency's objects."""
    if match.url_name != "wagtail_bulk_action" or "all" not in request.GET.getlist(
        "id"
    ):
        return
    user = request.user
    if user.is_superuser:
        return
    kind = model_kind(match.kwargs["app_label"], match.kwargs["model_name"])
    ids = reachable_ids(user, kind, request.GET.get("childOf"))
    if kind == "page" and match.kwargs.get("action") in ("delete", "move"):
        # Deleting or moving a page takes its subtree along: select only the
        # topmost pages, or Wagtail would act on pages already gone.
        ids = topmost_pages(ids)
    query = request.GET.copy()
    query.setlist("id", [str(pk) for pk in ids])
    # Wagtail's bulk action reads its selection from request.GET.
    request.GET = query  # type: ignore[assignment]


def topmost_pages(ids: Iterable[int]) -> list[int]:
    """Of ``ids``, the pages none of whose ancestors is among them."""
    kept: list[tuple[str, int]] = []
    for path, pk in (
        Page.objects.filter(pk__in=list(ids)).order_by("path").values_list("path", "pk")
    ):
        # In path order a subtree follows its root: compare with the last kept.
        if not kept or not path.startswith(kept[-1][0]):
            kept.append((path, pk))
    return [pk for _path, pk in kept]


def reachable_ids(user: User, kind: str, child_of: str | None) -> Iterable[int]:
    if kind == "page":
        # Wagtail selects the children of ``childOf``, or every page; of
        # those, the user's own (never the shared root above their trees).
        pages = page_permission_policy.explorable_instances(user).filter(depth__gt=1)
        if child_of and child_of.isdigit():
            parent = Page.objects.filter(pk=child_of).first()
            if parent is None:
                return []
            pages = pages.filter(path__startswith=parent.path, depth=parent.depth + 1)
        page_ids: QuerySet[Page, int] = pages.values_list("pk", flat=True)
        return page_ids
    if kind in ("image", "document"):
        policy = (
            image_permission_policy if kind == "image" else document_permission_policy
        )
        media_ids: QuerySet[Any, int] = policy.instances_user_has_any_permission_for(
            user, MEDIA_ACTIONS
        ).values_list("pk", flat=True)
        return media_ids
    model = model_for_kind(kind)
    if model is None:
        return []
    return [
        instance.pk
        for instance in model._default_manager.all()
        if object_is_reachable(user, instance)
    ]


class AdminScopeMiddleware:
    """Applies :func:`guard_admin_request` to every admin URL (those whose
    view is registered under Wagtail's admin URLconf)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if not request.path.startswith(f"/{ADMIN_PREFIX}") or user is None:
            return self.get_response(request)
        token = foreign_page.set(ForeignPages(user))
        try:
            return self.get_response(request)
        finally:
            foreign_page.reset(token)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or not match.route.startswith(ADMIN_PREFIX):
            return None
        guard_admin_request(request, match)
        expand_bulk_selection(request, match)
        return None

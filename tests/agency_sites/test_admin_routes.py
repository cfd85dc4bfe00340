"""Every admin URL pattern, probed with another agency's objects.

The permission matrix proves the actions it lists; this test proves the
routes nobody listed. It walks every URL pattern the admin resolver knows
(Wagtail's, wagtail-localize's, bulk actions', ours), fills each object
argument with an object of the *other* agency of the matching kind (draft
page, private page, revision, image, document, collection, snippet,
workflow and task state, redirect, site settings, translation, upload,
editing session), and requests it as that agency's editor, moderator and
administrator, GET and POST. A probe passes when it is refused, or answers
without any of the other agency's secret strings and leaves the other
agency's data unchanged.

A pattern whose arguments the test does not know how to fill fails the test
(``unfillable``), so a pattern added by a Wagtail upgrade or a new app
cannot go unprobed.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse, QueryDict
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import (
    Collection,
    Locale,
    Page,
    PageViewRestriction,
    Revision,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
)
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    Translation,
    TranslationSource,
)

from agency_sites.models import AgencySettings
from cms.models import StandardPage
from publishing_events.models import Event, WebhookDelivery, WebhookEndpoint
from publishing_events.webhooks import new_secret
from tests.factories import build_tenancy_world

OWN, OTHER = "alpha", "zqother"
ROLES = ("editor", "moderator", "administrator")

# Wagtail's page for checking that server errors are reported: it names no
# object and fails on purpose.
DELIBERATE_ERRORS = ("admin/failwhale/",)

# A plausible body for any admin form: titles, slugs, actions, comments.
POST_BODY = {
    "title": "Probe",
    "slug": "probe",
    "comment": "",
    "action-publish": "publish",
    "name": "Probe",
    "message": "Probe",
    "old_path": "/probe",
    "value": "Probe",
    "new_title": "Probe",
    "new_slug": "probe",
    "new_parent_page": "",
    "copy_subpages": "on",
    "publish_copies": "on",
    "restriction_type": "none",
}


@dataclass(frozen=True)
class Probe:
    pattern: str  # the route as the resolver knows it
    url: str
    methods: tuple[str, ...] = ("get", "post")


def walk(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, str, URLPattern]]:
    """(route, namespace, name, pattern) of every URL pattern."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            yield from walk(entry, prefix + str(entry.pattern), inner)
        else:
            yield prefix + str(entry.pattern), namespace, entry.name or "", entry


def admin_patterns() -> list[tuple[str, str, str, URLPattern]]:
    return [entry for entry in walk(get_resolver()) if entry[0].startswith("admin/")]


ARGUMENT = re.compile(
    r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rx>\w+)>[^)]*\)"
)


class World:
    """The other agency's objects, one of each kind, and its secrets."""

    def __init__(self, worlds: dict, other: str) -> None:
        world = worlds[other]
        agency = world.agency
        self.world = world
        editor = world.users["editor"]
        self.private_page = StandardPage(
            title=f"Private {world.token} secret", slug="private-probe", live=True
        )
        world.about.add_child(instance=self.private_page)
        self.private_page.save_revision().publish()
        PageViewRestriction.objects.create(
            page=self.private_page, restriction_type="password", password="x"
        )
        self.locked_page = StandardPage(
            title=f"Locked draft {world.token}", slug="locked-probe", live=False
        )
        world.about.add_child(instance=self.locked_page)
        self.locked_page.save_revision(user=editor)
        Page.objects.filter(pk=self.locked_page.pk).update(
            locked=True, locked_by=editor
        )
        self.revision = Revision.page_revisions.filter(
            object_id=str(world.live_page.pk)
        ).latest("pk")
        self.alert_revision = world.alert.latest_revision
        self.workflow_state = WorkflowState.objects.get(
            object_id=str(world.pending_page.pk), status="in_progress"
        )
        self.task_state = TaskState.objects.get(
            workflow_state=self.workflow_state, status="in_progress"
        )
        self.workflow = Workflow.objects.get(pk=agency.workflow_id)
        self.task = Task.objects.filter(workflow_tasks__workflow=self.workflow).first()
        self.upload = UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(type(world.image)),
            file=SimpleUploadedFile(f"upload-{world.token}.png", b"x"),
            uploaded_by_user=editor,
        )
        self.session = EditingSession.objects.create(
            user=editor,
            content_type_id=world.live_page.content_type_id,
            object_id=str(world.live_page.pk),
            last_seen_at=timezone.now(),
        )
        source = TranslationSource.objects.filter(
            object_id=world.about.translation_key
        ).first()
        self.translation_source = source
        self.translation = Translation.objects.filter(source=source).first()
        self.string_segment = StringSegment.objects.filter(source=source).first()
        self.overridable_segment = OverridableSegment.objects.filter(
            source=source
        ).first()
        settings = AgencySettings.for_site(agency.site)
        settings.email = f"press@{world.token}.example"
        settings.phone = f"+992 {world.token}"
        settings.save()
        self.settings_site = agency.site
        self.editors_group = Group.objects.get(name=f"{other} editors")
        # The portal's webhooks: global, no agency role may see or change them.
        self.webhook = WebhookEndpoint.objects.create(
            url=f"https://hooks.example/{world.token}", secret=new_secret()
        )
        event = Event.objects.create(
            type="agency.offline",
            occurred_at=timezone.now(),
            item_type="agency",
            item_id=agency.pk,
            agency_slug=agency.slug,
            payload={"type": "agency.offline", "data": {}},
        )
        self.delivery = WebhookDelivery.objects.create(
            endpoint=self.webhook, event=event
        )
        self.secrets = [
            f"Guide draft {world.token}",
            f"Unpublished {world.token}",
            f"Pending {world.token}",
            f"Private {world.token} secret",
            f"Locked draft {world.token}",
            world.image.title,
            world.image.file.name,
            world.document.title,
            world.document.file.name,
            world.alert.message,
            world.redirect.old_path,
            settings.email,
            self.workflow.name,
            self.task.name,
            agency.image_collection.name,
            agency.document_collection.name,
            f"upload-{world.token}",
            editor.email,
            self.webhook.secret,
            self.webhook.url,
        ]

    def by_kind(self) -> dict[str, str]:
        world = self.world
        return {
            "page": str(world.draft_page.pk),
            "image": str(world.image.pk),
            "document": str(world.document.pk),
            "collection": str(world.agency.image_collection_id),
            "revision": str(self.revision.pk),
            "snippet_revision": str(self.alert_revision.pk),
            "task_state": str(self.task_state.pk),
            "workflow_state": str(self.workflow_state.pk),
            "task": str(self.task.pk),
            "workflow": str(self.workflow.pk),
            "translation": str(self.translation.pk),
            "translation_source": str(self.translation_source.pk),
            "string_segment": str(self.string_segment.pk),
            "overridable_segment": str(
                getattr(self.overridable_segment, "pk", self.string_segment.pk)
            ),
            "uploaded_file": str(self.upload.pk),
            "editing_session": str(self.session.pk),
            "redirect": str(world.redirect.pk),
            "site": str(self.settings_site.pk),
            "alert": str(world.alert.pk),
            "user": str(world.users["editor"].pk),
            "group": str(self.editors_group.pk),
            "locale": str(Locale.objects.get(language_code="tg").pk),
            "agency": world.agency.slug,
            "webhook": str(self.webhook.pk),
            "webhook_delivery": str(self.delivery.pk),
        }

    def page_ids(self) -> list[str]:
        """Several pages, each a different state."""
        world = self.world
        return [
            str(page.pk)
            for page in (world.draft_page, self.private_page, world.pending_page)
        ]


# The kind of object each URL argument names (the test's own table, kept
# apart from the guard's so that a mistake in one is caught by the other).
ARGUMENT_KINDS = {
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
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "task_id": "task",
    "workflow_pk": "workflow",
    "translation_id": "translation",
    "translation_source_id": "translation_source",
    "string_segment_id": "string_segment",
    "overridable_segment_id": "overridable_segment",
    "uploaded_file_id": "uploaded_file",
    "session_id": "editing_session",
    "redirect_id": "redirect",
    "agency_slug": "agency",
}
# What ``pk`` names, by namespace (snippets by their model, below).
PK_KINDS = {
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:images": "image",
    "wagtailadmin_api:documents": "document",
    "wagtailimages_chooser": "image",
    "wagtaildocs_chooser": "document",
    "wagtailadmin_collections": "collection",
    "agency_redirects": "redirect",
    "wagtailsettings": "site",
    "wagtailsites": "site",
    "wagtaillocales": "locale",
    "wagtailusers_users": "user",
    "wagtailusers_groups": "group",
    "wagtailsnippets_home_alertbanner": "alert",
    "wagtailsnippetchoosers_home_alertbanner": "alert",
    "webhook_endpoints": "webhook",
    "webhook_deliveries": "webhook_delivery",
}
# Global taxonomies: the same for every agency, no agency's object to fill.
GLOBAL_SNIPPETS = ("servicecategory", "newstopic", "rulesetting")
# Arguments that name no object, with a value that makes the URL resolve.
PLAIN_VALUES = {
    "content_type_app_name": "cms",
    "content_type_model_name": "standardpage",
    "app_name": "agency_sites",
    "mode": "x",
    "filter_spec": "original",
    "uidb64": "MQ",
    "token": "probe-token",
    "action_name": "approve",
}


class AdminRouteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            worlds, _portal_admin = build_tenancy_world([OWN, OTHER])
        cls.worlds = worlds
        cls.other = World(worlds, OTHER)

    # --- the other agency's state, to catch writes -------------------------

    def fingerprint(self) -> tuple:
        world = self.other.world
        agency = world.agency
        homes = Page.objects.filter(
            translation_key=world.home.translation_key
        ).values_list("path", flat=True)
        pages = Page.objects.none()
        for path in homes:
            pages = pages | Page.objects.filter(path__startswith=path)
        page_rows = list(
            pages.order_by("pk").values_list(
                "pk",
                "title",
                "draft_title",
                "slug",
                "path",
                "live",
                "has_unpublished_changes",
                "latest_revision_id",
                "live_revision_id",
                "locked",
                "alias_of_id",
                "go_live_at",
                "expire_at",
            )
        )
        page_ids = [str(row[0]) for row in page_rows]
        return (
            page_rows,
            Revision.objects.filter(object_id__in=page_ids).count(),
            list(
                PageViewRestriction.objects.filter(page__in=pages)
                .order_by("pk")
                .values_list("pk", "restriction_type", "password")
            ),
            list(
                WorkflowState.objects.filter(object_id__in=page_ids)
                .order_by("pk")
                .values_list("pk", "status")
            ),
            list(
                TaskState.objects.filter(workflow_state__object_id__in=page_ids)
                .order_by("pk")
                .values_list("pk", "status")
            ),
            list(
                type(world.image)
                .objects.filter(pk=world.image.pk)
                .values_list("title", "collection_id", "file")
            ),
            list(
                type(world.document)
                .objects.filter(pk=world.document.pk)
                .values_list("title", "collection_id", "file")
            ),
            list(
                type(world.alert)
                .objects.filter(agency=agency)
                .order_by("pk")
                .values_list("pk", "message", "live", "latest_revision_id")
            ),
            list(
                type(world.redirect)
                .objects.filter(site=agency.site)
                .order_by("pk")
                .values_list("pk", "old_path", "redirect_link", "redirect_page_id")
            ),
            list(
                Collection.objects.filter(
                    pk__in=[agency.image_collection_id, agency.document_collection_id]
                )
                .order_by("pk")
                .values_list("pk", "name", "path", "numchild")
            ),
            list(
                AgencySettings.objects.filter(site=agency.site).values_list(
                    "email", "phone", "emblem_id", "accent_colour"
                )
            ),
            list(
                Workflow.objects.filter(pk=agency.workflow_id).values_list(
                    "name", "active"
                )
            ),
            list(
                Translation.objects.filter(
                    source__object_id=world.about.translation_key
                )
                .order_by("pk")
                .values_list("pk", "enabled")
            ),
            list(
                type(world.users["editor"])
                .objects.filter(groups__agency_role__agency=agency)
                .order_by("pk")
                .values_list("pk", "is_active", "email", "is_superuser")
            ),
            Group.objects.get(name=f"{OTHER} editors").permissions.count(),
            list(
                WebhookEndpoint.objects.order_by("pk").values_list(
                    "pk", "url", "secret", "enabled"
                )
            ),
            list(WebhookDelivery.objects.order_by("pk").values_list("pk", "status")),
        )

    def fingerprint_and_tables(self) -> tuple[tuple, list[str]]:
        """The fingerprint, and the tables it reads (for :func:`writes_to`)."""
        statements: list[str] = []

        def record(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            fingerprint = self.fingerprint()
        tables = [
            table
            for table in connection.introspection.table_names()
            if any(f'"{table}"' in sql for sql in statements)
        ]
        assert "wagtailcore_page" in tables, tables
        return fingerprint, tables

    # --- the probes, generated from the resolver ---------------------------

    def probes(self) -> tuple[list[Probe], list[str], int]:
        """Every admin pattern filled with the other agency's objects; the
        patterns that could not be filled; the number of patterns."""
        kinds = self.other.by_kind()
        probes: list[Probe] = []
        unfillable: list[str] = []
        patterns = admin_patterns()
        for route, namespace, name, _pattern in patterns:
            urls = self.fill(route, namespace, name, kinds)
            if urls is None:
                unfillable.append(f"{namespace}:{name} {route}")
                continue
            probes += [
                Probe(route, url, ("get",) if "?q=" in url else ("get", "post"))
                for url in urls
            ]
        return probes, unfillable, len(patterns)

    def fill(
        self, route: str, namespace: str, name: str, kinds: dict[str, str]
    ) -> list[str] | None:
        path = route.replace("^", "").replace("$", "").replace("\\.", ".")
        if name == "revisions_compare" and namespace == "wagtailadmin_pages":
            page = str(self.other.world.live_page.pk)
            revision = kinds["revision"]
            return [
                f"/admin/pages/{page}/revisions/compare/earliest...latest/",
                f"/admin/pages/{page}/revisions/compare/{revision}...live/",
            ]
        if path == "admin/.*/":
            return ["/admin/no-such-admin-page/"]
        if name == "wagtail_bulk_action":
            return self.bulk_urls(kinds)
        arguments = [m.group("name") or m.group("rx") for m in ARGUMENT.finditer(path)]
        values: dict[str, list[str]] = {}
        model_kind = None
        if "tag-autocomplete" in path:
            values.update(app_name=["news"], model_name=["newspage"])
        for argument in arguments:
            if argument in values:
                continue
            if argument == "model_name" and "app_label" not in arguments:
                # Site settings: the agency's settings model.
                values[argument] = ["agencysettings"]
                continue
            if argument in ("app_label", "model_name"):
                continue
            if argument in ARGUMENT_KINDS:
                kind = ARGUMENT_KINDS[argument]
                if kind == "page":
                    values[argument] = self.other.page_ids()
                elif kind == "revision" and "snippets" in path:
                    values[argument] = [kinds["snippet_revision"]]
                else:
                    values[argument] = [kinds[kind]]
            elif argument in ("revision_id_a", "revision_id_b"):
                values[argument] = [kinds["snippet_revision"]]
            elif argument in PLAIN_VALUES:
                values[argument] = [PLAIN_VALUES[argument]]
            elif argument == "action":
                return None
            elif argument in ("pk", "object_id"):
                kind = PK_KINDS.get(namespace)
                if namespace == "wagtailadmin_workflows":
                    kind = "task" if "task" in name else "workflow"
                if "app_label" in arguments:
                    model_kind = "model"
                    continue
                if kind is None:
                    if any(s in namespace for s in GLOBAL_SNIPPETS):
                        # A global taxonomy's first item: not agency-owned.
                        values[argument] = ["1"]
                        continue
                    return None
                values[argument] = (
                    self.other.page_ids() if kind == "page" else [kinds[kind]]
                )
            else:
                return None
        if "app_label" in arguments:
            return self.model_urls(path, arguments, values, kinds, model_kind)
        if name == "action" and namespace == "wagtailadmin_api:pages":
            return [
                self.materialise(path, {**first(values), "action_name": action})
                for action in PagesAdminAPIViewSet.actions
            ]
        return self.expand(path, values) + self.query_probes(path, namespace, name)

    def model_urls(
        self,
        path: str,
        arguments: list[str],
        values: dict[str, list[str]],
        kinds: dict[str, str],
        model_kind: str | None,
    ) -> list[str]:
        """Routes that name a model by app label and model name: pages, the
        moderation tasks, snippets (alert banners: the agency-owned one)."""
        if "workflows/tasks/add" in path:
            models = [("wagtailcore", "groupapprovaltask", None)]
        elif "pages/create" in path:
            models = [("cms", "standardpage", None)]
        elif "tag-autocomplete" in path:
            models = [("news", "newspage", None)]
        else:
            models = [
                ("home", "alertbanner", kinds["alert"]),
                ("wagtailcore", "page", kinds["page"]),
            ]
        urls = []
        for app_label, model_name, pk in models:
            filled = {k: v[0] for k, v in values.items()}
            filled.update(app_label=app_label, model_name=model_name)
            if model_kind is not None:
                key = "pk" if "pk" in arguments else "object_id"
                if pk is None:
                    continue
                filled[key] = pk
            urls.append(self.materialise(path, filled))
        return urls

    def bulk_urls(self, kinds: dict[str, str]) -> list[str]:
        bulk_action_registry._scan_for_bulk_actions()
        ids_by_model = {
            ("wagtailcore", "page"): self.other.page_ids(),
            ("cms", "customimage"): [kinds["image"]],
            ("cms", "customdocument"): [kinds["document"]],
            ("home", "alertbanner"): [kinds["alert"]],
            ("auth", "user"): [kinds["user"]],
            ("agency_sites", "agencyredirect"): [kinds["redirect"]],
        }
        urls = []
        for app_label, models in bulk_action_registry.actions.items():
            for model_name, actions in models.items():
                ids = ids_by_model.get((app_label, model_name))
                if ids is None:
                    # Registered for a model this platform does not use.
                    ids = [kinds["page"]]
                for action in actions:
                    query = "&".join(f"id={pk}" for pk in ids)
                    base = f"/admin/bulk/{app_label}/{model_name}/{action}/"
                    urls += [f"{base}?{query}", f"{base}?id=all"]
        return urls

    def query_probes(self, path: str, namespace: str, name: str) -> list[str]:
        """Listing and chooser routes: a search for the other agency's word,
        and the ids that choosers and listings read from the query."""
        if ARGUMENT.search(path):
            return []
        base = "/" + path
        world = self.other.world
        probes = [f"{base}?q={world.token}"]
        if "chosen" in name or "chosen" in path:
            kind = PK_KINDS.get(namespace, "page")
            ids = (
                self.other.page_ids()
                if kind == "page"
                else [self.other.by_kind().get(kind, "1")]
            )
            probes.append(base + "?" + "&".join(f"id={pk}" for pk in ids))
        if "choose-page" in path:
            probes.append(f"{base}?target_pages[]={world.draft_page.pk}")
        if any(word in path for word in ("images", "documents", "collections")):
            collection = world.agency.image_collection_id
            probes.append(f"{base}?collection_id={collection}")
        return probes

    def expand(self, path: str, values: dict[str, list[str]]) -> list[str]:
        urls = [{}]
        for argument, options in values.items():
            urls = [{**url, argument: option} for url in urls for option in options]
        return [self.materialise(path, url) for url in urls]

    @staticmethod
    def materialise(path: str, values: dict[str, str]) -> str:
        def replace(match: re.Match) -> str:
            return values[match.group("name") or match.group("rx")]

        return "/" + ARGUMENT.sub(replace, path)

    # --- the test ----------------------------------------------------------

    # One test per role, so that each stays well inside pytest-timeout's
    # limit on a loaded machine (the three together take about 10 minutes).

    def test_no_admin_route_reveals_or_changes_another_agency_to_an_editor(self):
        self.check_every_route_as("editor")

    def test_no_admin_route_reveals_or_changes_another_agency_to_a_moderator(self):
        self.check_every_route_as("moderator")

    def test_no_admin_route_reveals_or_changes_another_agency_to_an_administrator(
        self,
    ):
        self.check_every_route_as("administrator")

    def test_every_role_is_probed(self):
        probed = {
            name.rsplit("_to_an_", 1)[-1].rsplit("_to_a_", 1)[-1]
            for name in dir(self)
            if name.startswith("test_no_admin_route_")
        }
        assert probed == set(ROLES)

    @staticmethod
    def request(client: Client, method: str, url: str) -> tuple[HttpResponse, str]:
        """The response at the end of ``url``'s redirects, and the text of
        every message the requests along them left for the next page.

        A redirect to the dashboard (how the admin refuses most things) is
        not followed: the dashboard shows nothing of the probe but those
        messages, which are read here and dropped, and rendering it for
        every refusal was most of this test's time. The dashboard is probed
        as a route of its own."""
        data = None if method == "get" else POST_BODY
        response = getattr(client, method)(url, data)
        said: list[str] = []
        for _hop in range(10):
            messages = getattr(response.wsgi_request, "_messages", None)
            if messages is not None:
                said += [str(message.message) for message in messages._queued_messages]
            if response.status_code not in (301, 302, 303, 307, 308):
                break
            target = urlsplit(response["Location"])
            if target.path == reverse("wagtailadmin_home"):
                client.cookies.pop("messages", None)
                break
            if response.status_code in (307, 308):  # the same request again
                response = getattr(client, method)(response["Location"], data)
            else:
                response = client.get(target.path, QueryDict(target.query))
        return response, "\n".join(said)

    def test_a_write_to_the_other_agency_is_seen(self):
        """The probes' write check: a change to the other agency's page
        moves the write count of the watched tables and the fingerprint."""
        baseline, watched = self.fingerprint_and_tables()
        before = writes_to(watched)
        Page.objects.filter(pk=self.other.world.live_page.pk).update(title="Changed")
        assert writes_to(watched) != before
        assert self.fingerprint() != baseline

    def check_every_route_as(self, role: str) -> None:
        probes, unfillable, pattern_count = self.probes()
        assert unfillable == [], (
            "Admin URL patterns this test cannot fill with another agency's "
            "objects (teach ARGUMENT_KINDS/PK_KINDS/PLAIN_VALUES):\n"
            + "\n".join(unfillable)
        )
        world = self.worlds[OWN]
        baseline, watched = self.fingerprint_and_tables()
        secrets = self.other.secrets
        leaks: list[str] = []
        writes: list[str] = []
        errors: list[str] = []
        requests = 0
        client = Client(raise_request_exception=False)
        client.force_login(world.users[role])
        for probe in probes:
            # GET then POST in one savepoint, rolled back afterwards; the
            # other agency's data must be as before either way.
            with transaction.atomic():
                writes_before = writes_to(watched)
                for method in probe.methods:
                    response, said = self.request(client, method, probe.url)
                    requests += 1
                    case = f"{role} {method.upper()} {probe.url}"
                    if response.status_code >= 500 and probe.pattern not in (
                        DELIBERATE_ERRORS
                    ):
                        errors.append(f"{case} -> {response.status_code}")
                    body = b"".join(
                        getattr(response, "streaming_content", None)
                        or [response.content]
                    ).decode(errors="replace")
                    found = [s for s in secrets if s in body]
                    if found and response.status_code < 400:
                        leaks.append(f"{case} -> {response.status_code}: {found}")
                        print("LEAK", leaks[-1])  # noqa: T201
                    found = [s for s in secrets if s in said]
                    if found:
                        leaks.append(f"{case} -> message: {found}")
                        print("LEAK", leaks[-1])  # noqa: T201
                written = writes_to(watched)
                unknown = written is None or written != writes_before
                if unknown and self.fingerprint() != baseline:
                    writes.append(f"{role} GET+POST {probe.url}")
                    print("WRITE", writes[-1])  # noqa: T201
                transaction.set_rollback(True)
            cache.clear()
            if "_auth_user_id" not in client.session:
                # A logout (or a password change) ended the session:
                # sign in again for the next probe.
                client.force_login(world.users[role])
        print(  # noqa: T201
            f"\nadmin routes: {pattern_count} patterns, {len(probes)} probes, "
            f"{requests} requests"
        )
        assert pattern_count > 250
        assert errors == [], f"{len(errors)} server errors:\n" + "\n".join(errors)
        assert leaks == [], f"{len(leaks)} leaks:\n" + "\n".join(leaks)
        assert writes == [], f"{len(writes)} writes:\n" + "\n".join(writes)


def writes_to(tables: list[str]) -> int | None:
    """Rows inserted, updated or deleted in ``tables`` so far in this
    transaction, savepoints included (PostgreSQL's per-transaction
    statistics): a probe that left the count unchanged wrote nothing the
    fingerprint reads, and the fingerprint's twenty queries are spared.
    None elsewhere, where the fingerprint is always taken."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
            " FROM pg_stat_xact_user_tables WHERE relname = ANY(%s)",
            [tables],
        )
        (count,) = cursor.fetchone()
    return int(count)


def first(values: dict[str, list[str]]) -> dict[str, str]:
    return {k: v[0] for k, v in values.items()}

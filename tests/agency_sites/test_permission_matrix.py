"""The isolation proof: every role of every agency (plus a portal
administrator and an anonymous visitor) tries every admin action on the
content of every agency, through the real admin views.

Expected outcomes come from one table (POLICY): a member of an agency may do
what their role allows on that agency's content, and nothing on another's.
Each attempt runs in a savepoint that is rolled back, so every case starts
from the same world. The test fails listing every cross-agency escape and
every wrong refusal inside an agency.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from agency_sites.models import AgencySettings
from cms.models import CustomDocument, CustomImage, StandardPage
from home.models import AlertBanner
from tests.factories import AgencyWorld, build_tenancy_world

AGENCIES = ["alpha", "beta", "gamma"]
AGENCY_ROLES = ("editor", "moderator", "administrator")
ALL = frozenset(AGENCY_ROLES)
MODERATING = frozenset({"moderator", "administrator"})
ADMINISTRATOR = frozenset({"administrator"})
NOBODY = frozenset()

# Which roles may perform each action on their own agency's content. Nobody
# may perform any action on another agency's content; portal administrators
# and anonymous visitors may perform none of these.
POLICY: dict[str, frozenset[str]] = {
    "view_draft": ALL,
    "edit": ALL,
    "publish": MODERATING,
    "unpublish": MODERATING,
    "delete": MODERATING,
    "move": MODERATING,
    "copy": ALL,
    "translate": ALL,
    "view_revisions": ALL,
    "compare_revisions": ALL,
    "upload_image": ALL,
    "edit_image": ALL,
    # Wagtail treats deleting media as changing it.
    "delete_image": ALL,
    "upload_document": ALL,
    "edit_document": ALL,
    "delete_document": ALL,
    "edit_snippet": ALL,
    "delete_snippet": MODERATING,
    "edit_settings": ADMINISTRATOR,
    "edit_redirect": MODERATING,
    "approve_task": MODERATING,
    "page_chooser_shows_draft": ALL,
    "admin_search_shows_draft": ALL,
    "image_chooser_lists": ALL,
    "document_chooser_lists": ALL,
    "snippet_listing_shows": ALL,
    "manage_users": NOBODY,
    "manage_groups": NOBODY,
}


class RecordingClient(Client):
    """A test client that records server errors instead of raising them, so
    one failing view does not hide the rest of the matrix."""

    def __init__(self, errors: list[str], label: str) -> None:
        super().__init__(raise_request_exception=False)
        self.errors = errors
        self.label = label

    def request(self, **request: object) -> object:
        response = super().request(**request)
        if response.status_code >= 500:
            self.errors.append(
                f"{self.label}: {request['REQUEST_METHOD']} {request['PATH_INFO']}"
            )
        return response


@dataclass(frozen=True)
class Actor:
    label: str
    role: str  # an agency role, "portal_administrator" or "anonymous"
    agency: str | None


def page_post(page: StandardPage, **changes: object) -> dict:
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "body": streamfield([]),
        **changes,
    }
    return nested_form_data(data)


def latest(page: Page) -> Page:
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


# --- the actions: each returns True when it took effect (or revealed data) ---


def view_draft(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    url = reverse("wagtailadmin_pages:view_draft", args=[world.live_page.pk])
    return client.get(url).status_code == 200


def edit(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    page = world.live_page
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        page_post(page, title="Edited title"),
    )
    return latest(page).title == "Edited title"


def publish(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    page = world.live_page
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        page_post(page, title="Published title", **{"action-publish": "publish"}),
    )
    return Page.objects.get(pk=page.pk).title == "Published title"


def unpublish(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    page = world.live_page
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    return not Page.objects.get(pk=page.pk).live


def delete(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    page = world.live_page
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    return not Page.objects.filter(pk=page.pk).exists()


def move(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    page, destination = world.live_page, world.archive
    client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
    )
    return Page.objects.get(pk=page.pk).get_parent().pk == destination.pk


def copy(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    # Into the actor's own tree (or the target's, for people without one).
    destination = WORLDS[actor.agency].about if actor.agency else world.about
    client.post(
        reverse("wagtailadmin_pages:copy", args=[world.live_page.pk]),
        {
            "new_title": "Copied",
            "new_slug": "copied-page",
            "new_parent_page": destination.pk,
        },
    )
    return destination.get_children().filter(slug="copied-page").exists()


def translate(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    page = world.draft_page
    russian = Locale.objects.get(language_code="ru")
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [russian.pk]},
    )
    return page.get_translation_or_none(russian) is not None


def view_revisions(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    url = reverse("wagtailadmin_pages:history", args=[world.live_page.pk])
    return client.get(url).status_code == 200


def compare_revisions(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    url = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[world.live_page.pk, "live", "latest"],
    )
    response = client.get(url)
    return response.status_code == 200 and world.token in response.content.decode()


def upload_image(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Uploaded image",
            "file": SimpleUploadedFile(
                "upload.png", get_test_image_file().file.getvalue(), "image/png"
            ),
            "collection": world.agency.image_collection_id,
        },
    )
    return CustomImage.objects.filter(
        title="Uploaded image", collection_id=world.agency.image_collection_id
    ).exists()


def edit_image(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    image = world.image
    client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Renamed image", "collection": image.collection_id},
    )
    return CustomImage.objects.get(pk=image.pk).title == "Renamed image"


def delete_image(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    client.post(reverse("wagtailimages:delete", args=[world.image.pk]))
    return not CustomImage.objects.filter(pk=world.image.pk).exists()


def upload_document(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Uploaded document",
            "file": SimpleUploadedFile("decree.txt", b"Decree text."),
            "collection": world.agency.document_collection_id,
        },
    )
    return CustomDocument.objects.filter(
        title="Uploaded document", collection_id=world.agency.document_collection_id
    ).exists()


def edit_document(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    document = world.document
    client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Renamed document", "collection": document.collection_id},
    )
    return CustomDocument.objects.get(pk=document.pk).title == "Renamed document"


def delete_document(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    client.post(reverse("wagtaildocs:delete", args=[world.document.pk]))
    return not CustomDocument.objects.filter(pk=world.document.pk).exists()


def snippet_url(name: str, *args: object) -> str:
    return reverse(f"wagtailsnippets_home_alertbanner:{name}", args=args)


def edit_snippet(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    alert = world.alert
    client.post(
        snippet_url("edit", alert.pk),
        {
            "agency": alert.agency_id,
            "message": "Edited alert",
            "severity": "warning",
            "link_url": "",
            "starts_at": "",
            "ends_at": "",
        },
    )
    return AlertBanner.objects.get(
        pk=alert.pk
    ).get_latest_revision_as_object().message == ("Edited alert")


def delete_snippet(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    client.post(snippet_url("delete", world.alert.pk))
    return not AlertBanner.objects.filter(pk=world.alert.pk).exists()


def edit_settings(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    site_id = world.agency.site_id
    client.post(
        reverse(
            "wagtailsettings:edit", args=["agency_sites", "agencysettings", site_id]
        ),
        {"accent_colour": "navy", "phone": "+992 37 000 00 00"},
    )
    return AgencySettings.objects.get(site_id=site_id).phone == "+992 37 000 00 00"


def edit_redirect(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    redirect = world.redirect
    client.post(
        reverse("agency_redirects:edit", args=[redirect.pk]),
        {
            "old_path": redirect.old_path,
            "site": redirect.site_id,
            "is_permanent": "on",
            "redirect_link": "https://changed.example.org/",
        },
    )
    redirect.refresh_from_db()
    return redirect.redirect_link == "https://changed.example.org/"


def approve_task(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    page = world.pending_page
    task_state = Page.objects.get(pk=page.pk).specific.current_workflow_task_state
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    return Page.objects.get(pk=page.pk).live


def shows(client: Client, url: str, text: str) -> bool:
    response = client.get(url)
    return response.status_code == 200 and text in response.content.decode()


def page_chooser_shows_draft(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    url = reverse("wagtailadmin_choose_page_search") + f"?q={world.token}"
    return shows(client, url, f'data-id="{world.draft_page.pk}"')


def admin_search_shows_draft(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    # The query is echoed in the search box: look for the result row itself.
    url = reverse("wagtailadmin_pages:search") + f"?q={world.token}"
    edit_url = reverse("wagtailadmin_pages:edit", args=[world.draft_page.pk])
    return shows(client, url, f'href="{edit_url}"')


def image_chooser_lists(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    return shows(client, reverse("wagtailimages_chooser:choose"), world.token)


def document_chooser_lists(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    return shows(client, reverse("wagtaildocs_chooser:choose"), world.token)


def snippet_listing_shows(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    return shows(client, snippet_url("list"), world.token)


def manage_users(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    return client.get(reverse("wagtailusers_users:index")).status_code == 200


def manage_groups(client: Client, world: AgencyWorld, actor: Actor) -> bool:
    return client.get(reverse("wagtailusers_groups:index")).status_code == 200


ACTIONS: dict[str, Callable[[Client, AgencyWorld, Actor], bool]] = {
    name: globals()[name] for name in POLICY
}
WORLDS: dict[str, AgencyWorld] = {}


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            worlds, portal_admin = build_tenancy_world(AGENCIES)
        cls.worlds = worlds
        cls.actors = [
            Actor(f"{slug} {role}", role, slug)
            for slug in AGENCIES
            for role in AGENCY_ROLES
        ]
        cls.actors += [
            Actor("portal administrator", "portal_administrator", None),
            Actor("anonymous", "anonymous", None),
        ]
        cls.users = {
            f"{slug} {role}": worlds[slug].users[role]
            for slug in AGENCIES
            for role in AGENCY_ROLES
        }
        cls.users["portal administrator"] = portal_admin

    def client_for(self, actor: Actor) -> Client:
        client = RecordingClient(self.server_errors, actor.label)
        if actor.role != "anonymous":
            client.force_login(self.users[actor.label])
        return client

    def test_no_escape_and_no_wrong_refusal(self):
        WORLDS.clear()
        WORLDS.update(self.worlds)
        self.server_errors: list[str] = []
        clients = {actor.label: self.client_for(actor) for actor in self.actors}
        escapes, wrong_refusals, cases = [], [], 0
        for actor in self.actors:
            for target in AGENCIES:
                for name, action in ACTIONS.items():
                    expected = actor.agency == target and actor.role in POLICY[name]
                    with transaction.atomic():
                        happened = action(
                            clients[actor.label], self.worlds[target], actor
                        )
                        transaction.set_rollback(True)
                    cache.clear()
                    cases += 1
                    case = f"{actor.label} -> {name} on {target}"
                    if happened and not expected:
                        escapes.append(case)
                    elif expected and not happened:
                        wrong_refusals.append(case)
        assert cases >= 600
        assert self.server_errors == [], "Server errors:\n" + "\n".join(
            self.server_errors
        )
        assert escapes == [], f"{len(escapes)} escapes:\n" + "\n".join(escapes)
        assert wrong_refusals == [], (
            f"{len(wrong_refusals)} wrong refusals:\n" + "\n".join(wrong_refusals)
        )

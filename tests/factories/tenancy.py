"""A provisioned multi-agency world with people and content in every agency,
for isolation tests."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.files.base import ContentFile

from wagtail.contrib.redirects.models import Redirect
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page

from agency_sites.models import Agency, AgencyRole
from agency_sites.permissions import PORTAL_ADMINISTRATORS_GROUP
from agency_sites.provisioning import parse_registry, provision_agencies
from agency_sites.services import add_agency_user
from cms.models import CustomDocument, CustomImage, StandardPage
from home.models import AlertBanner
from tests.factories.registry import agency_entry

PASSWORD = "correct horse battery staple"


@dataclass
class AgencyWorld:
    """One agency's people and content, each item tagged with a unique word so
    that searches and listings can be checked for leaks."""

    agency: Agency
    token: str
    home: Page
    about: StandardPage
    archive: StandardPage  # a second live section page, where pages can be moved
    live_page: StandardPage  # live, with a newer unpublished draft
    draft_page: StandardPage  # never published, Tajik only
    pending_page: StandardPage  # submitted to the moderation workflow
    image: CustomImage
    document: CustomDocument
    alert: AlertBanner
    redirect: Redirect
    users: dict[str, AbstractBaseUser] = field(default_factory=dict)


def build_tenancy_world(
    slugs: list[str],
) -> tuple[dict[str, AgencyWorld], AbstractBaseUser]:
    """Provision the agencies, give each an editor, a moderator and an
    administrator, and seed each with content. Returns the worlds by slug and
    a portal administrator."""
    provision_agencies(
        specs=parse_registry({"agencies": [agency_entry(s) for s in slugs]})
    )
    user_model = get_user_model()
    worlds = {}
    tajik = Locale.objects.get(language_code="tg")
    for slug in slugs:
        agency = Agency.objects.select_related("site__root_page").get(slug=slug)
        token = f"zq{slug}token"
        users = {}
        for role in AgencyRole:
            user, _created = add_agency_user(
                slug=slug, email=f"{role}@{slug}.example", role=role
            )
            user.set_password(PASSWORD)
            user.save()
            users[role.value] = user
        home = agency.site.root_page.specific
        about = home.get_children().get(slug="about").specific
        archive = StandardPage(title=f"Archive {token}", slug="archive")
        home.add_child(instance=archive)
        archive.save_revision().publish()

        live_page = StandardPage(
            title=f"Guide {token}", slug="guide", intro="Live text."
        )
        about.add_child(instance=live_page)
        live_page.save_revision(user=users["moderator"]).publish()
        live_page.title = f"Guide draft {token}"
        live_page.save_revision(user=users["editor"])

        draft_page = StandardPage(
            title=f"Unpublished {token}", slug="unpublished", live=False
        )
        about.add_child(instance=draft_page)
        draft_page.save_revision(user=users["editor"])

        pending_page = StandardPage(
            title=f"Pending {token}", slug="pending", live=False
        )
        about.add_child(instance=pending_page)
        pending_page.save_revision(user=users["editor"])
        pending_page.get_workflow().start(pending_page, users["editor"])

        image = CustomImage.objects.create(
            title=f"Image {token}",
            file=get_test_image_file(filename=f"{slug}.png"),
            collection=agency.image_collection,
        )
        document = CustomDocument.objects.create(
            title=f"Document {token}",
            file=ContentFile(b"Order of the minister.", name=f"{slug}.txt"),
            collection=agency.document_collection,
        )
        alert = AlertBanner.objects.create(
            agency=agency, locale=tajik, message=f"Alert {token}", live=False
        )
        alert.save_revision().publish()
        redirect = Redirect.objects.create(
            old_path=f"/old-{slug}",
            site=agency.site,
            redirect_link="https://example.org/",
        )
        worlds[slug] = AgencyWorld(
            agency=agency,
            token=token,
            home=home,
            about=about,
            archive=archive,
            live_page=live_page,
            draft_page=draft_page,
            pending_page=pending_page,
            image=image,
            document=document,
            alert=alert,
            redirect=redirect,
            users=users,
        )
    portal_admin = user_model.objects.create_user(
        username="portal-admin", email="portal@example.org", password=PASSWORD
    )
    portal_admin.groups.add(Group.objects.get(name=PORTAL_ADMINISTRATORS_GROUP))
    return worlds, portal_admin

"""Taking an agency offline and back, and giving people roles."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import TestCase

from wagtail.models import Page, Revision

import pytest

from agency_sites.models import Agency, AgencyGroup
from cms.models import CustomDocument, CustomImage
from tests.factories import build_tenancy_world


def run(*args: str, **options: object) -> str:
    out = StringIO()
    call_command(*args, language="en", stdout=out, **options)
    return out.getvalue()


def snapshot(agency: Agency) -> dict:
    """Everything deprovisioning must keep: pages with their live and draft
    state, revisions, and media with their stored files."""
    homes = agency.site.root_page.get_translations(inclusive=True)
    pages = Page.objects.none()
    for home in homes:
        pages = pages | Page.objects.descendant_of(home, inclusive=True)
    page_rows = sorted(
        pages.values_list(
            "pk",
            "title",
            "draft_title",
            "live",
            "has_unpublished_changes",
            "live_revision_id",
            "latest_revision_id",
            "url_path",
        )
    )
    revisions = sorted(
        Revision.page_revisions.filter(object_id__in=[str(row[0]) for row in page_rows])
        .values_list("pk", "content")
        .order_by("pk"),
        key=lambda row: row[0],
    )
    media = sorted(
        (
            model.__name__,
            item.pk,
            item.title,
            item.file.name,
            default_storage.exists(item.file.name),
        )
        for model in (CustomImage, CustomDocument)
        for item in model.objects.filter(
            collection__in=[agency.image_collection, agency.document_collection]
        )
    )
    return {"pages": page_rows, "revisions": revisions, "media": media}


class DeprovisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.worlds, _portal_admin = build_tenancy_world(["alpha", "beta"])

    def get(self, host: str, path: str):
        return self.client.get(path, headers={"host": host})

    def test_round_trip_keeps_everything_and_serves_again(self):
        agency = Agency.objects.get(slug="alpha")
        before = snapshot(agency)
        assert before["pages"] and before["revisions"] and len(before["media"]) == 2
        assert all(row[-1] for row in before["media"])  # the files are stored

        with self.captureOnCommitCallbacks(execute=True):
            output = run("deprovision_agency", "alpha")
        assert "alpha is offline" in output

        offline = self.get("alpha.portal.test", "/tg/")
        assert offline.status_code == 410
        assert "Ин сомона хомӯш аст" in offline.content.decode()
        offline = self.get("alpha.portal.test", "/en/")
        assert offline.status_code == 410
        assert "This site is offline" in offline.content.decode()
        assert self.get("alpha.portal.test", "/tg/about/guide/").status_code == 410
        assert self.get("alpha.portal.test", "/ru/about/").status_code == 410
        directory = self.get("portal.test", "/en/").content.decode()
        assert "alpha.portal.test" not in directory
        assert "beta.portal.test" in directory
        assert self.get("beta.portal.test", "/tg/").status_code == 200
        assert snapshot(agency) == before

        with self.captureOnCommitCallbacks(execute=True):
            output = run("deprovision_agency", "alpha", restore=True)
        assert "alpha is back online" in output
        assert self.get("alpha.portal.test", "/tg/").status_code == 200
        assert self.get("alpha.portal.test", "/tg/about/guide/").status_code == 200
        assert "alpha.portal.test" in self.get("portal.test", "/en/").content.decode()
        assert snapshot(agency) == before

    def test_repeated_requests_say_nothing_changed(self):
        with self.captureOnCommitCallbacks(execute=True):
            run("deprovision_agency", "beta")
            assert "already offline" in run("deprovision_agency", "beta")
            run("deprovision_agency", "beta", restore=True)
            assert "already online" in run("deprovision_agency", "beta", restore=True)

    def test_unknown_agency_lists_the_known_ones(self):
        with pytest.raises(
            CommandError,
            match=r"No agency with slug 'nope'\. Known agencies: alpha, beta",
        ):
            run("deprovision_agency", "nope")

    def test_editors_keep_working_on_an_offline_site(self):
        with self.captureOnCommitCallbacks(execute=True):
            run("deprovision_agency", "alpha")
        self.client.force_login(self.worlds["alpha"].users["editor"])
        page = self.worlds["alpha"].live_page
        assert self.client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


class AddAgencyUserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            build_tenancy_world(["alpha"])

    def test_creates_a_user_without_a_password(self):
        output = run(
            "add_agency_user", "alpha", "New.Editor@Example.org", role="editor"
        )
        user = get_user_model().objects.get(email="new.editor@example.org")
        assert "Created new.editor@example.org as Editor of alpha" in output
        assert not user.has_usable_password()
        assert user.groups.filter(
            agency_role__agency__slug="alpha", agency_role__role="editor"
        ).exists()

    def test_attaches_an_existing_user(self):
        user = get_user_model().objects.create_user("someone", "someone@example.org")
        output = run(
            "add_agency_user", "alpha", "someone@example.org", role="moderator"
        )
        assert "Added someone as Moderator of alpha" in output
        moderators = AgencyGroup.objects.get(
            agency__slug="alpha", role="moderator"
        ).group
        assert user.groups.filter(pk=moderators.pk).exists()
        assert get_user_model().objects.filter(email="someone@example.org").count() == 1

    def test_unknown_agency(self):
        with pytest.raises(CommandError, match="No agency with slug 'nope'"):
            run("add_agency_user", "nope", "a@example.org", role="editor")

    def test_unknown_role(self):
        with pytest.raises(CommandError, match="invalid choice: 'owner'"):
            run("add_agency_user", "alpha", "a@example.org", role="owner")

    def test_invalid_email(self):
        with pytest.raises(CommandError, match="not a valid email address"):
            run("add_agency_user", "alpha", "not-an-email", role="editor")
        assert not get_user_model().objects.filter(username="not-an-email").exists()

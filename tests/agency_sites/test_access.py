"""What provisioning gives each agency's groups, and the admin around them."""

import re

from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    PageViewRestriction,
    Revision,
    Task,
    Workflow,
    WorkflowPage,
)

from agency_sites.models import Agency, AgencyGroup, AgencySettings
from agency_sites.permissions import PORTAL_ADMINISTRATORS_GROUP
from agency_sites.provisioning import parse_registry, provision_agencies
from home.models import PortalHomePage
from service_pages.models import ServiceCategory
from tests.factories import agency_entry, build_tenancy_world


def page_permissions(group: Group) -> dict[int, set[str]]:
    by_page: dict[int, set[str]] = {}
    for row in GroupPagePermission.objects.filter(group=group).select_related(
        "permission"
    ):
        by_page.setdefault(row.page_id, set()).add(row.permission.codename)
    return by_page


class ProvisionedAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.specs = parse_registry(
            {"agencies": [agency_entry("alpha"), agency_entry("beta")]}
        )
        provision_agencies(specs=cls.specs)
        cls.alpha = Agency.objects.select_related("site").get(slug="alpha")
        cls.alpha_homes = {
            page.pk
            for page in cls.alpha.site.root_page.get_translations(inclusive=True)
        }

    def group(self, role: str, slug: str = "alpha") -> Group:
        return AgencyGroup.objects.get(agency__slug=slug, role=role).group

    def test_one_named_group_per_role(self):
        names = set(
            AgencyGroup.objects.filter(agency=self.alpha).values_list(
                "group__name", flat=True
            )
        )
        assert names == {"alpha editors", "alpha moderators", "alpha administrators"}
        for group in Group.objects.filter(agency_role__agency=self.alpha):
            assert set(group.permissions.values_list("codename", flat=True)) == {
                "access_admin",
                "submit_translation",
            }

    def test_page_permissions_cover_the_tree_in_every_language_only(self):
        editors = page_permissions(self.group("editor"))
        assert set(editors) == self.alpha_homes
        assert all(perms == {"add_page", "change_page"} for perms in editors.values())
        moderators = page_permissions(self.group("moderator"))
        assert all("publish_page" in perms for perms in moderators.values())
        assert all("bulk_delete_page" not in perms for perms in moderators.values())
        administrators = page_permissions(self.group("administrator"))
        assert all("bulk_delete_page" in perms for perms in administrators.values())

    def test_media_collections_belong_to_the_agency_groups_only(self):
        images = self.alpha.image_collection
        documents = self.alpha.document_collection
        assert (images.name, documents.name) == ("alpha images", "alpha documents")
        assert images.get_parent() == Collection.get_first_root_node()
        groups = set(
            GroupCollectionPermission.objects.filter(
                collection__in=[images, documents]
            ).values_list("group__name", flat=True)
        )
        assert groups == {"alpha editors", "alpha moderators", "alpha administrators"}
        editor_codes = set(
            GroupCollectionPermission.objects.filter(
                group=self.group("editor")
            ).values_list("permission__codename", flat=True)
        )
        assert "choose_image" in editor_codes
        assert "add_document" in editor_codes

    def test_settings_exist_and_only_administrators_may_edit_them(self):
        assert AgencySettings.objects.filter(site=self.alpha.site).exists()
        rows = GroupSitePermission.objects.filter(site=self.alpha.site)
        assert {row.group.name for row in rows} == {"alpha administrators"}

    def test_moderation_workflow_on_every_language_tree(self):
        workflow = self.alpha.workflow
        # Named in Tajik, the platform's language, whatever the editor reads.
        assert workflow.name == f"Модератсия: {self.alpha.name('tg')}"
        assigned = set(
            WorkflowPage.objects.filter(workflow=workflow).values_list(
                "page", flat=True
            )
        )
        assert assigned == self.alpha_homes
        [task] = workflow.tasks.specific()
        assert task.name == f"Тасдиқ: {self.alpha.name('tg')}"
        assert {group.name for group in task.groups.all()} == {
            "alpha moderators",
            "alpha administrators",
        }

    def test_workflows_named_in_english_by_earlier_releases_are_renamed(self):
        workflow = self.alpha.workflow
        [task] = workflow.tasks.specific()
        Workflow.objects.filter(pk=workflow.pk).update(name="alpha moderation")
        Task.objects.filter(pk=task.pk).update(name="alpha approval")
        provision_agencies(specs=self.specs)
        workflow.refresh_from_db()
        task.refresh_from_db()
        assert workflow.name == f"Модератсия: {self.alpha.name('tg')}"
        assert task.name == f"Тасдиқ: {self.alpha.name('tg')}"

    def test_a_workflow_an_administrator_renamed_keeps_its_name(self):
        Workflow.objects.filter(pk=self.alpha.workflow_id).update(name="Ours")
        provision_agencies(specs=self.specs)
        assert Workflow.objects.get(pk=self.alpha.workflow_id).name == "Ours"

    def test_portal_administrators_hold_the_portal_site_only(self):
        group = Group.objects.get(name=PORTAL_ADMINISTRATORS_GROUP)
        portal_homes = set(
            Page.objects.type(PortalHomePage).values_list("pk", flat=True)
        )
        assert set(page_permissions(group)) == portal_homes
        taxonomy_permissions = set(group.permissions.values_list("codename", flat=True))
        assert {"add_servicecategory", "change_newstopic", "delete_newstopic"} <= (
            taxonomy_permissions
        )
        assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


class BringUpToDateTests(TestCase):
    """Re-running provisioning repairs an agency's access, leaving content alone."""

    @classmethod
    def setUpTestData(cls):
        provision_agencies(specs=parse_registry({"agencies": [agency_entry("alpha")]}))

    def test_lost_permissions_and_assignments_are_restored(self):
        agency = Agency.objects.get(slug="alpha")
        editors = AgencyGroup.objects.get(agency=agency, role="editor").group
        GroupPagePermission.objects.filter(group=editors).delete()
        WorkflowPage.objects.filter(workflow=agency.workflow).delete()
        GroupCollectionPermission.objects.filter(group=editors).delete()
        content = (Page.objects.count(), Revision.objects.count())

        report = provision_agencies(
            specs=parse_registry({"agencies": [agency_entry("alpha")]})
        )

        assert report.updated == ["alpha"]
        assert page_permissions(editors)
        assert WorkflowPage.objects.filter(workflow=agency.workflow).count() == 3
        assert GroupCollectionPermission.objects.filter(group=editors).exists()
        assert (Page.objects.count(), Revision.objects.count()) == content

    def test_extra_permissions_are_taken_away(self):
        agency = Agency.objects.get(slug="alpha")
        editors = AgencyGroup.objects.get(agency=agency, role="editor").group
        publish = (
            GroupPagePermission.objects.filter(permission__codename="publish_page")
            .first()
            .permission
        )
        GroupPagePermission.objects.create(
            group=editors, page=agency.site.root_page, permission=publish
        )
        provision_agencies(specs=parse_registry({"agencies": [agency_entry("alpha")]}))
        assert not GroupPagePermission.objects.filter(
            group=editors, permission__codename="publish_page"
        ).exists()


class AdminAroundAgenciesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.worlds, cls.portal_admin = build_tenancy_world(["alpha", "beta"])

    def login(self, role: str, slug: str = "alpha") -> None:
        self.client.force_login(self.worlds[slug].users[role])

    def test_editors_land_in_their_agency_tree(self):
        self.login("editor")
        response = self.client.get(reverse("wagtailadmin_explore_root"))
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "wagtailadmin_explore", args=[self.worlds["alpha"].home.pk]
        )

    def test_explorer_root_lists_only_their_homes(self):
        self.client.force_login(self.portal_admin)
        html = self.client.get(reverse("wagtailadmin_explore_root")).content.decode()
        portal_home = Page.objects.type(PortalHomePage).first()
        assert reverse("wagtailadmin_explore", args=[portal_home.pk]) in html
        for world in self.worlds.values():
            assert reverse("wagtailadmin_explore", args=[world.home.pk]) not in html

    def test_platform_wide_reports_are_refused_to_agency_people(self):
        self.login("administrator")
        for url in [
            reverse("wagtailadmin_reports:page_types_usage"),
            reverse("wagtail_localize:translations_report"),
            "/admin/localize/api/snippets/home/alertbanner/",
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                assert response.status_code in (302, 403)
                assert self.worlds["beta"].token not in response.content.decode()

    def test_dashboard_counts_only_their_pages(self):
        self.login("editor")
        response = self.client.get(reverse("wagtailadmin_home"))
        own = Page.objects.descendant_of(self.worlds["alpha"].home, inclusive=True)
        total = sum(
            Page.objects.descendant_of(home, inclusive=True).count()
            for home in self.worlds["alpha"].home.get_translations(inclusive=True)
        )
        assert own.count() < total
        html = response.content.decode()
        # The admin speaks Tajik to an editor who chose no language.
        assert re.search(rf">\s*{total} саҳифа\b", html), re.findall(
            r"\d+ саҳифа", html
        )

    def test_page_chooser_hides_other_agencies_private_pages(self):
        for world in self.worlds.values():
            PageViewRestriction.objects.create(
                page=world.live_page, restriction_type=PageViewRestriction.LOGIN
            )
        self.login("editor")
        url = reverse(
            "wagtailadmin_choose_page_child", args=[self.worlds["beta"].about.pk]
        )
        html = self.client.get(url).json()["html"]
        assert f'data-id="{self.worlds["beta"].live_page.pk}"' not in html
        url = reverse(
            "wagtailadmin_choose_page_child", args=[self.worlds["alpha"].about.pk]
        )
        html = self.client.get(url).json()["html"]
        assert f'data-id="{self.worlds["alpha"].live_page.pk}"' in html

    def test_taxonomies_belong_to_portal_administrators(self):
        category = ServiceCategory.objects.create(
            name="Transport", slug="transport", locale=Locale.get_default()
        )
        url = reverse(
            "wagtailsnippets_service_pages_servicecategory:edit", args=[category.pk]
        )
        data = {"name": "Transport and roads", "slug": "transport", "description": ""}
        self.login("administrator")
        self.client.post(url, data)
        assert ServiceCategory.objects.get(pk=category.pk).name == "Transport"
        self.client.force_login(self.portal_admin)
        self.client.post(url, data)
        assert ServiceCategory.objects.get(pk=category.pk).name == "Transport and roads"

    def test_redirect_form_offers_only_their_site(self):
        self.login("moderator")
        html = self.client.get(reverse("agency_redirects:add")).content.decode()
        assert f'value="{self.worlds["alpha"].agency.site_id}"' in html
        assert f'value="{self.worlds["beta"].agency.site_id}"' not in html
        # Wagtail's empty choice, in the moderator's Tajik.
        assert "Ҳамаи сомонаҳо" not in html
        assert "All sites" not in html

    def test_alert_form_offers_only_their_agency(self):
        self.login("editor")
        html = self.client.get(
            reverse("wagtailsnippets_home_alertbanner:add")
        ).content.decode()
        assert f'<option value="{self.worlds["alpha"].agency.pk}" selected>' in html
        assert f'value="{self.worlds["beta"].agency.pk}"' not in html

"""The CSV export of one agency's admin actions (Wagtail's log entries):
what it holds, who may have it, the date range, and agency isolation."""

import csv
import io
from datetime import timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from tests.factories import build_tenancy_world

HOST = {"host": "portal.test"}


# The columns, whatever the language of their headings (the editor's).
COLUMNS = (
    "Time (UTC)",
    "Action",
    "Action code",
    "User ID",
    "User",
    "Object type",
    "Object ID",
    "Object",
    "Revision ID",
)


def read_csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *lines = csv.reader(io.StringIO(body))
    assert len(header) == len(COLUMNS)
    return [dict(zip(COLUMNS, line, strict=True)) for line in lines]


def kind(instance) -> str:
    return str(type(instance)._meta.verbose_name)


class AuditExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.worlds, cls.portal_admin = build_tenancy_world(["alpha", "beta"])
        for world in cls.worlds.values():
            admin = world.users["administrator"]
            log(world.image, "wagtail.edit", user=admin)
            log(world.alert, "wagtail.edit", user=admin)
            log(world.redirect, "wagtail.create", user=admin)
            log(world.live_page, "wagtail.edit", user=admin)

    def export(self, user, slug: str, query: str = ""):
        self.client.force_login(user)
        return self.client.get(
            reverse("agency_audit:export", args=[slug]) + query, headers=HOST
        )

    def test_an_agency_administrator_exports_their_agencys_actions(self):
        alpha, beta = self.worlds["alpha"], self.worlds["beta"]
        response = self.export(alpha.users["administrator"], "alpha")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="audit-alpha.csv"' in response["Content-Disposition"]
        rows = read_csv(response)
        labels = {row["Object"] for row in rows}
        object_ids = {(row["Object type"], row["Object ID"]) for row in rows}
        # Pages (the publishing in the world's set-up, the edit above),
        # images, agency-owned snippets and redirects.
        assert any(alpha.token in label for label in labels)
        assert str(alpha.live_page.pk) in {row["Object ID"] for row in rows}
        assert (kind(alpha.image), str(alpha.image.pk)) in object_ids
        assert str(alpha.alert.pk) in {row["Object ID"] for row in rows}
        assert str(alpha.redirect.pk) in {row["Object ID"] for row in rows}
        assert {row["User"] for row in rows} >= {
            alpha.users["administrator"].get_username()
        }
        # Nothing of the other agency.
        assert not any(beta.token in label for label in labels)
        for instance in (beta.live_page, beta.image, beta.alert, beta.redirect):
            assert (kind(instance), str(instance.pk)) not in object_ids
        # Oldest first.
        times = [row["Time (UTC)"] for row in rows]
        assert times == sorted(times)

    def test_another_agencys_export_is_not_found(self):
        for role in ("administrator", "moderator", "editor"):
            response = self.export(self.worlds["alpha"].users[role], "beta")
            assert response.status_code == 404, role

    def test_an_editor_of_the_agency_is_refused(self):
        """Wagtail's answer to a permission denied in the admin: back to the
        dashboard with a message, no CSV."""
        for role in ("editor", "moderator"):
            response = self.export(self.worlds["alpha"].users[role], "alpha")
            assert response.status_code == 302, role
            assert response["Location"] == reverse("wagtailadmin_home")

    def test_a_portal_administrator_exports_any_agency(self):
        for slug in ("alpha", "beta"):
            response = self.export(self.portal_admin, slug)
            assert response.status_code == 200
            rows = read_csv(response)
            assert any(self.worlds[slug].token in row["Object"] for row in rows)

    def test_the_date_range_keeps_the_days_asked_for(self):
        alpha = self.worlds["alpha"]
        old = log(alpha.document, "wagtail.edit", user=alpha.users["administrator"])
        long_ago = timezone.now() - timedelta(days=400)
        ModelLogEntry.objects.filter(pk=old.pk).update(timestamp=long_ago)
        today = timezone.localdate()
        everything = read_csv(self.export(alpha.users["administrator"], "alpha"))
        assert str(alpha.document.pk) in {row["Object ID"] for row in everything}
        recent = read_csv(
            self.export(
                alpha.users["administrator"],
                "alpha",
                f"?since={(today - timedelta(days=1)).isoformat()}"
                f"&until={today.isoformat()}",
            )
        )
        assert (kind(alpha.document), str(alpha.document.pk)) not in {
            (row["Object type"], row["Object ID"]) for row in recent
        }
        assert len(recent) == len(everything) - 1
        back_then = read_csv(
            self.export(
                alpha.users["administrator"],
                "alpha",
                f"?since={(long_ago - timedelta(days=1)).date().isoformat()}"
                f"&until={(long_ago + timedelta(days=1)).date().isoformat()}",
            )
        )
        assert [row["Object ID"] for row in back_then] == [str(alpha.document.pk)]

    def test_a_bad_date_is_a_form_error_not_a_server_error(self):
        user = self.worlds["alpha"].users["administrator"]
        for query in (
            "?since=yesterday",
            "?since=2026-02-30",
            "?since=2026-05-02&until=2026-05-01",
        ):
            response = self.export(user, "alpha", query)
            assert response.status_code == 400, query
            assert b"error-message" in response.content or b"w-field--error" in (
                response.content
            ), query

    def test_the_form_sends_to_the_chosen_agencys_csv(self):
        self.client.force_login(self.portal_admin)
        page = self.client.get(reverse("agency_audit:index"), headers=HOST)
        assert page.status_code == 200
        assert b'value="beta"' in page.content
        response = self.client.get(
            reverse("agency_audit:index") + "?agency=beta&since=2026-01-01",
            headers=HOST,
        )
        assert response.status_code == 302
        assert response["Location"] == (
            reverse("agency_audit:export", args=["beta"]) + "?since=2026-01-01"
        )

    def test_an_agency_administrator_is_offered_only_their_agency(self):
        self.client.force_login(self.worlds["alpha"].users["administrator"])
        page = self.client.get(reverse("agency_audit:index"), headers=HOST)
        assert b'value="alpha"' in page.content
        assert b'value="beta"' not in page.content
        response = self.client.get(
            reverse("agency_audit:index") + "?agency=beta", headers=HOST
        )
        assert response.status_code == 400

    def test_text_a_spreadsheet_would_run_as_a_formula_is_quoted(self):
        alpha = self.worlds["alpha"]
        entry = log(alpha.alert, "wagtail.edit", user=alpha.users["administrator"])
        ModelLogEntry.objects.filter(pk=entry.pk).update(label='=HYPERLINK("x")')
        rows = read_csv(self.export(alpha.users["administrator"], "alpha"))
        assert '\'=HYPERLINK("x")' in {row["Object"] for row in rows}

    def test_the_number_of_queries_does_not_grow_with_the_log(self):
        alpha = self.worlds["alpha"]
        user = alpha.users["administrator"]

        def queries() -> int:
            self.client.force_login(user)
            with CaptureQueriesContext(connection) as context:
                response = self.client.get(
                    reverse("agency_audit:export", args=["alpha"]), headers=HOST
                )
                read_csv(response)
            return len(context.captured_queries)

        before = queries()
        for _ in range(30):
            log(alpha.live_page, "wagtail.edit", user=user)
            log(alpha.image, "wagtail.edit", user=user)
        assert PageLogEntry.objects.count() > 30
        assert queries() == before

"""Where people read content health: an agency's members in the admin
(their own agency only), portal administrators (every agency, CSV), and the
portal API (findings only for the agency's staff)."""

import csv
import io
from datetime import timedelta

from django.test import TestCase

from openpyxl import load_workbook

from compliance.services import checked_agencies, run_health_checks
from tests.compliance.world import TODAY, compliant_agency
from tests.factories import build_tenancy_world


class HealthViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.worlds, cls.portal_admin = build_tenancy_world(["alpha", "beta"])
        compliant_agency("gamma")
        for offset in (2, 1):
            run_health_checks(day=TODAY - timedelta(days=offset))
        run_health_checks()

    def login(self, user):
        self.client.force_login(user)

    def test_an_editor_sees_their_agency_and_links_to_fix(self):
        world = self.worlds["alpha"]
        self.login(world.users["editor"])
        index = self.client.get("/admin/content-health/")
        assert index.status_code == 302
        assert index["Location"] == "/admin/content-health/alpha/"
        page = self.client.get("/admin/content-health/alpha/")
        html = page.content.decode()
        assert page.status_code == 200
        # In the editor's admin language (Tajik, the default).
        assert "Дар бахши «Хабарҳо» хабар нест." in html
        assert (
            f"/admin/pages/{world.home.get_children().get(slug='competitions').pk}/edit/"
            in html
        )
        chart = html.split('<svg class="health-trend"', 1)[1].split("</svg>", 1)[0]
        assert "<polyline" in chart and "<script" not in chart
        dashboard = self.client.get("/admin/").content.decode()
        assert "/admin/content-health/alpha/" in dashboard

    def test_an_editor_cannot_read_another_agency_or_the_ranking(self):
        self.login(self.worlds["alpha"].users["administrator"])
        refused = self.client.get("/admin/content-health/beta/")
        # Refused as if it did not exist (the guard's 404, which the locale
        # middleware turns into a redirect to a page that is not there).
        assert refused.status_code in (302, 404)
        assert b"beta" not in refused.content
        assert self.client.get("/admin/content-health/export.csv").status_code in (
            302,
            403,
        )

    def test_portal_administrators_rank_filter_and_export(self):
        self.login(self.portal_admin)
        page = self.client.get("/admin/content-health/").content.decode()
        assert page.index("gamma") < page.index("alpha")
        assert page.count('class="health-trend"') == 4  # platform + 3 agencies
        response = self.client.get("/admin/content-health/export.csv?kind=central")
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        slugs = [row[2] for row in rows[1:]]
        assert slugs[0] == "gamma"
        assert set(slugs) == set(
            checked_agencies().filter(kind="central").values_list("slug", flat=True)
        )
        assert rows[1][6] == "100"
        workbook = self.client.get("/admin/content-health/export.xlsx?kind=central")
        sheet = load_workbook(io.BytesIO(workbook.content)).active
        cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert [row[2] for row in cells[1:]] == slugs
        assert cells[1][6] == 100

    def test_the_portal_shows_every_agency_and_its_trend(self):
        page = self.client.get("/en/content-health/", HTTP_HOST="portal.test")
        html = page.content.decode()
        assert page.status_code == 200
        assert html.index("Ministry of Gamma") < html.index("Ministry of Alpha")
        assert html.count('class="health-trend"') == 4
        assert "<script" not in html.split("<table", 1)[1]
        local = self.client.get(
            "/en/content-health/?kind=local", HTTP_HOST="portal.test"
        )
        assert local.content.decode().count('class="health-trend"') == 1
        agency_site = self.client.get(
            "/en/content-health/", HTTP_HOST=self.worlds["alpha"].agency.hostname
        )
        assert agency_site.status_code == 404

    def test_the_api_shows_scores_to_all_and_findings_to_staff(self):
        listing = self.client.get("/api/v1/health/").json()
        assert [item["agency"] for item in listing["items"]][0] == "gamma"
        assert listing["items"][0]["score"] == 100
        answer = self.client.get("/api/v1/agencies/alpha/health/")
        assert answer["Cache-Control"].startswith("public")
        public = answer.json()
        assert len(public["trend"]) == 3
        assert {rule["findings"] for rule in public["rules"]} == {None}
        failing = {rule["rule"] for rule in public["rules"] if not rule["passed"]}
        assert "news.freshness" in failing
        self.login(self.worlds["alpha"].users["editor"])
        answer = self.client.get("/api/v1/agencies/alpha/health/?locale=en")
        assert answer["Cache-Control"] == "private, no-store"
        assert "Cookie" in answer["Vary"]
        staff = answer.json()
        freshness = next(r for r in staff["rules"] if r["rule"] == "news.freshness")
        assert freshness["findings"][0]["message"] == "The News section has no news."
        other = self.client.get("/api/v1/agencies/beta/health/").json()
        assert {rule["findings"] for rule in other["rules"]} == {None}
        missing = self.client.get("/api/v1/agencies/nope/health/")
        assert missing.status_code == 404
        assert self.client.get("/api/v1/health/?kind=nonsense").status_code == 400

    def test_the_transparency_page_is_linked_from_the_portal_and_every_site(self):
        portal = self.client.get("/ru/", HTTP_HOST="portal.test")
        assert portal.status_code == 200
        home, footer = portal.content.decode().split('<footer class="site-footer">')
        link = (
            '<a href="/ru/content-health/">Как сайты государственных органов '
            "соблюдают требования к содержанию</a>"
        )
        assert link in home
        assert link in footer
        agency = self.client.get(
            "/tg/", HTTP_HOST=self.worlds["alpha"].agency.hostname
        ).content.decode()
        assert (
            '<a href="http://portal.test/tg/content-health/">Сомонаҳои мақомоти '
            "давлатӣ қоидаҳои мундариҷаро чӣ гуна риоя мекунанд</a>"
        ) in agency.split('<footer class="site-footer">')[1]

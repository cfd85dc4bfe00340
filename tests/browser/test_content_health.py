"""Content health in real Chromium: an agency editor sees what is failing,
follows the link to the page that fixes it, and after the fix is published
and the site checked again, the score rises; a portal administrator sees the
ranking with its trend charts and downloads the CSV."""

from pathlib import Path
from urllib.parse import urlsplit

from wagtail.models import Page

import pytest

from compliance.models import HealthReport
from compliance.services import run_health_checks
from tests.factories import PASSWORD, build_tenancy_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def login(context: object, base: str, email: str) -> object:
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill('input[name="username"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{base}/admin/")
    return page


def score_shown(page: object) -> int:
    return int(page.locator("[data-score]").first.get_attribute("data-score"))


def test_editor_fixes_a_failing_rule_and_the_score_rises(
    browser: object, live_server: object, screenshot_dir: Path
) -> None:
    worlds, portal_admin = build_tenancy_world(["alpha", "beta"])
    alpha = worlds["alpha"]
    competitions = alpha.home.get_children().get(slug="competitions")
    run_health_checks()
    before = HealthReport.objects.get(agency=alpha.agency).score
    port = urlsplit(live_server.url).port
    admin = f"http://portal.test:{port}"

    editor = login(browser.new_context(), admin, "editor@alpha.example")
    editor.goto(f"{admin}/admin/content-health/")
    editor.wait_for_url(f"{admin}/admin/content-health/alpha/")
    assert score_shown(editor) == before
    failing = editor.locator("#rule-news\\.competitions")
    assert "health-rule--failing" in failing.get_attribute("class")
    editor.screenshot(path=screenshot_dir / "1-editor-report.png", full_page=True)

    # The link of the competitions finding opens the section's editor.
    with editor.expect_navigation():
        failing.locator(f'a[href="/admin/pages/{competitions.pk}/edit/"]').click()
    editor.wait_for_load_state("networkidle")
    editor.fill(
        'textarea[name="intro"]',
        "No civil-service competition is open at the moment.",
    )
    editor.locator("footer .w-dropdown__toggle").first.click()
    with editor.expect_navigation():
        editor.locator('button[name="action-submit"]').click()

    moderator = login(browser.new_context(), admin, "moderator@alpha.example")
    moderator.goto(f"{admin}/admin/pages/{competitions.pk}/edit/")
    moderator.locator("footer .w-dropdown__toggle").first.click()
    with moderator.expect_navigation():
        moderator.locator('button[data-workflow-action-name="approve"]').first.click()
    assert Page.objects.get(pk=competitions.pk).specific.intro

    # Checked again (the nightly run, or the command by hand): it rose.
    run_health_checks()
    editor.goto(f"{admin}/admin/content-health/alpha/")
    after = score_shown(editor)
    assert after > before
    passed = editor.locator("#rule-news\\.competitions")
    assert "health-rule--passed" in passed.get_attribute("class")
    editor.screenshot(path=screenshot_dir / "2-editor-fixed.png", full_page=True)

    # The portal administrator: ranking, trends, CSV.
    portal = login(
        browser.new_context(accept_downloads=True), admin, portal_admin.get_username()
    )
    portal.goto(f"{admin}/admin/content-health/")
    rows = portal.locator("table.listing tbody tr")
    assert rows.count() == 2
    assert portal.locator("svg.health-trend").count() == 3
    portal.screenshot(path=screenshot_dir / "3-portal-ranking.png", full_page=True)
    with portal.expect_download() as download_info:
        portal.locator('a[href^="/admin/content-health/export.csv"]').click()
    csv_text = Path(download_info.value.path()).read_text("utf-8-sig")
    assert "alpha" in csv_text and "beta" in csv_text

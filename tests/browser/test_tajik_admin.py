"""An agency editor and moderator who work in Tajik see the admin in Tajik:
in real Chromium (whose browser language is English), every screen they use
shows no string of the installed Wagtail's and wagtail-localize's English
catalogues, beyond proper names and the content they wrote."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories import PASSWORD, build_tenancy_world
from tests.i18n.catalogues import (
    is_translated,
    placeholders,
    read,
    upstream_catalogues,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Every text node the reader can see, and the words of inputs and buttons.
VISIBLE_TEXT = """() => {
    const seen = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const parent = node.parentElement;
        const text = node.textContent.replace(/\\s+/g, " ").trim();
        if (!text || !parent || parent.closest("script, style, template")) continue;
        if (!parent.checkVisibility({visibilityProperty: true, opacityProperty: true}))
            continue;
        seen.push(text);
    }
    for (const element of document.querySelectorAll("[placeholder], [aria-label]")) {
        if (!element.checkVisibility({visibilityProperty: true})) continue;
        for (const name of ["placeholder", "aria-label"]) {
            const value = element.getAttribute(name);
            if (value) seen.push(value.replace(/\\s+/g, " ").trim());
        }
    }
    return seen;
}"""


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def english_strings() -> tuple[set[str], list[re.Pattern[str]]]:
    """The English texts of the installed catalogues an editor could see:
    whole strings, and patterns for the ones with placeholders ("Editing
    %(title)s" matches "Editing Хизматрасонӣ"). Strings that stay the same
    in Tajik (Wagtail, URL, ID...) are left out."""
    plain: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for catalogue in upstream_catalogues():
        ours = {}
        if catalogue.tajik.exists():
            ours = {
                (entry.msgctxt, entry.msgid): entry.msgstr
                for entry in read(catalogue.tajik)
                if is_translated(entry)
            }
        for entry in read(catalogue.english):
            for source in filter(None, (entry.msgid, entry.msgid_plural)):
                text = normalise(re.sub(r"<[^>]+>", " ", source))
                if ours.get((entry.msgctxt, entry.msgid)) == entry.msgid:
                    continue  # a proper name, the same in Tajik
                literal = text
                for placeholder in placeholders(text):
                    literal = literal.replace(placeholder, "\0")
                # Only texts with an English word in them: not "%(count)s",
                # "ID", "+" or a lone letter.
                if not re.search(r"[A-Za-z]{3}", literal.replace("\0", " ")):
                    continue
                if "\0" not in literal:
                    plain.add(text)
                    continue
                parts = [re.escape(part) for part in literal.split("\0")]
                patterns.append(re.compile("^" + ".+?".join(parts) + "$"))
    return plain, patterns


def content_names() -> set[str]:
    """Names editors and provisioning gave things (pages, collections,
    workflows, tasks, groups, sites, media): content, not the admin's words,
    even when one reads like an English id (the tree's "Root")."""
    from django.contrib.auth.models import Group

    from wagtail.models import Collection, Page, Site, Task, Workflow

    from cms.models import CustomDocument, CustomImage

    names: set[str] = set()
    for model, field in [
        (Page, "title"),
        (Collection, "name"),
        (Workflow, "name"),
        (Task, "name"),
        (Group, "name"),
        (Site, "site_name"),
        (CustomImage, "title"),
        (CustomDocument, "title"),
    ]:
        names.update(
            normalise(value) for value in model.objects.values_list(field, flat=True)
        )
    return names


def english_on_screen(
    texts: list[str],
    english: tuple[set[str], list[re.Pattern[str]]],
    token: str,
    content: set[str],
) -> list[str]:
    plain, patterns = english
    found = []
    for text in dict.fromkeys(texts):
        if token in text or text in content:
            continue  # content the world wrote, titles included
        bare = text.rstrip(":").strip()
        matches = (pattern.match(text) for pattern in patterns)
        if text in plain or bare in plain or any(matches):
            found.append(text)
    return found


def login(context: object, base: str, email: str) -> object:
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill('input[name="username"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{base}/admin/")
    return page


def test_an_editor_in_tajik_sees_no_english_on_the_screens_they_use(
    browser: object, live_server: object, screenshot_dir: Path
) -> None:
    worlds, _portal_admin = build_tenancy_world(["alpha"])
    alpha = worlds["alpha"]
    port = urlsplit(live_server.url).port
    admin = f"http://portal.test:{port}"
    english = english_strings()
    content = content_names()
    problems: dict[str, list[str]] = {}
    looked_at: list[str] = []

    def look(page: object, name: str) -> None:
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "tg", name
        page.screenshot(path=screenshot_dir / f"{name}.png", full_page=True)
        looked_at.append(name)
        found = english_on_screen(
            page.evaluate(VISIBLE_TEXT), english, alpha.token, content
        )
        if found:
            problems[name] = found

    def visit(page: object, name: str, path: str) -> None:
        response = page.goto(f"{admin}{path}")
        assert response.status == 200, (name, path, response.status)
        assert urlsplit(page.url).path == path, (name, page.url)
        look(page, name)

    # The browser asks for English; the editors' accounts say Tajik.
    editor = login(browser.new_context(locale="en-US"), admin, "editor@alpha.example")
    visit(editor, "01-dashboard", "/admin/")
    visit(editor, "02-explorer", f"/admin/pages/{alpha.about.pk}/")

    # The page editor, each of its tabs, the status panel, the actions menu.
    visit(editor, "03-editor", f"/admin/pages/{alpha.live_page.pk}/edit/")
    tabs = editor.locator('[role="tablist"] [role="tab"]')
    for index in range(tabs.count()):
        tabs.nth(index).click()
        look(editor, f"03-editor-tab-{index + 1}")
    editor.locator('[data-side-panel-toggle="status"]').first.click()
    look(editor, "03-editor-status-panel")
    editor.keyboard.press("Escape")
    editor.locator("footer .w-dropdown__toggle").first.click()
    look(editor, "03-editor-actions")

    visit(editor, "04-new-page", f"/admin/pages/add/cms/standardpage/{alpha.about.pk}/")
    visit(editor, "05-page-history", f"/admin/pages/{alpha.live_page.pk}/history/")
    visit(editor, "06-in-moderation", f"/admin/pages/{alpha.pending_page.pk}/edit/")
    visit(
        editor,
        "07-workflow-history",
        f"/admin/pages/{alpha.pending_page.pk}/workflow_history/",
    )
    visit(editor, "08-images", "/admin/images/")
    visit(editor, "09-image", f"/admin/images/{alpha.image.pk}/")
    visit(editor, "10-documents", "/admin/documents/")
    visit(editor, "11-document", f"/admin/documents/edit/{alpha.document.pk}/")
    visit(editor, "12-account", "/admin/account/")
    visit(editor, "13-reports-site-history", "/admin/reports/site-history/")
    visit(editor, "14-reports-workflows", "/admin/reports/workflow/")
    visit(editor, "15-reports-workflow-tasks", "/admin/reports/workflow_tasks/")
    visit(editor, "16-reports-aging-pages", "/admin/reports/aging-pages/")
    visit(editor, "17-snippets", "/admin/snippets/home/alertbanner/")

    # The moderator reviews the page in moderation.
    moderator = login(
        browser.new_context(locale="en-US"), admin, "moderator@alpha.example"
    )
    look(moderator, "18-moderator-dashboard")
    visit(moderator, "19-review", f"/admin/pages/{alpha.pending_page.pk}/edit/")
    moderator.locator("footer .w-dropdown__toggle").first.click()
    look(moderator, "19-review-actions")
    visit(moderator, "20-reports-locked", "/admin/reports/locked/")

    assert len(looked_at) >= 25, looked_at
    assert not problems, (
        "English on screen (see "
        + str(screenshot_dir)
        + "):\n"
        + ("\n".join(f"{name}: {found}" for name, found in problems.items()))
    )

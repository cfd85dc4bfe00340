"""axe-core (from the npm registry, injected by Playwright into Debian's
Chromium) finds no WCAG 2.1 A/AA violation on any page type, in any of the
three languages, on a phone (375 px) or a desktop (1280 px); and a keyboard
alone reaches every link and control, with a visible focus."""

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import timezone

import pytest

from cms.contracts.portal import declared_listings, declared_portal_links
from compliance.services import run_health_checks
from tests.browser.world import LANGUAGES, build_citizen_world
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = REPO_ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"phone": 375, "desktop": 1280}


def run_axe(page: object) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations on the page (and it checked something)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: "tag", values: tags}};
            const result = await axe.run(document, options);
            return {
                passes: result.passes.length,
                violations: result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
                })),
            };
        }""",
        WCAG_TAGS,
    )
    assert result["passes"] > 10, "axe checked nothing"
    return result["violations"]


def test_axe_finds_what_it_should(browser: object) -> None:
    """The checker itself works: a page with known faults fails it."""
    page = browser.new_page()
    page.set_content('<html><body><img src="x.png"><a href="#"></a></body></html>')
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: "tag",
            values: ["wcag2a"]}})).violations.map(v => v.id)"""
    )
    assert {"image-alt", "link-name"} <= set(found)
    page.close()


def test_no_wcag_violation_on_any_page_type_language_or_width(
    browser: object, live_server: object, screenshot_dir: Path
) -> None:
    assert AXE.exists(), "axe-core is missing: run ./bin/test (npm ci)"
    world = build_citizen_world()
    # Two days of content-health reports: the transparency page then draws
    # its ranking and trend charts, as it does in production.
    for days_ago in (1, 0):
        run_health_checks(day=timezone.localdate() - timedelta(days=days_ago))
    port = urlsplit(live_server.url).port
    pages = {
        f"{name} ({lang})": f"http://{world.hostname}:{port}{path.format(lang=lang)}"
        for lang in LANGUAGES
        for name, path in world.paths.items()
    }
    pages.update(
        {f"portal ({lang})": f"http://portal.test:{port}/{lang}/" for lang in LANGUAGES}
    )
    # The portal's national pages, and its search with highlighted results.
    portal = f"http://portal.test:{port}"
    pages.update(
        {
            f"portal {listing.slug} ({lang})": f"{portal}/{lang}/{listing.slug}/"
            for lang in LANGUAGES
            for listing in declared_listings()
        }
    )
    pages.update(
        {
            f"portal search ({lang})": f"{portal}/{lang}/search/?q=a"
            for lang in LANGUAGES
        }
    )
    # Pages content apps link from the portal's home (the transparency page).
    pages.update(
        {
            f"portal link {link.path} ({lang})": f"{portal}/{lang}/{link.path}"
            for lang in LANGUAGES
            for link in declared_portal_links()
        }
    )
    problems = {}
    for width_name, width in WIDTHS.items():
        # axe is injected as a script of the page's own: the test tool, not
        # the page, is let past the Content-Security-Policy.
        context = browser.new_context(
            viewport={"width": width, "height": 900}, bypass_csp=True
        )
        page = context.new_page()
        for name, url in pages.items():
            response = page.goto(url)
            expected = 404 if name.startswith("not found") else 200
            assert response.status == expected, (name, response.status)
            violations = run_axe(page)
            if violations:
                problems[f"{name} at {width}px"] = violations
            # No control runs off the side of a phone's screen (a long agency
            # name in a filter once did).
            cut_off = page.evaluate(CUT_OFF_CONTROLS)
            if cut_off:
                problems[f"{name} at {width}px: controls past the edge"] = cut_off
            # Nor does anything else make the page scroll sideways (a chart
            # drawn 480 px wide once did): wide tables scroll in their own box.
            sideways = page.evaluate(PAST_THE_EDGE)
            if sideways:
                problems[f"{name} at {width}px: page scrolls sideways"] = sideways
            if name.endswith("(tg)") or name.startswith("service"):
                page.screenshot(
                    path=screenshot_dir / f"{width_name}-{name}.png", full_page=True
                )
        context.close()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


CUT_OFF_CONTROLS = """() => Array.from(
    document.querySelectorAll('input:not([type=hidden]), select, button, textarea')
).filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > window.innerWidth + 1;
}).map(el => el.outerHTML.slice(0, 120))"""

PAST_THE_EDGE = """() => {
    if (document.documentElement.scrollWidth <= window.innerWidth) return [];
    const scrolls = el => {
        for (let up = el.parentElement; up; up = up.parentElement) {
            const overflow = getComputedStyle(up).overflowX;
            if (overflow === "auto" || overflow === "scroll") return true;
        }
        return false;
    };
    const wide = Array.from(document.querySelectorAll("body *")).filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > window.innerWidth + 1 && !scrolls(el);
    }).slice(0, 5).map(el => el.outerHTML.slice(0, 120));
    const width = document.documentElement.scrollWidth;
    return wide.length ? wide : [`the page is ${width} px wide`];
}"""

FOCUSABLE = """() => Array.from(document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])'
)).filter(el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden";
}).map(el => el.outerHTML.slice(0, 120))"""

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        html: el.outerHTML.slice(0, 120),
        visible: box.width > 0 && box.height > 0 && box.bottom > -1,
        indicated: style.boxShadow !== "none"
            || (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
                && style.outlineColor !== "rgba(0, 0, 0, 0)"),
    };
}"""


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_keyboard_alone_reaches_every_link_and_control_with_visible_focus(
    browser: object, live_server: object, screenshot_dir: Path, width: int
) -> None:
    world = build_citizen_world()
    port = urlsplit(live_server.url).port
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name in ("service", "standard page", "news index"):
        page.goto(
            f"http://{world.hostname}:{port}{world.paths[name].format(lang='tg')}"
        )
        expected = page.evaluate(FOCUSABLE)
        assert len(expected) > 10, (name, expected)
        reached = []
        for step in range(len(expected) + 5):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused is None or (reached and focused["html"] == reached[0]["html"]):
                break
            reached.append(focused)
            if step == 0:
                # The skip link comes first and shows itself.
                assert "skip-link" in focused["html"] and focused["visible"]
                if name == "service":
                    page.screenshot(path=screenshot_dir / f"{width}-skip-link.png")
        reached_html = [item["html"] for item in reached]
        missing = [html for html in expected if html not in reached_html]
        assert not missing, (name, missing)
        hidden = [item["html"] for item in reached if not item["indicated"]]
        assert not hidden, (name, hidden)
    context.close()

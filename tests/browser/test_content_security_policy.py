"""Chromium enforcing the Content-Security-Policy of the citizen pages
reports no violation: no inline script or style is blocked (the schema.org
JSON-LD is a data block, never executed), and the agency's colours still
apply through their class."""

from urllib.parse import urlsplit

import pytest

from agency_sites.models import AccentColour, AgencySettings
from tests.browser.world import build_citizen_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TEAL = "rgb(13, 92, 99)"


def test_citizen_pages_break_no_rule_of_their_policy(
    browser: object, live_server: object
) -> None:
    world = build_citizen_world()
    # Another colour than the stylesheet's default (navy).
    row = AgencySettings.objects.get(site__hostname=world.hostname)
    row.accent_colour = AccentColour.TEAL
    row.save()
    port = urlsplit(live_server.url).port
    base = f"http://{world.hostname}:{port}"
    page = browser.new_context().new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    paths = [
        "/tg/",
        *(
            path.format(lang=language)
            for path in world.paths.values()
            for language in ("tg", "ru")
        ),
        "/ru/search/?q=паспорт",
        "/tg/no-such-page/",
    ]
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response is not None
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        # The agency's accent colour reached the header.
        header = page.locator(".site-header")
        background = header.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background == TEAL, path
    violations = [text for text in messages if "Content Security Policy" in text]
    assert violations == []
    # JSON-LD stayed in the page, readable by crawlers.
    page.goto(f"{base}/tg/")
    assert page.locator('script[type="application/ld+json"]').count() == 1

"""A citizen on a phone: opens an agency's home, finds a service through
the services list and through search, switches to Russian and lands on the
same service, reads a news item and opens the competitions list."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.world import build_citizen_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_citizen_finds_a_service_switches_language_and_reads_news(
    browser: object, live_server: object, screenshot_dir: Path
) -> None:
    world = build_citizen_world()
    port = urlsplit(live_server.url).port
    base = f"http://{world.hostname}:{port}"
    page = browser.new_context(viewport={"width": 375, "height": 800}).new_page()

    page.goto(f"{base}/tg/")
    assert page.locator("h1").inner_text() == (
        "Вазорати корҳои дохилии Ҷумҳурии Тоҷикистон"
    )
    page.screenshot(path=screenshot_dir / "1-home.png", full_page=True)

    # Through the services list.
    page.get_by_role("navigation", name="Менюи асосӣ").get_by_role(
        "link", name="Хизматрасониҳо"
    ).click()
    page.wait_for_url(f"{base}/tg/services/")
    page.screenshot(path=screenshot_dir / "2-services.png", full_page=True)
    page.get_by_role("link", name=world.service_titles["tg"]).click()
    page.wait_for_url(f"{base}/tg/services/passport/")
    assert page.locator("h1").inner_text() == world.service_titles["tg"]
    page.screenshot(path=screenshot_dir / "3-service.png", full_page=True)

    # Through search.
    page.goto(f"{base}/tg/")
    page.get_by_role("searchbox", name="Ҷустуҷӯ дар сомона").fill("шиноснома")
    page.get_by_role("button", name="Ҷустуҷӯ").click()
    page.wait_for_url(f"{base}/tg/search/?q=*")
    page.screenshot(path=screenshot_dir / "4-search-results.png", full_page=True)
    page.locator(".search-results").get_by_role(
        "link", name=world.service_titles["tg"]
    ).click()
    page.wait_for_url(f"{base}/tg/services/passport/")

    # The same service in Russian.
    page.get_by_role("navigation", name="Забон").get_by_role(
        "link", name="Русский"
    ).click()
    page.wait_for_url(f"{base}/ru/services/passport/")
    assert page.locator("h1").inner_text() == world.service_titles["ru"]
    assert page.locator("html").get_attribute("lang") == "ru"
    page.screenshot(path=screenshot_dir / "5-service-in-russian.png", full_page=True)

    # A news item, then the competitions.
    nav = page.get_by_role("navigation", name="Главное меню")
    nav.get_by_role("link", name="Новости").click()
    page.wait_for_url(f"{base}/ru/news/")
    page.get_by_role("link", name="Начат приём документов").click()
    page.wait_for_url(f"{base}/ru/news/documents-accepted/")
    assert page.locator("h1").inner_text() == "Начат приём документов"
    page.screenshot(path=screenshot_dir / "6-news-item.png", full_page=True)
    page.get_by_role("navigation", name="Главное меню").get_by_role(
        "link", name="Конкурсы на государственную службу"
    ).click()
    page.wait_for_url(f"{base}/ru/competitions/")
    assert page.get_by_role("link", name="Конкурс на должность специалиста").count()
    page.screenshot(path=screenshot_dir / "7-competitions.png", full_page=True)

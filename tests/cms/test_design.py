"""The shared design: the agency's identity in every page's frame, fonts
that carry Tajik letters, and a page weight fit for slow connections."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import TestCase

import pytest
from fontTools.ttLib import TTFont

from agency_sites.models import AccentColour, AgencySettings
from cms.media.renditions import generate_stored_renditions
from tests import factories
from tests.conftest import REPO_ROOT

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite

TAJIK_LETTERS = "ҒғӢӣҚқӮӯҲҳҶҷ"
# CSS and JavaScript of a page, fonts aside.
PAGE_BUDGET_BYTES = 60 * 1024
CSS = Path(finders.find("cms/css/site.css"))


def font_faces() -> list[dict[str, str]]:
    faces = []
    for block in re.findall(r"@font-face\s*{([^}]*)}", CSS.read_text("utf-8")):
        faces.append(
            {
                name.strip(): value.strip()
                for name, value in (
                    part.split(":", 1) for part in block.split(";") if ":" in part
                )
            }
        )
    return faces


def in_range(code_point: int, unicode_range: str) -> bool:
    for part in unicode_range.split(","):
        bounds = part.strip().removeprefix("U+").split("-")
        low = int(bounds[0], 16)
        high = int(bounds[-1], 16)
        if low <= code_point <= high:
            return True
    return False


def test_shipped_font_carries_every_tajik_letter_in_both_weights():
    for weight in ("400", "700"):
        faces = [f for f in font_faces() if f["font-weight"] == weight]
        assert faces and all(f["font-display"] == "swap" for f in faces)
        for letter in TAJIK_LETTERS + "абвгдеёжзийклмнопрстуфхцчшщъыьэюяABCxyz019":
            face = next(
                (f for f in faces if in_range(ord(letter), f["unicode-range"])), None
            )
            assert face is not None, (letter, weight)
            url = re.search(r'url\("\.\./([^"]+)"\)', face["src"]).group(1)
            font = TTFont(CSS.parent.parent / url)
            assert ord(letter) in font.getBestCmap(), (letter, url)


def test_fonts_come_with_their_licence_and_stay_small():
    fonts = CSS.parent.parent / "fonts"
    assert "SIL Open Font License" in (fonts / "OFL.txt").read_text("utf-8")
    # What a Tajik page downloads at most: Latin, Cyrillic, Tajik, two weights.
    assert sum(path.stat().st_size for path in fonts.glob("*.woff2")) < 50 * 1024


def test_no_public_template_generates_renditions():
    """Wagtail's {% image %} creates a missing rendition during the page
    view; public templates read stored ones ({% stored_image %})."""
    templates = [
        path
        for app in ("cms", "agency_sites", "home", "service_pages", "news")
        for path in (REPO_ROOT / app / "templates").rglob("*.html")
    ]
    assert templates
    for path in templates:
        text = path.read_text("utf-8")
        assert "wagtailimages_tags" not in text, path
        assert "{% image " not in text, path


class DesignTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("alpha")
        cls.emblem = factories.ImageFactory(title="Нишон", width=400, height=400)
        generate_stored_renditions(image=cls.emblem)
        row = AgencySettings.objects.get(site=cls.tree.agency.site)
        row.emblem = cls.emblem
        row.accent_colour = AccentColour.TEAL
        row.phone = "+992 37 221-00-00"
        row.address_en = "1 Rudaki Avenue, Dushanbe"
        row.save()
        cls.service = factories.service(cls.tree)
        cls.news = factories.news_item(cls.tree)
        cls.pages = [
            "/tg/",
            "/ru/",
            "/en/",
            "/tg/services/",
            f"/tg/services/{cls.service.slug}/",
            "/tg/news/",
            f"/tg/news/{cls.news.slug}/",
            "/tg/competitions/",
            "/tg/contacts/",
            "/tg/about/",
            "/tg/search/?q=маълумотнома",
            "/tg/no-such-page/",
        ]

    def get(self, path: str):
        return self.client.get(path, headers={"host": self.tree.hostname})

    def test_the_frame_shows_the_agency_in_the_pages_language(self):
        html = self.get("/en/").text
        name = "Ministry of Alpha of the Republic of Tajikistan"
        assert f'<span class="brand__name">{name}</span>' in html
        assert '<body class="accent-teal">' in html
        assert re.search(
            r'<img class="brand__emblem" src="[^"]+" width="\d+" height="\d+" alt="">',
            html,
        )
        assert "1 Rudaki Avenue, Dushanbe" in html
        assert 'href="tel:+992372210000"' in html
        assert '<nav class="main-nav" aria-label="Main navigation">' in html
        assert 'action="/en/search/"' in html

    def test_the_current_section_and_breadcrumbs_are_marked(self):
        html = self.get(f"/tg/services/{self.service.slug}/").text
        assert 'href="/tg/services/" aria-current="true"' in html
        crumbs = html.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
        assert 'href="/tg/"' in crumbs and 'href="/tg/services/"' in crumbs
        assert f'<span aria-current="page">{self.service.title}</span>' in crumbs

    def test_a_missing_translation_leads_to_that_languages_home(self):
        html = self.get(f"/tg/services/{self.service.slug}/").text
        switcher = html.split('<nav class="language-switcher"', 1)[1].split("</nav>")[0]
        assert re.search(
            r'<a class="language-switcher__missing" href="/ru/" lang="ru" '
            r'hreflang="ru">Русский <small>\(страница не переведена: '
            r"главная страница\)</small></a>",
            switcher,
        )
        assert 'href="/en/"' in switcher
        assert "(this page is not translated: home page)" in switcher
        # A home page is no alternate of this page: hreflang links stay out.
        assert 'rel="alternate" hreflang="ru"' not in html

    def test_css_and_javascript_of_every_page_stay_under_60_kb(self):
        for path in self.pages:
            html = self.get(path).text
            assets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
            assets += re.findall(r'<script[^>]* src="/static/([^"]+)"', html)
            assert assets, path
            total = sum(Path(finders.find(asset)).stat().st_size for asset in assets)
            assert total < PAGE_BUDGET_BYTES, (path, total)
            assert "<script src=" not in html  # usable without JavaScript

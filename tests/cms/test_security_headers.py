"""What securityheaders-style scanners check on a citizen page: a Content
Security Policy that allows no inline script or style, and the other
headers; the Wagtail admin left out of the policy; repeated failed admin
sign-ins locked out with a page in the editor's language."""

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.test import TestCase, override_settings

from agency_sites.models import ACCENT_PALETTE
from tests import factories
from tests.settings.test_settings_modules import GOOD_ENV, run_django

CITIZEN_PATHS = ["/tg/", "/ru/services/", "/en/news/", "/tg/search/?q=x", "/tg/nope/"]


def csp_directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


class CitizenPageHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("alpha")
        cls.service = factories.service(cls.tree)
        cls.news = factories.news_item(cls.tree)

    def get(self, path: str):
        return self.client.get(path, headers={"host": self.tree.hostname})

    def test_every_citizen_page_has_a_policy_without_inline_code(self):
        paths = [
            *CITIZEN_PATHS,
            f"/tg/services/{self.service.slug}/",
            f"/tg/news/{self.news.slug}/",
        ]
        for path in paths:
            response = self.get(path)
            assert response.status_code in (200, 404), path
            policy = csp_directives(response["Content-Security-Policy"])
            assert policy["script-src"] == ["'self'"], path
            assert policy["style-src"] == ["'self'"], path
            assert policy["object-src"] == ["'none'"], path
            assert policy["frame-ancestors"] == ["'none'"], path
            assert policy["base-uri"] == ["'self'"], path
            html = response.text
            # Only data blocks (schema.org JSON-LD), which are never executed.
            for script in re.findall(r"<script\b[^>]*>", html):
                assert script == '<script type="application/ld+json">', path
            assert "<style" not in html, path
            assert not re.search(r"\sstyle=", html), path
            assert not re.search(r"\son[a-z]+=", html), path

    def test_the_agency_accent_colour_comes_from_a_class(self):
        html = self.get("/tg/").text
        assert '<body class="accent-emerald">' in html
        # Every colour agencies can choose has its rule, with its value.
        css = Path(finders.find("cms/css/site.css")).read_text()
        for colour, hex_code in ACCENT_PALETTE.items():
            assert f".accent-{colour.value} {{ --color-accent: {hex_code}; }}" in css

    def test_the_security_headers_of_a_citizen_page(self):
        response = self.get("/tg/")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        permissions = response["Permissions-Policy"]
        for feature in ("camera", "geolocation", "microphone", "payment"):
            assert f"{feature}=()" in permissions

    def test_the_api_has_the_headers_too(self):
        response = self.get("/api/v1/agencies/")
        assert response.status_code == 200
        assert "Content-Security-Policy" in response
        assert "Permissions-Policy" in response

    def test_the_admin_is_left_out_of_the_policy(self):
        response = self.client.get("/admin/login/", headers={"host": "portal.test"})
        assert response.status_code == 200
        assert "Content-Security-Policy" not in response
        # ... but keeps every other header.
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "Permissions-Policy" in response


@override_settings(AXES_FAILURE_LIMIT=3)
class AdminLoginThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(
            username="editor", password="the-right-password-1", is_staff=True
        )

    def sign_in(self, password: str, language: str = "tg"):
        return self.client.post(
            "/admin/login/",
            {"username": "editor", "password": password},
            headers={
                "host": "portal.test",
                "accept-language": language,
                "x-forwarded-for": "203.0.113.9",
            },
        )

    def test_repeated_failures_lock_the_sign_in_in_the_editors_language(self):
        for _attempt in range(2):
            assert self.sign_in("wrong").status_code == 200
        locked = self.sign_in("wrong")
        assert locked.status_code == 429
        assert locked["Retry-After"] == "900"
        assert "Кӯшишҳои воридшавӣ аз ҳад зиёданд" in locked.text
        assert "баъд аз 15 дақиқа" in locked.text
        # Even the right password is refused while locked.
        assert self.sign_in("the-right-password-1").status_code == 429
        russian = self.sign_in("the-right-password-1", language="ru")
        assert "Слишком много попыток входа" in russian.text
        assert "через 15 минут" in russian.text

    def test_a_success_before_the_limit_starts_the_count_again(self):
        self.sign_in("wrong")
        self.sign_in("wrong")
        assert self.sign_in("the-right-password-1").status_code == 302
        self.client.logout()
        self.sign_in("wrong")
        self.sign_in("wrong")
        assert self.sign_in("the-right-password-1").status_code == 302


def test_the_client_address_behind_the_cache_tier():
    from django.test import RequestFactory

    from cms.security import client_ip

    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_ip(request) == "127.0.0.1"
    with override_settings(TRUSTED_PROXY_HOPS=1):
        # The client's own claim (6.6.6.6) is never trusted.
        assert client_ip(request) == "203.0.113.9"


def test_production_policy_allows_media_from_the_cdn_only():
    result = run_django(
        "settings.production",
        GOOD_ENV,
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "[\"'self'\", 'data:', 'https://media.hukumat.tj', 'https://s3.internal']"
    )

"""The local demo shows what citizens see: the designed error pages with
DEBUG off, static files and media still served, mail on the console."""

import pytest

from settings import demo as demo_settings
from settings import dev as dev_settings
from tests import factories
from tests.settings.test_settings_modules import run_django


def test_the_demo_is_dev_with_debug_off():
    assert dev_settings.DEBUG is True
    assert demo_settings.DEBUG is False
    for module in (dev_settings, demo_settings):
        assert module.LOCAL_DEMO is True
        assert module.SERVE_LOCAL_MEDIA is True
        assert module.WHITENOISE_USE_FINDERS is True
        assert module.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.django_db
def test_a_missing_page_of_an_agency_is_the_designed_404_in_the_demo(client, settings):
    tree = factories.provisioned_agency("alpha")

    settings.DEBUG = demo_settings.DEBUG
    response = client.get("/ru/no-such-page/", headers={"host": tree.hostname})
    html = response.text
    assert response.status_code == 404
    assert '<html lang="ru">' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert "<h1>Страница не найдена</h1>" in html
    assert 'class="brand__name"' in html  # the agency's own frame
    assert "Django" not in html

    # ... where settings.dev, for developers, shows Django's technical page.
    settings.DEBUG = dev_settings.DEBUG
    technical = client.get("/ru/no-such-page/", headers={"host": tree.hostname})
    assert technical.status_code == 404
    assert "Django" in technical.text


def test_the_demo_serves_static_files_and_media_with_debug_off(tmp_path):
    media = tmp_path / "media" / "original_images"
    media.mkdir(parents=True)
    (media / "emblem.png").write_bytes(b"\x89PNG demo")
    result = run_django(
        "settings.demo",
        {"VAR_DIR": str(tmp_path)},
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; from django.test import Client; "
        "from django.urls import resolve; c = Client(HTTP_HOST='localhost'); "
        "print(settings.DEBUG); "
        "r = c.get('/static/cms/css/site.css'); "
        "print(r.status_code, r['Content-Type']); "
        "r = c.get('/media/original_images/emblem.png'); "
        "print(r.status_code, b''.join(r.streaming_content)); "
        "print(resolve('/media/private/documents/x/a.pdf').func.__name__)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "False",
        '200 text/css; charset="utf-8"',
        "200 b'\\x89PNG demo'",
        "private_media_not_served",
    ]


def test_the_demo_writes_mail_to_the_console(tmp_path):
    result = run_django(
        "settings.demo",
        {"VAR_DIR": str(tmp_path)},
        "shell",
        "--no-imports",
        "-c",
        "from django.core.mail import send_mail; "
        "send_mail('Moderation', 'A page awaits your approval.', "
        "'noreply@localhost', ['moderator@mvd.demo'])",
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Subject: Moderation" in result.stdout
    assert "To: moderator@mvd.demo" in result.stdout
    assert "A page awaits your approval." in result.stdout

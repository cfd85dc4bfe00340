"""The demo's admin account: created once, reused, never outside the demo."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest


def run(**kwargs) -> str:
    out = StringIO()
    call_command("demo_admin", language="en", stdout=out, **kwargs)
    return out.getvalue()


@pytest.mark.django_db
def test_refuses_outside_the_demo(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs in the local demo"):
        run()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_creates_then_reuses_the_account(settings, tmp_path):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    first = run()
    password = (tmp_path / "demo-admin-password").read_text()
    assert f"user: admin  password: {password}" in first
    assert (tmp_path / "demo-admin-password").stat().st_mode & 0o777 == 0o600
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    assert user.check_password(password)
    assert run() == first
    assert get_user_model().objects.count() == 1

"""The demo's accounts: created once, reused, never outside the demo."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest

from agency_sites.models import AgencyGroup
from agency_sites.provisioning import parse_registry, provision_agencies
from tests.factories import agency_entry


def run() -> str:
    out = StringIO()
    call_command("demo_accounts", language="en", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_refuses_outside_the_demo(settings):
    settings.LOCAL_DEMO = False
    with pytest.raises(CommandError, match="only runs in the local demo"):
        run()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_creates_then_reuses_the_accounts(settings, tmp_path):
    settings.LOCAL_DEMO = True
    settings.VAR_DIR = tmp_path
    provision_agencies(specs=parse_registry({"agencies": [agency_entry("mvd")]}))
    first = run()
    password = (tmp_path / "demo-password").read_text()
    assert f"password for every account: {password}" in first
    assert (tmp_path / "demo-password").stat().st_mode & 0o777 == 0o600
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(password)
    editor = get_user_model().objects.get(email="editor@mvd.demo")
    assert editor.check_password(password)
    assert not editor.is_superuser
    group = AgencyGroup.objects.get(agency__slug="mvd", role="editor").group
    assert editor.groups.filter(pk=group.pk).exists()
    assert "moderator@mvd.demo" in first and "administrator@mvd.demo" in first
    # Each with a name, for the admin to greet them by.
    assert admin.get_full_name() == "Далер Раҳимов"
    assert editor.get_full_name() == "Фарида Каримова"
    assert run() == first
    assert get_user_model().objects.count() == 4


@pytest.mark.django_db
def test_a_name_changed_in_the_admin_is_kept(settings, tmp_path):
    settings.LOCAL_DEMO = True
    settings.VAR_DIR = tmp_path
    provision_agencies(specs=parse_registry({"agencies": [agency_entry("mvd")]}))
    run()
    get_user_model().objects.filter(email="editor@mvd.demo").update(
        first_name="Нигина", last_name=""
    )
    run()
    editor = get_user_model().objects.get(email="editor@mvd.demo")
    assert editor.get_full_name() == "Нигина"

"""``update_tajik_catalogues`` brings translations/ in step with the installed
packages after an upgrade: new ids in, dropped ids out, translations kept."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import polib
import pytest

from tests.i18n.catalogues import message_keys, upstream_catalogues


def catalogue(base: Path, package: str, domain: str = "django") -> Path:
    return base / "translations" / package / "tg" / "LC_MESSAGES" / f"{domain}.po"


def test_it_adds_new_ids_drops_old_ones_and_keeps_translations(
    settings: object, tmp_path: Path
) -> None:
    settings.BASE_DIR = tmp_path
    call_command("update_tajik_catalogues", stdout=StringIO())
    for upstream in upstream_catalogues():
        ours = catalogue(tmp_path, upstream.package, upstream.domain)
        assert message_keys(ours) == message_keys(upstream.english), ours
        assert polib.pofile(str(ours)).metadata["Language"] == "tg"

    # Translated since, and an id an older Wagtail had.
    sites = catalogue(tmp_path, "wagtail.sites")
    po = polib.pofile(str(sites))
    po.find("Sites").msgstr = "Сомонаҳо"
    po.append(polib.POEntry(msgid="Removed in an upgrade", msgstr="Нест шуд"))
    po.save(str(sites))

    with pytest.raises(CommandError, match="1 catalogue"):
        call_command("update_tajik_catalogues", "--check", stdout=StringIO())
    assert polib.pofile(str(sites)).find("Removed in an upgrade") is not None

    output = StringIO()
    call_command("update_tajik_catalogues", stdout=output)
    assert "wagtail.sites (django): 0 id(s) added, 1 removed" in output.getvalue()
    po = polib.pofile(str(sites))
    assert po.find("Sites").msgstr == "Сомонаҳо"
    assert po.find("Removed in an upgrade") is None
    call_command("update_tajik_catalogues", "--check", stdout=StringIO())

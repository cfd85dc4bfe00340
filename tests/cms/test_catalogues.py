"""The shipped Tajik and Russian catalogues are complete and really translated."""

import re
from pathlib import Path

import polib
import pytest

from tests.conftest import REPO_ROOT

CATALOGUES = sorted(
    path
    for language in ("tg", "ru")
    for path in REPO_ROOT.glob(f"*/locale/{language}/LC_MESSAGES/django.po")
    if ".venv" not in path.parts
)
PLACEHOLDER = re.compile(r"%\(\w+\)s")
CYRILLIC = re.compile(r"[а-яёғӣқӯҳҷ]", re.IGNORECASE)


def test_every_app_ships_tajik_and_russian():
    apps = {path.parts[len(REPO_ROOT.parts)] for path in CATALOGUES}
    assert apps == {"agency_sites", "cms", "home", "news", "service_pages"}
    assert len(CATALOGUES) == 2 * len(apps)


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=lambda p: str(p.relative_to(REPO_ROOT))
)
def test_catalogue_is_complete_and_consistent(path: Path):
    catalogue = polib.pofile(str(path))
    assert catalogue.percent_translated() == 100
    assert not catalogue.fuzzy_entries()
    for entry in catalogue:
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ), entry.msgid
        if re.search(r"[A-Za-z]{3}", PLACEHOLDER.sub("", entry.msgid)):
            # Written in Cyrillic, not English copied in.
            assert CYRILLIC.search(entry.msgstr), entry.msgid

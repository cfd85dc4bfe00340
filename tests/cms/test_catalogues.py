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
# Russian: one (1, 21), few (2-4, 22-24), many (0, 5-20, 25...); Tajik nouns
# stay singular after a numeral ("5 рӯз"): one form.
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
    "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "tg": "nplurals=1; plural=0;",
}
NPLURALS = {"ru": 3, "tg": 1}


def test_every_app_ships_tajik_and_russian():
    apps = {path.parts[len(REPO_ROOT.parts)] for path in CATALOGUES}
    assert apps == {
        "agency_sites",
        "assembly",
        "cms",
        "compliance",
        "home",
        "news",
        "portal",
        "publishing_events",
        "service_pages",
    }
    assert len(CATALOGUES) == 2 * len(apps)


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=lambda p: str(p.relative_to(REPO_ROOT))
)
def test_catalogue_is_complete_and_consistent(path: Path):
    catalogue = polib.pofile(str(path))
    assert catalogue.percent_translated() == 100
    assert not catalogue.fuzzy_entries()
    language = path.parts[-3]
    assert catalogue.metadata["Plural-Forms"] == PLURAL_FORMS[language]
    for entry in catalogue:
        if entry.msgid_plural:
            # One translation per plural form of the language.
            forms = [
                entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)
            ]
            assert len(forms) == NPLURALS[language], entry.msgid
        else:
            forms = [entry.msgstr]
        for form in forms:
            assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
                PLACEHOLDER.findall(form)
            ), entry.msgid
            if re.search(r"[A-Za-z]{3}", PLACEHOLDER.sub("", entry.msgid)):
                # Written in Cyrillic, not English copied in.
                assert CYRILLIC.search(form), entry.msgid


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            {
                1: "до 1 рабочего дня",
                3: "до 3 рабочих дней",
                5: "до 5 рабочих дней",
                11: "до 11 рабочих дней",
                21: "до 21 рабочего дня",
                24: "до 24 рабочих дней",
            },
        ),
        ("tg", {1: "то 1 рӯзи корӣ", 5: "то 5 рӯзи корӣ"}),
        ("en", {1: "up to 1 working day", 5: "up to 5 working days"}),
    ],
)
def test_plural_forms_follow_the_languages_rules(language, expected):
    from service_pages.demo import processing_time

    assert {days: processing_time(days, language) for days in expected} == expected

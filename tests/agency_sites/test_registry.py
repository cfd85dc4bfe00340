"""Validation of registry files: pure logic, no database."""

from django.utils import translation

import pytest

from agency_sites.provisioning import RegistryError, load_registry, parse_registry
from tests.factories import agency_entry, registry_file


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def problems_for(entries: list) -> list[str]:
    with pytest.raises(RegistryError) as error:
        parse_registry({"agencies": entries}, portal_domain="portal.test")
    return error.value.problems


def test_shipped_registry_is_valid(shipped_registry):
    specs = load_registry(shipped_registry, portal_domain="portal.test")
    assert len(specs) == 24
    mvd = next(spec for spec in specs if spec.slug == "mvd")
    assert mvd.hostname == "mvd.portal.test"
    assert (
        mvd.names["en"] == "Ministry of Internal Affairs of the Republic of Tajikistan"
    )
    dushanbe = next(spec for spec in specs if spec.slug == "dushanbe")
    assert (dushanbe.kind, dushanbe.region) == ("local", "dushanbe")
    gbao = next(spec for spec in specs if spec.slug == "gbao")
    assert gbao.region == "gbao"


def test_explicit_hostname_is_kept():
    [spec] = parse_registry(
        {"agencies": [agency_entry("mvd", hostname="mvd.gov.tj")]},
        portal_domain="portal.test",
    )
    assert spec.hostname == "mvd.gov.tj"


def test_names_are_whitespace_normalised():
    names = {"tg": "  Вазорати\n адлия ", "ru": "Минюст", "en": "Justice"}
    [spec] = parse_registry(
        {"agencies": [agency_entry("adliya", names=names)]}, portal_domain="portal.test"
    )
    assert spec.names["tg"] == "Вазорати адлия"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            {k: v for k, v in agency_entry("mvd").items() if k != "slug"},
            "entry 1, field 'slug': required",
        ),
        (agency_entry("MVD!"), "entry 1 (MVD!), field 'slug'"),
        (
            {k: v for k, v in agency_entry("mvd").items() if k != "kind"},
            "entry 1 (mvd), field 'kind': required",
        ),
        (
            agency_entry("mvd", kind="federal"),
            "entry 1 (mvd), field 'kind': unknown kind 'federal'",
        ),
        (
            agency_entry("dushanbe", kind="local"),
            "entry 1 (dushanbe), field 'region': required for a local body",
        ),
        (
            agency_entry("x", kind="local", region="Atlantis"),
            "entry 1 (x), field 'region': unknown region 'Atlantis'",
        ),
        (
            {k: v for k, v in agency_entry("mvd").items() if k != "names"},
            "entry 1 (mvd), field 'names': required",
        ),
        (
            agency_entry("mvd", names={"tg": "Вазорат", "en": "Ministry"}),
            "entry 1 (mvd), field 'names.ru': required",
        ),
        (
            agency_entry("mvd", names={"tg": "Вазорат", "ru": "  ", "en": "Ministry"}),
            "entry 1 (mvd), field 'names.ru': required",
        ),
        (
            agency_entry("mvd", names={"tg": "В", "ru": "М", "en": "M", "fr": "Min"}),
            "entry 1 (mvd), field 'names.fr': not a content language",
        ),
        (agency_entry("mvd", hostname="not a host"), "entry 1 (mvd), field 'hostname'"),
        (
            agency_entry("mvd", hostname="portal.test"),
            "entry 1 (mvd), field 'hostname': the portal's own domain",
        ),
        (
            agency_entry("mvd", hostnmae="x.tj"),
            "entry 1 (mvd), field 'hostnmae': unknown",
        ),
        (agency_entry("mvd", parent="mvd"), "entry 1 (mvd), field 'parent'"),
        ("mvd", "entry 1: must be a mapping of fields"),
    ],
)
def test_malformed_entry_is_named_with_its_field(entry, expected):
    problems = problems_for([agency_entry("ok"), entry])
    expected = expected.replace("entry 1", "entry 2")
    assert any(expected in problem for problem in problems), problems


def test_duplicate_slug_names_both_entries():
    problems = problems_for([agency_entry("mvd"), agency_entry("mvd")])
    assert problems == [
        "entry 2 (mvd), field 'slug': 'mvd' is already used by entry 1",
        "entry 2 (mvd), field 'hostname': 'mvd.portal.test' is already used by entry 1",
    ]


def test_duplicate_hostname_is_refused():
    problems = problems_for(
        [agency_entry("a", hostname="x.gov.tj"), agency_entry("b", hostname="x.gov.tj")]
    )
    assert problems == [
        "entry 2 (b), field 'hostname': 'x.gov.tj' is already used by entry 1"
    ]


def test_default_hostname_clash_with_explicit_one_is_refused():
    problems = problems_for(
        [agency_entry("a", hostname="b.portal.test"), agency_entry("b")]
    )
    assert problems == [
        "entry 2 (b), field 'hostname': 'b.portal.test' is already used by entry 1"
    ]


def test_every_problem_is_reported_at_once():
    problems = problems_for(
        [agency_entry("a", kind="x"), agency_entry("b", names={}), agency_entry("c")]
    )
    assert len(problems) >= 4  # kind, and names.tg/ru/en of entry 2


@pytest.mark.parametrize(
    "document", [None, [], {"agency": []}, {"agencies": "mvd"}, "just text"]
)
def test_wrong_document_shape_is_refused(document):
    with pytest.raises(RegistryError, match="'agencies' list"):
        parse_registry(document)


def test_unknown_top_level_field_is_refused():
    with pytest.raises(RegistryError, match="Unknown top-level field 'agencys'"):
        parse_registry({"agencies": [agency_entry("a")], "agencys": []})


def test_bad_yaml_names_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("agencies:\n  - slug: mvd\n    names: {tg: [unclosed\n", "utf-8")
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    [problem] = error.value.problems
    assert "broken.yaml: not valid YAML (line" in problem


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(RegistryError, match="no such file"):
        load_registry(tmp_path / "nope.yaml")


def test_problems_are_reported_in_the_active_language():
    with translation.override("ru"):
        problems = problems_for([agency_entry("mvd", kind="federal")])
    assert problems == [
        "запись 1 (mvd), поле 'kind': неизвестный вид 'federal', "
        "ожидается одно из: central, local"
    ]
    with translation.override("tg"):
        problems = problems_for([agency_entry("mvd", kind="federal")])
    assert problems[0].startswith("сабти 1 (mvd), майдони «kind»: навъи номаълум")


def test_file_round_trip(tmp_path):
    path = registry_file(tmp_path, [agency_entry("a"), agency_entry("b")])
    assert [spec.slug for spec in load_registry(path)] == ["a", "b"]

"""Every message id of the installed Wagtail, wagtail-localize and taggit is
translated into Tajik. After an upgrade, the failure names each id to add."""

import pytest

from tests.i18n.catalogues import (
    COVERAGE_COUNTS,
    REQUIRED_COVERAGE,
    TRANSLATIONS,
    Catalogue,
    describe,
    english_catalogue_of,
    message_keys,
    translated_keys,
    upstream_catalogues,
)

CATALOGUES = upstream_catalogues()


def coverage(catalogue: Catalogue) -> tuple[int, int, list[str]]:
    """Translated ids, all ids, and the missing ones described."""
    english = message_keys(catalogue.english)
    done = english & translated_keys(catalogue.tajik)
    COVERAGE_COUNTS[catalogue.label] = (len(done), len(english))
    missing = sorted(english - done, key=lambda message: message[1])
    return len(done), len(english), [describe(message) for message in missing]


def test_the_catalogues_come_from_installed_apps() -> None:
    labels = {catalogue.label for catalogue in CATALOGUES}
    # Installed: the admin in both domains, wagtail-localize's JavaScript.
    assert {
        "wagtail (django)",
        "wagtail.admin (django)",
        "wagtail.admin (djangojs)",
        "wagtail_localize (djangojs)",
        "wagtail.contrib.forms (django)",
    } <= labels
    # Shipped by Wagtail but not installed here.
    assert not labels & {
        "wagtail.contrib.search_promotions (django)",
        "wagtail.locales (django)",
        "wagtail.contrib.styleguide (django)",
    }


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda c: c.label)
def test_each_catalogue_is_translated(catalogue: Catalogue) -> None:
    translated, total, missing = coverage(catalogue)
    assert translated >= REQUIRED_COVERAGE * total, (
        f"{catalogue.tajik.relative_to(TRANSLATIONS.parent)}: {translated} of "
        f"{total} ids of {catalogue.english} translated; missing {len(missing)}:\n"
        + "\n".join(missing)
    )


def test_all_catalogues_together_are_translated() -> None:
    translated = total = 0
    summary = []
    for catalogue in CATALOGUES:
        done, count, missing = coverage(catalogue)
        translated += done
        total += count
        summary.append(f"{catalogue.label}: {done}/{count}, {len(missing)} missing")
    assert total > 0
    assert translated >= REQUIRED_COVERAGE * total, (
        f"{translated} of {total} ids translated ({translated / total:.1%}):\n"
        + "\n".join(summary)
    )


def test_no_catalogue_keeps_ids_its_package_dropped() -> None:
    """A folder of translations/ follows an installed English catalogue, and
    holds none of the ids an upgrade removed."""
    stale = []
    for tajik in sorted(TRANSLATIONS.glob("*/tg/LC_MESSAGES/*.po")):
        package, domain = tajik.parts[-4], tajik.stem
        english = english_catalogue_of(package, domain)
        if english is None:
            stale.append(f"{tajik}: no installed catalogue {package} ({domain})")
            continue
        stale.extend(
            f"{tajik}: {describe(message)} is no longer in {english}"
            for message in sorted(
                message_keys(tajik) - message_keys(english), key=lambda m: m[1]
            )
        )
    assert not stale, "\n".join(stale)

"""The message catalogues the Tajik admin is made of, read with polib.

Upstream catalogues are the English ones of the installed packages whose
strings an editor sees: every installed app of Wagtail, wagtail-localize and
taggit (from INSTALLED_APPS, so that an app added or removed changes what is
checked). Ours are ``translations/<package>/tg/LC_MESSAGES/<domain>.po``.
"""

import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps

import polib

from tests.conftest import REPO_ROOT

TRANSLATIONS = REPO_ROOT / "translations"
DOMAINS = ("django", "djangojs")
# Packages whose catalogues we translate (their apps in INSTALLED_APPS).
UPSTREAM_PACKAGES = ("wagtail", "wagtail_localize", "taggit")
# Below this share of an upstream catalogue's ids translated, the tests fail.
REQUIRED_COVERAGE = 0.99

# A message id: context, singular, plural.
MessageKey = tuple[str | None, str, str | None]


@dataclass(frozen=True)
class Catalogue:
    package: str
    domain: str
    english: Path

    @property
    def tajik(self) -> Path:
        return TRANSLATIONS / self.package / "tg" / "LC_MESSAGES" / f"{self.domain}.po"

    @property
    def label(self) -> str:
        return f"{self.package} ({self.domain})"


def _is_upstream(app_name: str) -> bool:
    return any(
        app_name == package or app_name.startswith(f"{package}.")
        for package in UPSTREAM_PACKAGES
    )


def upstream_catalogues() -> list[Catalogue]:
    """Every English catalogue of an installed Wagtail, wagtail-localize or
    taggit app, in both domains."""
    catalogues = []
    for app in apps.get_app_configs():
        if not _is_upstream(app.name):
            continue
        for domain in DOMAINS:
            english = Path(app.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if english.exists():
                catalogues.append(Catalogue(app.name, domain, english))
    return sorted(catalogues, key=lambda catalogue: catalogue.label)


def english_catalogue_of(package: str, domain: str) -> Path | None:
    """The installed English catalogue a folder of translations/ follows."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    english = folder / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    return english if english.exists() else None


def our_tajik_catalogues() -> list[Path]:
    """Every Tajik catalogue we ship: translations/ and our apps' own."""
    return sorted(TRANSLATIONS.glob("*/tg/LC_MESSAGES/*.po")) + sorted(
        REPO_ROOT.glob("*/locale/tg/LC_MESSAGES/*.po")
    )


@cache
def read(path: Path) -> polib.POFile:
    return polib.pofile(str(path))


def key(entry: polib.POEntry) -> MessageKey:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def message_keys(path: Path) -> set[MessageKey]:
    return {key(entry) for entry in read(path) if not entry.obsolete}


def is_translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def translated_keys(path: Path) -> set[MessageKey]:
    if not path.exists():
        return set()
    return {key(entry) for entry in read(path) if is_translated(entry)}


def translations(path: Path) -> list[tuple[polib.POEntry, tuple[str, ...], str]]:
    """(entry, the texts it translates, translation) for every translated
    form of every translated entry: the singular follows msgid, each plural
    form msgid_plural. A singular form may also follow msgid_plural: Tajik
    says "1 шакл" with the count, as the plural's %(count)d does, where
    English says "One form"."""
    pairs = []
    for entry in read(path):
        if not is_translated(entry):
            continue
        if entry.msgid_plural:
            for index, text in sorted(entry.msgstr_plural.items()):
                sources = (
                    (entry.msgid, entry.msgid_plural)
                    if index == 0
                    else (entry.msgid_plural,)
                )
                pairs.append((entry, sources, text))
        else:
            pairs.append((entry, (entry.msgid,), entry.msgstr))
    return pairs


def describe(message: MessageKey) -> str:
    context, singular, plural = message
    text = repr(singular)
    if plural:
        text += f" / plural {plural!r}"
    if context:
        text = f"[{context}] {text}"
    return text


# --- What a translation must keep ---------------------------------------------
_PRINTF = re.compile(r"%%|%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*[sdifrx]|%[sdif]")
_BRACES = re.compile(r"\{[A-Za-z_0-9]*\}")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


def placeholders(text: str) -> Counter[str]:
    """Each printf and brace placeholder of a text, counted."""
    return Counter(_PRINTF.findall(text) + _BRACES.findall(text))


def markup(text: str) -> Counter[str]:
    """Each HTML tag (with its attributes) and entity of a text, counted."""
    return Counter(_TAG.findall(text) + _ENTITY.findall(text))


def prose(text: str) -> str:
    """The words of a translation a reader sees: without placeholders, tags,
    entities, literal code (<code>...</code>, `...`) and addresses."""
    text = re.sub(r"<code>.*?</code>|`[^`]*`", " ", text, flags=re.DOTALL)
    text = _TAG.sub(" ", text)
    text = _ENTITY.sub(" ", text)
    text = _PRINTF.sub(" ", text)
    text = _BRACES.sub(" ", text)
    return re.sub(r"\b(?:https?://|www\.)\S*", " ", text)


# Counts of the coverage tests, printed at the end of the run (conftest.py):
# catalogue label -> (translated, total).
COVERAGE_COUNTS: dict[str, tuple[int, int]] = {}

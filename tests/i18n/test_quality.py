"""Every Tajik translation we ship (translations/ and our apps' own
catalogues) keeps its id's placeholders, markup and surrounding spaces, and
reads as Tajik: no English words beyond proper names and code, no letters
Tajik does not have, Tajik quotation marks."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.i18n.catalogues import (
    markup,
    our_tajik_catalogues,
    placeholders,
    prose,
    translations,
)

CATALOGUES = our_tajik_catalogues()

# Names, formats and codes that stay in Latin script in a Tajik sentence.
PROPER_NAMES = {
    # products and services
    "Wagtail", "Localize", "Django", "Draftail", "Embedly", "Gravatar", "oEmbed",
    "Markdown", "Unicode", "Willow", "YouTube", "Vimeo", "Hukumat.tj", "Egov.tj",
    "JavaScript", "Excel",
    # formats, protocols and units
    "URL", "URLs", "HTML", "JSON", "CSV", "TSV", "XLSX", "PDF", "SVG", "PNG",
    "JPEG", "JPG", "GIF", "WebP", "AVIF", "HEIC", "ICO", "PO", "API", "ID", "UUID",
    "CSS", "RSS", "HTTP", "HTTPS", "http", "https", "Gone", "UTF-8", "ASCII",
    "SEO", "KB", "MB", "GB",
    "TJS",
    # keys and values an editor types or reads as they are
    "Ctrl", "Cmd", "Alt", "Shift", "Enter", "Esc", "Tab", "alt", "slug",
    "true", "false", "tg", "ru", "en",
}  # fmt: skip
# Russian letters that are not Tajik ones (the 1998 alphabet has no ц, щ,
# ы, ь; э, ъ, ё are Tajik).
NOT_TAJIK = re.compile("[цщыьЦЩЫЬ]")
LATIN_WORD = re.compile(r"(?:--?|[./])?[A-Za-z][A-Za-z0-9_./\-]*")

Check = Callable[[str, str], bool]


def catalogue_id(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT))


def failures(path: Path, keeps: Check, problem: Callable[[str], str]) -> list[str]:
    """Each translation of ``path`` that ``keeps`` finds wrong against every
    text it may follow, described by ``problem``."""
    return [
        f"{entry.msgid!r} -> {text!r}: {problem(text)}"
        for entry, sources, text in translations(path)
        if not any(keeps(source, text) for source in sources)
    ]


def is_code(word: str, source: str) -> bool:
    """A word the message id shows as code (a path, a file type, a name in
    quotes, an identifier, an HTTP method), which stays as it is."""
    if word not in source:
        return False
    quoted = re.search(rf"['\"“«]{re.escape(word)}['\"”»]", source)
    # Part of a dotted name (an event type such as service.published), or
    # an identifier on its own in parentheses.
    dotted = re.search(rf"\b{re.escape(word)}\.\w|\w\.{re.escape(word)}\b", source)
    alone = re.search(rf"\({re.escape(word)}\)", source)
    return bool(
        quoted or dotted or alone or re.search(r"[_./\-\d]", word) or word.isupper()
    )


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_placeholders_are_kept(path: Path) -> None:
    problems = failures(
        path,
        lambda source, text: placeholders(source) == placeholders(text),
        lambda text: f"placeholders {sorted(placeholders(text).elements())}",
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_html_tags_and_entities_are_kept(path: Path) -> None:
    problems = failures(
        path,
        lambda source, text: markup(source) == markup(text),
        lambda text: f"markup {sorted(markup(text).elements())}",
    )
    assert not problems, "\n".join(problems)


def _ends(text: str) -> tuple[str, str]:
    stripped = text.strip()
    start = text.index(stripped) if stripped else len(text)
    return text[:start], text[start + len(stripped) :]


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_leading_and_trailing_spaces_are_kept(path: Path) -> None:
    problems = failures(
        path,
        lambda source, text: _ends(source) == _ends(text),
        lambda text: f"spaces around it {_ends(text)}",
    )
    assert not problems, "\n".join(problems)


def _english_words(source: str, text: str) -> list[str]:
    words = (word.rstrip("./-") for word in LATIN_WORD.findall(prose(text)))
    return sorted(
        {
            word
            for word in words
            if word not in PROPER_NAMES and not is_code(word, source)
        }
    )


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_no_english_words_beyond_proper_names_and_code(path: Path) -> None:
    problems = [
        f"{entry.msgid!r} -> {text!r}: Latin words {words}"
        for entry, sources, text in translations(path)
        if (words := _english_words(sources[-1], text))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_no_letters_tajik_does_not_have(path: Path) -> None:
    problems = failures(
        path,
        lambda _source, text: not NOT_TAJIK.search(text),
        lambda text: f"Russian-only letters {NOT_TAJIK.findall(text)}",
    )
    assert not problems, "\n".join(problems)


def _straight_quotes(text: str) -> bool:
    # A quote character named as itself, in parentheses, is not quoting.
    words = prose(text).replace('(")', "")
    return '"' in words or bool(re.search(r"(?:^|\W)'[^']*'(?:\W|$)", words))


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_quotes_are_guillemets(path: Path) -> None:
    problems = failures(
        path,
        lambda _source, text: not _straight_quotes(text),
        lambda _text: "straight quotes: use «»",
    )
    assert not problems, "\n".join(problems)

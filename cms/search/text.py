"""What citizens type, made comparable with what pages say: pure functions,
no database.

Tajik is often typed on a Russian keyboard, which has no ҳ ҷ қ ғ ӯ ӣ:
"шахрвандон" for "шаҳрвандон". :func:`fold` maps those letters to the ones
typed instead, on both the indexed text and the query, so either spelling
finds the other. Words are matched by their beginning (prefix matching), so
a query word is cut to a stem first (:func:`stem`): "маълумотномаҳо" looks
for words starting with "маълумотнома", "certificates" for "certificate".
On PostgreSQL Russian words are stemmed by its ``russian`` configuration;
:func:`stem` is the approximation used where there is none (the SQLite demo)
and for highlighting.
"""

import re
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

#: Tajik letters and the Russian-keyboard letters typed for them.
TAJIK_LETTERS = "ҳҷқғӯӣ"
KEYBOARD_LETTERS = "хчкгуи"
_FOLD = str.maketrans(TAJIK_LETTERS, KEYBOARD_LETTERS)

# Words that narrow nothing; a query needs every other word on the page.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        re.findall(
            r"\w+",
            "a an and are at by can do for from how i in is it my of on or the to "
            "what where with",
        )
    ),
    "ru": frozenset(
        re.findall(
            r"\w+", "а в во для до и или из к как на о об от по при с со у что где"
        )
    ),
    "tg": frozenset(
        re.findall(r"\w+", "аз ба бо барои бе ва дар ки то чи чӣ ё".translate(_FOLD))
    ),
}

# Endings cut from a query word before it is matched as a prefix, longest
# first; a stem keeps at least MIN_STEM letters.
ENDINGS: dict[str, tuple[str, ...]] = {
    "tg": tuple(
        ending.translate(_FOLD)
        for ending in (
            "ҳоеро",
            "ҳоро",
            "ҳои",
            "ҳо",
            "ҳое",
            "оне",
            "они",
            "ҳоям",
            "ро",
            "ии",
            "и",
        )
    ),
    "ru": (
        "иями",
        "ями",
        "ами",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ией",
        "ости",
        "ость",
        "ой",
        "ей",
        "ий",
        "ый",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ие",
        "ую",
        "юю",
        "ом",
        "ем",
        "ах",
        "ях",
        "ов",
        "ев",
        "ам",
        "ям",
        "ию",
        "ия",
        "ии",
        "а",
        "я",
        "о",
        "е",
        "ы",
        "и",
        "у",
        "ю",
        "ь",
    ),
    "en": ("ies", "es", "s"),
}
MIN_STEM = 4
# More words than this are dropped: each costs the database a lexeme.
MAX_WORDS = 8

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case, with the Tajik letters folded to Russian-keyboard ones
    (and ё to е, which Russian keyboards users type as well)."""
    return text.lower().translate(_FOLD).replace("ё", "е")


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return _WORD.findall(fold(text))


def stem(word: str, *, language_code: str) -> str:
    """``word`` (folded) without its ending, to be matched as a prefix."""
    for ending in ENDINGS.get(language_code, ()):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class QueryTerms:
    """A query as searched: its folded words and their stems."""

    words: tuple[str, ...]
    stems: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.words)


def query_terms(text: str, *, language_code: str) -> QueryTerms:
    """The words of a query that narrow it (stop words dropped, unless the
    query is nothing else), and their stems."""
    found = words(text)
    stop = STOP_WORDS.get(language_code, frozenset())
    kept = [word for word in found if word not in stop] or found
    kept = list(dict.fromkeys(kept))[:MAX_WORDS]
    return QueryTerms(
        words=tuple(kept),
        stems=tuple(stem(word, language_code=language_code) for word in kept),
    )


def tsquery(terms: QueryTerms, *, stemmed_by_database: bool) -> str:
    """A PostgreSQL ``to_tsquery`` text: every word, each as a prefix.
    Words are ``\\w+`` only, so nothing in them is tsquery syntax."""
    parts = terms.words if stemmed_by_database else terms.stems
    return " & ".join(f"{part}:*" for part in parts)


def highlight(text: str, terms: QueryTerms, *, limit: int = 240) -> SafeString:
    """``text`` escaped, cut to about ``limit`` characters around the first
    word that matches, with matching words in ``<mark>``."""
    if not text:
        return mark_safe("")
    spans = [
        match.span()
        for match in _WORD.finditer(text)
        if any(fold(match.group()).startswith(part) for part in terms.stems)
    ]
    start = 0
    if spans and spans[0][0] > limit // 3 and len(text) > limit:
        start = text.rfind(" ", 0, spans[0][0] - limit // 4) + 1
    end = min(len(text), start + limit)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    pieces = ["…" if start else ""]
    position = start
    for left, right in spans:
        if left < start or right > end:
            continue
        pieces += [escape(text[position:left]), "<mark>", escape(text[left:right])]
        pieces.append("</mark>")
        position = right
    pieces += [escape(text[position:end]), "…" if end < len(text) else ""]
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped)


def trigrams(word: str) -> set[str]:
    """The trigrams of a word as pg_trgm counts them (padded with two
    spaces before and one after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(left: str, right: str) -> float:
    """pg_trgm's ``similarity`` of two words: shared trigrams over all."""
    a, b = trigrams(left), trigrams(right)
    return len(a & b) / len(a | b) if a and b else 0.0


# Below this a word is not offered as the one meant.
SUGGESTION_THRESHOLD = 0.3


def corrected(terms: QueryTerms, vocabulary: dict[str, str]) -> str | None:
    """The query with each word that begins no word of ``vocabulary`` (the
    words of likely pages, folded, each with its spelling on the page)
    replaced by the most similar one there, or None when no word changes."""
    changed = False
    result = []
    for word in terms.words:
        if any(known.startswith(word) for known in vocabulary):
            result.append(word)
            continue
        best = max(
            vocabulary, key=lambda known: (similarity(word, known), known), default=""
        )
        if best and similarity(word, best) >= SUGGESTION_THRESHOLD:
            result.append(vocabulary[best])
            changed = True
        else:
            result.append(word)
    return " ".join(result) if changed else None


def vocabulary_of(texts: list[str]) -> dict[str, str]:
    """The words of ``texts``, folded, each with its spelling (lower case)."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _WORD.finditer(text):
            spelling = match.group().lower()
            if len(spelling) > 2:
                found.setdefault(fold(spelling), spelling)
    return found

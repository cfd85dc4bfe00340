"""Alphabetical order for Tajik and Russian text.

Python compares strings by code point, which puts the Tajik letters
ғ ӣ қ ӯ ҳ ҷ (and Russian ё) after я. Lists that citizens scan by name are
sorted with these keys instead.
"""

ALPHABETS = {
    "tg": "абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}
_ORDERS = {
    code: {letter: i for i, letter in enumerate(abc)} for code, abc in ALPHABETS.items()
}


def collation_key(text: str, language_code: str) -> tuple[tuple[int, int], ...]:
    """A sort key placing letters in the language's alphabetical order;
    characters outside the alphabet sort after it, by code point."""
    order = _ORDERS.get(language_code, {})
    return tuple(
        (0, order[char]) if char in order else (1, ord(char))
        for char in text.casefold()
    )

"""How queries are read: folding of Tajik letters, stems matched as word
beginnings, highlighting, spelling suggestions (no database)."""

from cms.search.text import (
    corrected,
    fold,
    highlight,
    query_terms,
    similarity,
    stem,
    tsquery,
    vocabulary_of,
)


def test_tajik_letters_fold_to_what_a_russian_keyboard_types():
    assert fold("Шаҳрвандон ҶУМҲУРӢ қарз ғалла тӯй ӣ") == (
        "шахрвандон чумхури карз галла туй и"
    )
    assert fold("стёкла") == "стекла"


def test_query_words_lose_their_endings_and_stop_words():
    terms = query_terms("Маълумотномаҳо барои шиносномаи", language_code="tg")
    assert terms.words == ("маълумотномахо", "шиносномаи")
    assert terms.stems == ("маълумотнома", "шиноснома")
    assert query_terms("справку о судимости", language_code="ru").stems == (
        "справк",
        "судим",
    )
    # Short words keep their ending; a query of stop words only is kept.
    assert stem("доги", language_code="tg") == "доги"
    assert query_terms("of", language_code="en").words == ("of",)


def test_tsquery_matches_every_word_as_a_prefix_and_only_words():
    terms = query_terms("certificates & (drop) | !x:*", language_code="en")
    assert tsquery(terms, stemmed_by_database=False) == ("certificat:* & drop:* & x:*")
    ru = query_terms("справки", language_code="ru")
    assert tsquery(ru, stemmed_by_database=True) == "справки:*"


def test_highlight_escapes_the_text_and_marks_the_matching_words():
    terms = query_terms("паспорт", language_code="ru")
    assert str(highlight("<b>Выдача</b> паспортов & виз", terms)) == (
        "&lt;b&gt;Выдача&lt;/b&gt; <mark>паспортов</mark> &amp; виз"
    )
    long_text = "слово " * 100 + "паспорт " + "слово " * 100
    snippet = str(highlight(long_text, terms, limit=120))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>паспорт</mark>" in snippet and len(snippet) < 160


def test_a_misspelt_word_is_replaced_by_the_most_similar_known_one():
    vocabulary = vocabulary_of(["Бақайдгирии маросими тӯй", "Справка о судимости"])
    assert corrected(query_terms("маросими туи", language_code="tg"), vocabulary) == (
        "маросими тӯй"
    )
    assert corrected(query_terms("спровка", language_code="ru"), vocabulary) == (
        "справка"
    )
    # Nothing similar enough, or nothing misspelt: no suggestion.
    assert corrected(query_terms("трактор", language_code="ru"), vocabulary) is None
    assert corrected(query_terms("справ", language_code="ru"), vocabulary) is None
    assert similarity("туй", "туй") == 1.0

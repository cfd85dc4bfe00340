from cms.collation import collation_key


def test_tajik_letters_sort_in_alphabet_order():
    words = ["ҷамъият", "ҳукумат", "қонун", "ғалла", "яхдон", "гул", "кор", "хона"]
    ordered = sorted(words, key=lambda word: collation_key(word, "tg"))
    assert ordered == [
        "гул",
        "ғалла",
        "кор",
        "қонун",
        "хона",
        "ҳукумат",
        "ҷамъият",
        "яхдон",
    ]


def test_russian_yo_sorts_after_ye():
    words = ["ёлка", "жук", "ель"]
    assert sorted(words, key=lambda word: collation_key(word, "ru")) == [
        "ель",
        "ёлка",
        "жук",
    ]


def test_case_does_not_matter():
    assert collation_key("Вазорат", "tg") == collation_key("вазорат", "tg")

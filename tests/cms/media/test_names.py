"""Stored file names: safe, and still readable in Tajik and Russian."""

import unicodedata

import pytest

from cms.media.names import normalise_file_name


@pytest.mark.parametrize(
    ("uploaded", "stored"),
    [
        ("Қарори Ҳукумат №5.pdf", "Қарори_Ҳукумат_5.pdf"),
        ("ғӣқӯҳҷ ҒӢҚӮҲҶ.docx", "ғӣқӯҳҷ_ҒӢҚӮҲҶ.docx"),
        ("Постановление (проект).DOCX", "Постановление_проект.docx"),
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\system32\\evil.pdf", "evil.pdf"),
        ("C:\\Users\\admin\\Desktop\\Фото.jpg", "Фото.jpg"),
        ("shell.php.jpg", "shell_php.jpg"),
        (".htaccess.pdf", "htaccess.pdf"),
        ("report\u202efdp.exe", "reportfdp.exe"),
        ("a\x00b\x07c\u200bd.png", "abcd.png"),
        ("<script>alert(1)</script>.txt", "script.txt"),  # "/" ends a path part
        ("   .pdf", "document.pdf"),
        ("no-extension", "no-extension"),
        ("photo.ПДФ", "photo_ПДФ"),
    ],
)
def test_normalise(uploaded: str, stored: str):
    assert normalise_file_name(uploaded, max_stem_length=60, fallback="document") == (
        stored
    )


def test_decomposed_letters_are_composed():
    decomposed = unicodedata.normalize("NFD", "Тоҷикистони ӣ й.pdf")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    assert normalise_file_name(decomposed, max_stem_length=60, fallback="x") == (
        "Тоҷикистони_ӣ_й.pdf"
    )


def test_long_names_are_cut_keeping_the_extension():
    name = normalise_file_name("Ҳ" * 300 + ".pdf", max_stem_length=100, fallback="x")
    assert name == "Ҳ" * 100 + ".pdf"

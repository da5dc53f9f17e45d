"""detect_language."""

from indexer.extract import detect_language


def test_detects_english_and_german():
    assert (
        detect_language("The council decided last night to build a new bridge over the river.")
        == "en"
    )
    assert (
        detect_language("Der Gemeinderat hat gestern beschlossen, eine neue Brücke zu bauen.")
        == "de"
    )


def test_short_text_is_none():
    assert detect_language("ok") is None
    assert detect_language("") is None


def test_long_text_is_bounded():
    assert detect_language("Ceci est un texte en français sur la ville. " * 5000) == "fr"

"""Tagging recall and precision patterns (issue 10, item 4), on short texts written for the purpose."""

from __future__ import annotations

import pytest

from indexer.tagging import Tags, load_vocabulary, tag_article


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


def tag(vocabulary, body: str, lang: str | None = None, title: str = "") -> Tags:
    return tag_article(title, body, lang, vocabulary)


# --- German genitives and ambiguous aliases -----------------------------------


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("Der Oberste Gerichtshof Kanadas hat am Montag entschieden.", "Canada"),
        ("Das Nichtraucherschutzgesetz Baden-Württembergs gilt seit Jahren.", "Baden-Württemberg"),
        ("Man hofft auf die Hilfe Großbritanniens, hieß es.", "United Kingdom"),
    ],
)
def test_german_genitive_of_a_known_place(vocabulary, body, place):
    assert place in tag(vocabulary, body, "de").places


def test_german_genitive_is_the_same_name_to_the_vocabulary(vocabulary):
    assert vocabulary.lookup(("Kanadas",), "de").display == "Canada"
    assert vocabulary.lookup(("Kanadas",), "en") is None


def test_common_german_nouns_are_no_organisations(vocabulary):
    body = (
        "Das Bild zeigt einen Hafen. Das russische Verteidigungsministerium schwieg."
        " Sein alter Mercedes fährt noch."
    )
    orgs = tag(vocabulary, body, "de").orgs
    assert not {"Bild", "Bundesministerium der Verteidigung", "Mercedes-Benz"} & set(orgs)
